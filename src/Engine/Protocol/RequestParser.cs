using System.Buffers;

namespace Spamd.Engine.Protocol;

/// <summary>
/// Frames the head of a request (request line, then header lines) over the bytes received so far, in the
/// style of Kestrel's HttpParser: each call reports how far it <c>consumed</c> (what the pipe may release)
/// and <c>examined</c> (what it looked at without finding what it needs). Lines end at LF, as Perl's
/// getline reads them; a line cut short by the end of input is still a line.
/// </summary>
public static class RequestParser
{
    /// <summary>Our own bound on one request or header line (spamd has none); longer lines are refused.</summary>
    public const int MaxLineLength = 64 * 1024;

    /// <summary>Reads the request line.</summary>
    /// <param name="isCompleted">The client sent everything it will send (EOF).</param>
    public static ParseStatus TryParseRequestLine(in ReadOnlySequence<byte> input, bool isCompleted,
        out SequencePosition consumed, out SequencePosition examined, out RequestLine request, out ProtocolError? error)
    {
        request = default;
        error = null;
        Span<byte> scratch = stackalloc byte[256];
        var status = TryReadLine(input, isCompleted, out var line, out consumed, out examined);
        if (status == LineStatus.NeedMore) return ParseStatus.NeedMoreData;
        if (status == LineStatus.TooLong) { error = ProtocolError.LineTooLong; return ParseStatus.Error; }
        if (status == LineStatus.EndOfInput) { error = ProtocolError.ClosedBeforeHeaders; return ParseStatus.Error; }

        var text = RequestLineParser.StripLineEnding(Flatten(line, scratch));
        if (RequestLineParser.TryParse(text, out request)) return ParseStatus.Done;
        error = ProtocolError.UnknownRequestLine(text);
        return ParseStatus.Error;
    }

    /// <summary>
    /// Reads as many header lines as are buffered into <paramref name="headers"/>; Done once the empty line
    /// that ends them was read.
    /// </summary>
    public static ParseStatus TryParseHeaders(in ReadOnlySequence<byte> input, bool isCompleted, RequestHeaders headers,
        out SequencePosition consumed, out SequencePosition examined, out ProtocolError? error)
    {
        error = null;
        Span<byte> scratch = stackalloc byte[256];
        var remaining = input;
        consumed = examined = input.Start;
        while (true)
        {
            var status = TryReadLine(remaining, isCompleted, out var line, out var lineEnd, out examined);
            if (status == LineStatus.NeedMore) return ParseStatus.NeedMoreData;
            if (status == LineStatus.TooLong) { error = ProtocolError.LineTooLong; return ParseStatus.Error; }
            if (status == LineStatus.EndOfInput) { error = ProtocolError.EofDuringHeaders; return ParseStatus.Error; }

            consumed = lineEnd;
            error = headers.Apply(Flatten(line, scratch));
            if (error != null) return ParseStatus.Error;
            if (headers.IsComplete) { examined = consumed; return ParseStatus.Done; }
            remaining = remaining.Slice(lineEnd);
        }
    }

    private enum LineStatus { Line, NeedMore, EndOfInput, TooLong }

    private static LineStatus TryReadLine(in ReadOnlySequence<byte> input, bool isCompleted,
        out ReadOnlySequence<byte> line, out SequencePosition lineEnd, out SequencePosition examined)
    {
        var newline = input.FirstSpan.IndexOf((byte)'\n') is var i and >= 0 && i < MaxLineLength
            ? input.GetPosition(i + 1)
            : input.PositionOf((byte)'\n') is { } lf ? input.GetPosition(1, lf) : (SequencePosition?)null;

        if (newline is { } end)
        {
            line = input.Slice(input.Start, end);
            lineEnd = examined = end;
            return line.Length > MaxLineLength ? LineStatus.TooLong : LineStatus.Line;
        }

        line = input;
        lineEnd = input.Start;
        examined = input.End;
        if (input.Length > MaxLineLength) return LineStatus.TooLong;
        if (!isCompleted) return LineStatus.NeedMore;
        if (input.IsEmpty) return LineStatus.EndOfInput;
        lineEnd = input.End; // the last line, cut short by EOF
        return LineStatus.Line;
    }

    private static ReadOnlySpan<byte> Flatten(in ReadOnlySequence<byte> line, Span<byte> scratch)
    {
        if (line.IsSingleSegment) return line.FirstSpan;
        var target = line.Length <= scratch.Length ? scratch[..(int)line.Length] : new byte[line.Length];
        line.CopyTo(target);
        return target;
    }
}
