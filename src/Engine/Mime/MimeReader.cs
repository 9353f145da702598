using System.Text;

namespace Spamd.Engine.Mime;

/// <summary>Receives the parts of a message as <see cref="MimeReader"/> finds them, parents before children.</summary>
public interface IMimePartSink
{
    void OnPart(MimePart part);
}

/// <summary>
/// A forward-only MIME walker over the message bytes that finds parts exactly where SpamAssassin 4.0.1's
/// Message.pm finds them (line-based boundary search, tolerant of missing headers and closing boundaries, a
/// nesting budget of 20 levels, at most 1000 parts per multipart). It builds no tree: each part is handed to
/// the sink as a window on the bytes, and only message/rfc822 parts are decoded to be walked in turn.
/// </summary>
public sealed class MimeReader
{
    private readonly MimeLimits limits;
    private readonly IMimePartSink sink;
    private int partCount;

    public MimeReader(IMimePartSink sink, MimeLimits? limits = null)
    {
        this.sink = sink;
        this.limits = limits ?? MimeLimits.Default;
    }

    /// <summary>Limits hit and irregularities met so far.</summary>
    public MimeLimitFlags Flags { get; private set; }

    /// <summary>Walks a whole message; the first part handed to the sink is the message itself.</summary>
    public void Read(ReadOnlyMemory<byte> message) => ReadMessage(message, parentIndex: -1, depth: 0, budget: limits.MaxDepth);

    private void ReadMessage(ReadOnlyMemory<byte> data, int parentIndex, int depth, int budget)
    {
        var span = data.Span;
        int start = 0;
        if (span.IsEmpty) { data = "\n"u8.ToArray(); span = data.Span; }
        int firstEnd = LineReader.LineEnd(span, 0, span.Length);
        if (IsMboxFromLine(span[..firstEnd]))
        {
            start = firstEnd;
            firstEnd = start < span.Length ? LineReader.LineEnd(span, start, span.Length) : start;
        }
        bool crlf = span[start..firstEnd].IndexOf("\r\n"u8) >= 0 || LastLine(span).IndexOf("\r\n"u8) >= 0;

        var section = HeaderReader.Read(data, start, crlf, limits);
        Flags |= section.Flags;
        int bodyStart = section.BodyStart, bodyEnd = span.Length;
        var compacted = BlankLineRuns.Compact(span[bodyStart..]);
        if (compacted != null)
        {
            // Message.pm keeps at most 20 lines of each blank run; the body then lives in its own buffer
            data = compacted;
            span = data.Span;
            bodyStart = 0;
            bodyEnd = span.Length;
        }
        var ct = ContentTypeInfo.Parse(LastValue(section.Fields, "content-type"));
        bool leadingBlank = false;
        if (ct.MediaType.StartsWith("multipart/", StringComparison.Ordinal) && bodyStart < bodyEnd)
        {
            // Message.pm puts a blank line before a multipart body that does not open with its boundary
            int lineEnd = LineReader.LineEnd(span, bodyStart, bodyEnd);
            var first = span[bodyStart..lineEnd];
            leadingBlank = !LineReader.IsWhitespaceOnly(first) &&
                           (ct.Boundary == null || !first.StartsWith(Encoding.Latin1.GetBytes("--" + ct.Boundary)));
        }
        ReadEntity(section.Fields, ct, ct.MediaType, ct.Boundary, data, bodyStart, bodyEnd, parentIndex, depth, budget, crlf,
            splitLongLines: false, leadingBlank);
    }

    private void ReadEntity(List<HeaderField> headers, ContentTypeInfo ct, string type, string? boundary, ReadOnlyMemory<byte> data,
        int bodyStart, int bodyEnd, int parentIndex, int depth, int budget, bool crlf, bool splitLongLines, bool leadingBlank)
    {
        if (partCount >= limits.MaxParts)
        {
            Flags |= MimeLimitFlags.PartLimitExceeded;
            return;
        }
        bool isMultipart = type.StartsWith("multipart/", StringComparison.Ordinal);
        if (isMultipart && boundary != null && budget > 0)
        {
            var container = new MimePart(partCount++, parentIndex, depth, headers, ct, type, data, bodyStart, bodyEnd, splitLongLines, crlf, limits)
                { IsLeaf = false };
            sink.OnPart(container);
            ReadMultipart(container, boundary, data, bodyStart, bodyEnd, depth, budget - 1, crlf, leadingBlank);
            return;
        }

        if (!ct.WasMissing) type = !isMultipart || boundary != null ? ct.MediaType : "text/plain";
        if (isMultipart && boundary != null) Flags |= MimeLimitFlags.DepthExceeded;
        var part = new MimePart(partCount++, parentIndex, depth, headers, ct, type, data, bodyStart, bodyEnd, splitLongLines, crlf, limits);
        sink.OnPart(part);
        if (type is "message/rfc822" or "message/global")
        {
            if (budget <= 0)
            {
                Flags |= MimeLimitFlags.DepthExceeded;
                return;
            }
            var inner = part.DecodedBody;
            if (part.DecodedTruncated) Flags |= MimeLimitFlags.DecodedPartTruncated;
            if (inner.IsEmpty) return;
            part.IsLeaf = false;
            ReadMessage(inner, part.Index, depth + 1, budget - 1);
        }
    }

    private void ReadMultipart(MimePart container, string boundaryText, ReadOnlyMemory<byte> data, int start, int end, int depth,
        int budget, bool crlf, bool leadingBlank)
    {
        var span = data.Span;
        var boundary = Encoding.Latin1.GetBytes(boundaryText);
        int pos = start;
        bool opened = false;
        for (int p = start; p < end;)
        {
            int e = LineReader.LineEnd(span, p, end);
            if (MatchBoundary(span[p..e], boundary, out bool close) && !close)
            {
                pos = e;
                opened = true;
                if (e < end && !StartsWithHeaderName(span[e..LineReader.LineEnd(span, e, end)])) Flags |= MimeLimitFlags.MissingMimeHeaders;
                break;
            }
            p = e;
        }

        bool inBody = !opened && leadingBlank;
        var headers = new List<HeaderField>();
        int pendingStart = -1, pendingEnd = -1;
        int partBodyStart = -1, lastLineStart = -1;
        bool nested = false, closed = false;
        int count = 0;
        while (pos < end)
        {
            int lineEnd = LineReader.LineEnd(span, pos, end);
            var line = span[pos..lineEnd];
            bool isBoundary = line.Length >= 2 && line[0] == '-' && line[1] == '-' && MatchBoundary(line, boundary, out closed);
            if (!isBoundary) closed = false;
            if (isBoundary && nested)
            {
                isBoundary = false;
                if (closed) nested = false;
                closed = false;
            }
            bool isLast = lineEnd >= end;
            if (isLast || isBoundary)
            {
                int partBodyEnd;
                if (!isBoundary)
                {
                    if (partBodyStart < 0) partBodyStart = pos;
                    partBodyEnd = lineEnd;
                }
                else if (partBodyStart >= 0) partBodyEnd = ChompLastLine(span, lastLineStart, pos, crlf);
                else partBodyStart = partBodyEnd = pos;

                EmitChild(container, headers, data, partBodyStart, partBodyEnd, depth + 1, budget, crlf);
                if (closed)
                {
                    if (HasEpilogue(span[lineEnd..end])) Flags |= MimeLimitFlags.MimeEpilogue;
                    break;
                }
                if (isBoundary && lineEnd < end && !StartsWithHeaderName(span[lineEnd..LineReader.LineEnd(span, lineEnd, end)]))
                    Flags |= MimeLimitFlags.MissingMimeHeaders;
                if (++count >= limits.MaxPartsPerMultipart)
                {
                    Flags |= MimeLimitFlags.PartLimitExceeded;
                    return;
                }
                headers = new List<HeaderField>();
                pendingStart = -1;
                partBodyStart = lastLineStart = -1;
                inBody = false;
                pos = lineEnd;
                continue;
            }
            if (!inBody)
            {
                if (LineReader.IsHeaderLine(line))
                {
                    AddPartHeader(headers, data, pendingStart, pendingEnd, crlf);
                    pendingStart = pos;
                    pendingEnd = lineEnd;
                    pos = lineEnd;
                    continue;
                }
                if (pendingStart >= 0 && line[0] is (byte)' ' or (byte)'\t')
                {
                    pendingEnd = lineEnd;
                    pos = lineEnd;
                    continue;
                }
                var flushed = AddPartHeader(headers, data, pendingStart, pendingEnd, crlf);
                pendingStart = -1;
                if (flushed != null && flushed.Name.Equals("content-type", StringComparison.OrdinalIgnoreCase) &&
                    ContentTypeInfo.Parse(LastValue(headers, "content-type")).Boundary == boundaryText)
                    nested = true;
                inBody = true;
                if (LineReader.IsBlank(line))
                {
                    pos = lineEnd;
                    continue;
                }
                Flags |= MimeLimitFlags.MissingMimeHeadBodySeparator;
            }
            if (partBodyStart < 0) partBodyStart = pos;
            lastLineStart = pos;
            pos = lineEnd;
        }
        if (!closed) Flags |= MimeLimitFlags.UnclosedBoundary;
    }

    /// <summary>Text after a multipart's closing boundary that is more than whitespace and dots (Message.pm's epilogue test).</summary>
    private static bool HasEpilogue(ReadOnlySpan<byte> rest)
    {
        foreach (byte b in rest)
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\f' or (byte)'\v' or (byte)'.')) return true;
        return false;
    }

    /// <summary>Message.pm's test that the line after a boundary opens a header: printable name chars, then a colon.</summary>
    private static bool StartsWithHeaderName(ReadOnlySpan<byte> line)
    {
        int i = 0;
        while (i < line.Length && line[i] is >= 0x21 and <= 0x7e && line[i] != (byte)':') i++;
        return i > 0 && i < line.Length && line[i] == (byte)':';
    }

    private void EmitChild(MimePart container, List<HeaderField> headers, ReadOnlyMemory<byte> data, int bodyStart, int bodyEnd,
        int depth, int budget, bool crlf)
    {
        var ct = ContentTypeInfo.Parse(LastValue(headers, "content-type"));
        var type = ct.MediaType;
        if (ct.WasMissing && container.ContentType == "multipart/digest") type = "message/rfc822";
        ReadEntity(headers, ct, type, ct.Boundary ?? container.Boundary, data, bodyStart, bodyEnd, container.Index, depth, budget, crlf,
            splitLongLines: true, leadingBlank: false);
    }

    // The line before a boundary loses its line end; if nothing is left, the whole line goes.
    private static int ChompLastLine(ReadOnlySpan<byte> span, int lastLineStart, int lineEnd, bool crlf)
    {
        int end = lineEnd;
        if (end > lastLineStart && span[end - 1] == '\n')
        {
            end--;
            if (crlf && end > lastLineStart && span[end - 1] == '\r') end--;
        }
        return end == lastLineStart ? lastLineStart : end;
    }

    // A part header: name up to the first ':', value after ':' and any whitespace (Message.pm's split /:\s*/).
    private HeaderField? AddPartHeader(List<HeaderField> headers, ReadOnlyMemory<byte> data, int start, int end, bool crlf)
    {
        if (start < 0) return null;
        var text = data.Span[start..end];
        int colon = text.IndexOf((byte)':');
        if (colon < 0) return null;
        if (headers.Count >= limits.MaxHeaderCount)
        {
            Flags |= MimeLimitFlags.HeaderCountExceeded;
            return null;
        }
        int v = colon + 1;
        while (v < text.Length && text[v] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\f' or (byte)'\v') v++;
        var value = data.Slice(start + v, end - start - v);
        if (HeaderField.RawLength(value.Span, crlf) > limits.MaxHeaderValueLength) Flags |= MimeLimitFlags.HeaderTruncated;
        var field = new HeaderField(HeaderReader.Name(text[..Math.Min(colon, limits.MaxHeaderNameLength)]), value, crlf, limits.MaxHeaderValueLength);
        headers.Add(field);
        return field;
    }

    /// <summary><c>^--BOUNDARY(--)?\s*$</c> on one line.</summary>
    internal static bool MatchBoundary(ReadOnlySpan<byte> line, ReadOnlySpan<byte> boundary, out bool close)
    {
        close = false;
        if (line.Length < boundary.Length + 2 || line[0] != '-' || line[1] != '-' || !line[2..].StartsWith(boundary)) return false;
        var rest = line[(boundary.Length + 2)..];
        if (rest.Length >= 2 && rest[0] == '-' && rest[1] == '-' && LineReader.IsWhitespaceOnly(rest[2..]))
        {
            close = true;
            return true;
        }
        return LineReader.IsWhitespaceOnly(rest);
    }

    private static bool IsMboxFromLine(ReadOnlySpan<byte> line)
    {
        // /^From\s+(?!:)/
        if (!line.StartsWith("From"u8)) return false;
        int i = 4;
        while (i < line.Length && line[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)'\f' or (byte)'\v') i++;
        return i > 4 && (i == line.Length || line[i] != ':');
    }

    private static ReadOnlySpan<byte> LastLine(ReadOnlySpan<byte> span)
    {
        if (span.IsEmpty) return span;
        int nl = span[..^1].LastIndexOf((byte)'\n');
        return span[(nl + 1)..];
    }

    internal static string? LastValue(List<HeaderField> fields, string name)
    {
        for (int i = fields.Count - 1; i >= 0; i--)
            if (fields[i].Name.Equals(name, StringComparison.OrdinalIgnoreCase)) return fields[i].Value;
        return null;
    }
}
