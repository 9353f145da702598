using System.Buffers.Text;

namespace Spamd.LoadDriver;

/// <summary>What the reply parser concluded from the bytes received so far.</summary>
public enum ReplyState
{
    /// <summary>The reply is not complete yet; keep reading.</summary>
    NeedMore,
    /// <summary>A well-formed, successful reply.</summary>
    Complete,
    /// <summary>The reply is an error or malformed; <see cref="SpamdReply.Error"/> says which.</summary>
    Failed,
}

/// <summary>
/// The parts of a spamd reply the driver looks at. Parsing follows what spamc accepts (reference §1.12):
/// LF or CRLF line ends, <c>SPAMD/&lt;version&gt; &lt;code&gt; &lt;text&gt;</c>, case-sensitive header names, a blank
/// line before the body; CHECK needs a <c>Spam:</c> header, body-bearing methods a <c>Content-length</c>.
/// </summary>
public readonly record struct SpamdReply(string? Error, bool IsSpam, double Score)
{
    public static readonly SpamdReply NotYet = default;

    /// <summary>
    /// Judges the bytes received so far. <paramref name="endOfStream"/> says the server has closed its side, so
    /// whatever is missing now is missing for good.
    /// </summary>
    public static ReplyState Evaluate(ReadOnlySpan<byte> received, bool endOfStream, ScanMethod method, out SpamdReply reply)
    {
        reply = NotYet;
        int statusEnd = received.IndexOf((byte)'\n');
        if (statusEnd < 0)
            return endOfStream ? Fail(received.IsEmpty ? ErrorKinds.ClosedEarly : ErrorKinds.BadStatus, out reply) : ReplyState.NeedMore;

        if (!TryParseStatus(TrimCr(received[..statusEnd]), out int code))
            return Fail(ErrorKinds.BadStatus, out reply);
        // spamd sends error statuses and closes; anything but 0 is a failed scan however it continues.
        if (code != 0) return Fail(ErrorKinds.ServerCode(code), out reply);
        if (method == ScanMethod.Ping)
        {
            reply = new SpamdReply(null, false, 0);
            return ReplyState.Complete;
        }

        bool sawSpam = false, isSpam = false;
        double score = 0;
        int contentLength = -1;
        int position = statusEnd + 1;
        while (true)
        {
            int lineEnd = received[position..].IndexOf((byte)'\n');
            if (lineEnd < 0)
                return endOfStream ? Fail(ErrorKinds.ClosedEarly, out reply) : ReplyState.NeedMore;
            var line = TrimCr(received.Slice(position, lineEnd));
            position += lineEnd + 1;
            if (line.IsEmpty) break;

            if (line.StartsWith("Spam: "u8))
            {
                if (!TryParseSpamHeader(line["Spam: ".Length..], out isSpam, out score))
                    return Fail(ErrorKinds.BadHeader, out reply);
                sawSpam = true;
            }
            else if (line.StartsWith("Content-length: "u8))
            {
                if (!Utf8Parser.TryParse(line["Content-length: ".Length..], out contentLength, out int used) ||
                    used != line.Length - "Content-length: ".Length || contentLength < 0)
                    return Fail(ErrorKinds.BadHeader, out reply);
            }
        }

        if (!sawSpam) return Fail(ErrorKinds.NoSpamHeader, out reply);
        if (method.RepliesWithBody())
        {
            if (contentLength < 0) return Fail(ErrorKinds.NoContentLength, out reply);
            int bodyReceived = received.Length - position;
            if (bodyReceived < contentLength)
                return endOfStream ? Fail(ErrorKinds.ClosedEarly, out reply) : ReplyState.NeedMore;
        }
        reply = new SpamdReply(null, isSpam, score);
        return ReplyState.Complete;
    }

    private static ReplyState Fail(string error, out SpamdReply reply)
    {
        reply = new SpamdReply(error, false, 0);
        return ReplyState.Failed;
    }

    private static ReadOnlySpan<byte> TrimCr(ReadOnlySpan<byte> line) =>
        line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;

    /// <summary><c>SPAMD/1.1 0 EX_OK</c>: version at least 1.0, then a numeric code.</summary>
    private static bool TryParseStatus(ReadOnlySpan<byte> line, out int code)
    {
        code = -1;
        if (!line.StartsWith("SPAMD/"u8)) return false;
        var rest = line["SPAMD/".Length..];
        int space = rest.IndexOf((byte)' ');
        if (space <= 0) return false;
        if (!Utf8Parser.TryParse(rest[..space], out double version, out int used) || used != space || version < 1.0)
            return false;
        rest = rest[(space + 1)..];
        return Utf8Parser.TryParse(rest, out code, out used) && (used == rest.Length || rest[used] == (byte)' ');
    }

    /// <summary><c>True ; 1000.0 / 5.0</c>. REPORT_IFSPAM says Yes/No instead of True/False.</summary>
    private static bool TryParseSpamHeader(ReadOnlySpan<byte> value, out bool isSpam, out double score)
    {
        isSpam = false;
        score = 0;
        int separator = value.IndexOf(" ; "u8);
        if (separator < 0) return false;
        var word = value[..separator];
        if (word.SequenceEqual("True"u8) || word.SequenceEqual("Yes"u8)) isSpam = true;
        else if (!word.SequenceEqual("False"u8) && !word.SequenceEqual("No"u8)) return false;
        var numbers = value[(separator + 3)..];
        int slash = numbers.IndexOf(" / "u8);
        return slash > 0 && Utf8Parser.TryParse(numbers[..slash], out score, out int used) && used == slash;
    }
}
