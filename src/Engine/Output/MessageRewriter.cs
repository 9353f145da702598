using System.Buffers;
using Spamd.Engine.Scanning;

namespace Spamd.Engine.Output;

/// <summary>What PROCESS and HEADERS send back.</summary>
public enum RewriteMode
{
    /// <summary>PROCESS: the whole rewritten message.</summary>
    Full,
    /// <summary>HEADERS: the rewritten message up to and including the first empty line.</summary>
    HeadersOnly,
}

/// <summary>
/// Produces the message spamd returns for PROCESS/HEADERS: X-Spam-* headers added (old ones stripped),
/// rewrite_header applied, report_safe 0/1/2 layouts, the message's own line endings kept.
/// </summary>
public static class MessageRewriter
{
    /// <summary>Writes the rewritten <paramref name="message"/> to <paramref name="output"/>.</summary>
    /// <param name="now">The time stamped into the report_safe Received header.</param>
    public static void Rewrite(ReadOnlySpan<byte> message, ScanResult result, RewriteMode mode,
        DateTimeOffset now, IBufferWriter<byte> output)
    {
        // Placeholder until the output module lands: the message unchanged.
        output.Write(message);
    }
}
