using System.Text;

namespace Spamd.LoadDriver;

/// <summary>One request, fully encoded ahead of time so the hot loop only sends bytes.</summary>
/// <param name="Wire">Request line, headers, blank line and message, as spamc would send them.</param>
/// <param name="MessageLength">Bytes of the message itself (what MB/s counts).</param>
/// <param name="ExpectSpam">The corpus label; null when the message is unlabelled.</param>
/// <param name="Scans">False for PING, whose reply carries no verdict.</param>
public sealed record SpamcRequest(byte[] Wire, int MessageLength, bool? ExpectSpam, bool Scans = true)
{
    /// <summary>
    /// Encodes a request the way spamc 4.0.1 does: request line, <c>User</c>, <c>Content-length</c>, an empty
    /// line, then the message bytes unchanged. Header names keep spamd's exact (case-sensitive) spelling.
    /// </summary>
    public static SpamcRequest Build(ScanMethod method, string? user, ReadOnlySpan<byte> message, bool? expectSpam)
    {
        var head = new StringBuilder();
        head.Append(method.WireName()).Append(" SPAMC/1.5\r\n");
        if (method == ScanMethod.Ping)
        {
            head.Append("\r\n");
            return new SpamcRequest(Encoding.Latin1.GetBytes(head.ToString()), 0, null, Scans: false);
        }
        if (!string.IsNullOrEmpty(user)) head.Append("User: ").Append(user).Append("\r\n");
        head.Append("Content-length: ").Append(message.Length).Append("\r\n\r\n");

        var headBytes = Encoding.Latin1.GetBytes(head.ToString());
        var wire = new byte[headBytes.Length + message.Length];
        headBytes.CopyTo(wire, 0);
        message.CopyTo(wire.AsSpan(headBytes.Length));
        return new SpamcRequest(wire, message.Length, expectSpam);
    }
}
