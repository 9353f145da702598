using System.Buffers;

namespace Spamd.Engine.Mime;

/// <summary>
/// One node of the MIME tree as SpamAssassin sees it: its headers, its type facts and a window on its body
/// bytes (no copy until something asks for the decoded body, which is then kept). Parts come in the order
/// SpamAssassin's <c>find_parts</c> walks them (depth first).
/// </summary>
public sealed class MimePart
{
    private readonly ReadOnlyMemory<byte> source;
    private readonly int bodyStart, bodyEnd;
    private readonly bool splitLongLines, crlf;
    private readonly MimeLimits limits;
    private ReadOnlyMemory<byte>? decoded;
    private bool decodedTruncated;

    internal MimePart(int index, int parentIndex, int depth, List<HeaderField> headers, ContentTypeInfo contentType,
        string mediaType, ReadOnlyMemory<byte> source, int bodyStart, int bodyEnd, bool splitLongLines, bool crlf, MimeLimits limits)
    {
        Index = index;
        ParentIndex = parentIndex;
        Depth = depth;
        Headers = headers;
        ContentType = mediaType;
        Charset = contentType.Charset;
        Boundary = contentType.Boundary;
        this.source = source;
        this.bodyStart = bodyStart;
        this.bodyEnd = Math.Max(bodyStart, bodyEnd);
        this.splitLongLines = splitLongLines;
        this.crlf = crlf;
        this.limits = limits;

        var disposition = GetHeader("content-disposition") ?? "";
        var dispositionName = DispositionName(disposition);
        Name = dispositionName ?? (string.IsNullOrEmpty(contentType.Name) ? null : contentType.Name);
        FileName = MimeParameters.Get(disposition, "filename") ?? MimeParameters.Get(GetHeader("content-type"), "name");
        TransferEncoding = (GetHeader("content-transfer-encoding") ?? "").ToLowerInvariant();
        EffectiveType = Name != null && HasHtmlExtension(Name) ? "text/html" : ContentType;
    }

    /// <summary>Position in the depth-first list of parts (0 = the message itself).</summary>
    public int Index { get; }

    /// <summary>Index of the enclosing part, -1 for the message.</summary>
    public int ParentIndex { get; }

    /// <summary>Nesting level (0 = the message).</summary>
    public int Depth { get; }

    /// <summary>The part's own header fields in order.</summary>
    public IReadOnlyList<HeaderField> Headers { get; }

    /// <summary>SpamAssassin's type for the part: lower case, other text/* folded into text/plain.</summary>
    public string ContentType { get; }

    /// <summary>The type after SpamAssassin's file-name check (a part named *.htm(l) counts as text/html).</summary>
    public string EffectiveType { get; }

    /// <summary>The declared charset, as SpamAssassin's regex picks it, or null.</summary>
    public string? Charset { get; }

    /// <summary>The boundary of a multipart, or null.</summary>
    public string? Boundary { get; }

    /// <summary>SpamAssassin's part name (Content-Disposition name/filename, else Content-Type name).</summary>
    public string? Name { get; }

    /// <summary>The file name read by the MIME standards (RFC 2231 aware), or null.</summary>
    public string? FileName { get; }

    /// <summary>Lower-cased Content-Transfer-Encoding, or "".</summary>
    public string TransferEncoding { get; }

    /// <summary>True when the part has no children (a leaf in SpamAssassin's tree).</summary>
    public bool IsLeaf { get; internal set; } = true;

    /// <summary>Bytes of the body as it stands in the message.</summary>
    public int RawSize => bodyEnd - bodyStart;

    /// <summary>True when the decoded body was cut at <see cref="MimeLimits.MaxDecodedPartBytes"/>.</summary>
    public bool DecodedTruncated { get { _ = DecodedBody; return decodedTruncated; } }

    internal bool DecodedSizeKnownTruncated => decoded.HasValue && decodedTruncated;

    /// <summary>Size of the decoded body in bytes.</summary>
    public int DecodedSize => DecodedBody.Length;

    /// <summary>The body as it stands (undecoded), the window SpamAssassin's parser kept.</summary>
    public ReadOnlySpan<byte> RawBody => source.Span[bodyStart..bodyEnd];

    /// <summary>Last decoded value of a header of this part, or null.</summary>
    public string? GetHeader(string name)
    {
        for (int i = Headers.Count - 1; i >= 0; i--)
            if (Headers[i].Name.Equals(name, StringComparison.OrdinalIgnoreCase)) return Headers[i].Value;
        return null;
    }

    /// <summary>The body with its transfer encoding undone (SpamAssassin's <c>decode()</c>), computed once.</summary>
    public ReadOnlyMemory<byte> DecodedBody => decoded ??= Decode();

    private ReadOnlyMemory<byte> Decode()
    {
        var raw = ContentBytes();
        int max = limits.MaxDecodedPartBytes;
        bool isText = ContentType.StartsWith("text/", StringComparison.Ordinal) || ContentType.StartsWith("message/", StringComparison.Ordinal);
        if (TransferEncoding == "quoted-printable")
        {
            var w = new ArrayBufferWriter<byte>(Math.Min(raw.Length, max) + 16);
            TransferDecoder.DecodeQuotedPrintable(raw.Span, w, max, out decodedTruncated);
            return SquashCrlf(w.WrittenMemory);
        }
        if (TransferEncoding == "base64")
        {
            var w = new ArrayBufferWriter<byte>(Math.Min(raw.Length / 4 * 3 + 16, max + 16));
            TransferDecoder.DecodeBase64(raw.Span, w, max, out decodedTruncated);
            return isText ? SquashCrlf(w.WrittenMemory) : w.WrittenMemory;
        }
        if (raw.Length > max)
        {
            decodedTruncated = true;
            return raw[..max];
        }
        return raw;
    }

    // The body bytes after the line handling SpamAssassin's parser applied: CR of CRLF dropped when the
    // message uses CRLF, and lines longer than 2048 bytes cut with an added "\n" inside multiparts.
    private ReadOnlyMemory<byte> ContentBytes()
    {
        ReadOnlyMemory<byte> data = source[bodyStart..bodyEnd];
        if (crlf) data = SquashCrlf(data);
        if (!splitLongLines || !HasLongLine(data.Span)) return data;

        var span = data.Span;
        var output = new ArrayBufferWriter<byte>(span.Length + 64);
        int pos = 0;
        while (pos < span.Length)
        {
            int end = LineReader.LineEnd(span, pos, span.Length);
            var line = span[pos..end];
            while (line.Length > SplitLength)
            {
                Append(output, line[..SplitLength]);
                Append(output, "\n"u8);
                line = line[SplitLength..];
            }
            Append(output, line);
            pos = end;
        }
        return output.WrittenMemory;
    }

    private const int SplitLength = 2048;

    private static bool HasLongLine(ReadOnlySpan<byte> span)
    {
        while (span.Length > SplitLength)
        {
            int nl = span.IndexOf((byte)'\n');
            if (nl < 0 || nl + 1 > SplitLength) return true;
            span = span[(nl + 1)..];
        }
        return false;
    }

    private static void Append(ArrayBufferWriter<byte> w, ReadOnlySpan<byte> bytes) => w.Write(bytes);

    private static ReadOnlyMemory<byte> SquashCrlf(ReadOnlyMemory<byte> data)
    {
        var span = data.Span;
        if (span.IndexOf("\r\n"u8) < 0) return data;
        var result = new byte[span.Length];
        int n = 0;
        for (int i = 0; i < span.Length; i++)
        {
            if (span[i] == '\r' && i + 1 < span.Length && span[i + 1] == '\n') continue;
            result[n++] = span[i];
        }
        return result.AsMemory(0, n);
    }

    private static string? DispositionName(string disposition)
    {
        // SpamAssassin: /name=\s*"?([^";]+)"?/i on the Content-Disposition value
        int i = disposition.IndexOf("name=", StringComparison.OrdinalIgnoreCase);
        if (i < 0) return null;
        i += 5;
        while (i < disposition.Length && HeaderDecoder.IsPerlSpace(disposition[i])) i++;
        if (i < disposition.Length && disposition[i] == '"') i++;
        int start = i;
        while (i < disposition.Length && disposition[i] is not ('"' or ';')) i++;
        return i > start ? disposition[start..i] : null;
    }

    private static bool HasHtmlExtension(string name) =>
        name.EndsWith(".htm", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".html", StringComparison.OrdinalIgnoreCase) ||
        name.EndsWith(".shtm", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".shtml", StringComparison.OrdinalIgnoreCase);

    public override string ToString() => $"#{Index} {ContentType} depth={Depth} raw={RawSize}";
}
