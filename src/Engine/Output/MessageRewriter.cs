using Spamd.Engine.Mime;
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
    /// <param name="now">The time stamped into the report_safe Received header (and _DATE_).</param>
    public static void Rewrite(ReadOnlySpan<byte> message, ScanResult result, RewriteMode mode,
        DateTimeOffset now, IBufferWriter<byte> output) =>
        Rewrite(message, result, mode, now, output, static () => (uint)Random.Shared.NextInt64(0, 1L << 32));

    /// <param name="random">Source of the boundary's random part (tests pin it).</param>
    internal static void Rewrite(ReadOnlySpan<byte> message, ScanResult result, RewriteMode mode,
        DateTimeOffset now, IBufferWriter<byte> output, Func<uint> random)
    {
        if (mode == RewriteMode.HeadersOnly)
        {
            // spamd cuts the finished message after the first empty line (s/(\r?\n\r?\n).*$/$1/s).
            var whole = new ArrayBufferWriter<byte>(message.Length + 4096);
            WriteFull(message, result, now, whole, random);
            var written = whole.WrittenSpan;
            int cut = EndOfFirstEmptyLine(written);
            output.Write(cut < 0 ? written : written[..cut]);
            return;
        }
        WriteFull(message, result, now, output, random);
    }

    private static void WriteFull(ReadOnlySpan<byte> message, ScanResult result, DateTimeOffset now,
        IBufferWriter<byte> output, Func<uint> random)
    {
        var pristine = new PristineMessage(message);
        var tags = new TemplateExpander(result, now);
        if (pristine.MboxSeparator != null) Octets.Write(pristine.MboxSeparator, output);

        if (result.IsSpam && result.Settings.ReportSafe != 0)
        {
            var (head, trailer) = ReportSafeRewrite.Build(pristine, tags, now, random);
            Octets.Write(head, output);
            foreach (var line in pristine.HeaderLines) Octets.Write(line, output);
            output.Write(pristine.Body);
            Octets.Write(trailer, output);
        }
        else
        {
            Octets.Write(InPlaceRewrite.Headers(pristine, tags, result.IsSpam), output);
            output.Write(pristine.Body);
        }
    }

    /// <summary>The offset just past the leftmost <c>\r?\n\r?\n</c>, or -1.</summary>
    internal static int EndOfFirstEmptyLine(ReadOnlySpan<byte> text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            int j = i;
            if (text[j] == '\r') j++;
            if (j >= text.Length || text[j] != '\n') continue;
            j++;
            if (j < text.Length && text[j] == '\n') return j + 1;
            if (j + 1 < text.Length && text[j] == '\r' && text[j + 1] == '\n') return j + 2;
        }
        return -1;
    }
}
