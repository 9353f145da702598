using System.Text;
using Spamd.Protocol;

namespace Spamd.Engine.Protocol;

/// <summary>
/// Recognises a request line the way spamd does: three unanchored, case-sensitive patterns tried in turn,
/// <c>(PROCESS|CHECK|SYMBOLS|REPORT|HEADERS|REPORT_IFSPAM) SPAMC/(.*)</c>, then <c>(TELL) SPAMC/(.*)</c>, then
/// <c>(SKIP|PING) SPAMC/(.*)</c>. So "XXCHECK SPAMC/1.5" is a CHECK, while "check spamc/1.5" and
/// "CHECK  SPAMC/1.5" are not recognised.
/// </summary>
public static class RequestLineParser
{
    private static readonly (SpamdMethod Method, byte[] Word)[][] Patterns =
    [
        [Entry(SpamdMethod.Process), Entry(SpamdMethod.Check), Entry(SpamdMethod.Symbols),
         Entry(SpamdMethod.Report), Entry(SpamdMethod.Headers), Entry(SpamdMethod.ReportIfSpam)],
        [Entry(SpamdMethod.Tell)],
        [Entry(SpamdMethod.Skip), Entry(SpamdMethod.Ping)],
    ];

    private static ReadOnlySpan<byte> Marker => " SPAMC/"u8;

    private static (SpamdMethod, byte[]) Entry(SpamdMethod method) => (method, Encoding.ASCII.GetBytes(method.ToWireName()));

    /// <param name="line">The request line without its line ending.</param>
    public static bool TryParse(ReadOnlySpan<byte> line, out RequestLine request)
    {
        foreach (var alternatives in Patterns)
        {
            // Leftmost match first; at one position the alternatives are tried in order, as a regex does.
            for (int start = 0; start < line.Length; start++)
            {
                var rest = line[start..];
                foreach (var (method, word) in alternatives)
                {
                    if (!rest.StartsWith(word) || !rest[word.Length..].StartsWith(Marker)) continue;
                    var version = rest[(word.Length + Marker.Length)..];
                    request = new RequestLine(method, PerlNumber.Parse(version), Encoding.Latin1.GetString(version));
                    return true;
                }
            }
        }
        request = default;
        return false;
    }

    /// <summary>
    /// The line as spamd sees it after <c>s/\r?\n//</c>: the request line is read up to the first LF, so only
    /// a final "\n" or "\r\n" goes.
    /// </summary>
    public static ReadOnlySpan<byte> StripLineEnding(ReadOnlySpan<byte> line)
    {
        if (line.EndsWith("\r\n"u8)) return line[..^2];
        if (line.EndsWith("\n"u8)) return line[..^1];
        return line;
    }
}
