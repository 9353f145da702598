namespace Spamd.Engine.Mime;

/// <summary>
/// A message read from its raw bytes, with every rendering SpamAssassin 4.0.1 builds for its rules: header
/// access with modifiers, the <c>body</c>, <c>rawbody</c> and <c>full</c> texts, the URI list, the parts list and
/// the HTML facts. Parsing is deferred until something is asked, and each rendering is computed at most once.
/// Hostile input never throws: limits are flagged in <see cref="LimitFlags"/>.
/// </summary>
public sealed class MailMessage : IMailMessage, IMimePartSink
{
    private readonly MimeLimits limits;
    private readonly UriOptions uriOptions;
    private readonly List<MimePart> parts = new();
    private bool parsed;
    private MimeLimitFlags flags;
    private HeaderQuery? headerQuery;
    private List<KeyValuePair<string, string>>? headers;
    private string?[]? renderedParts;
    private object?[]? partRenderings;
    private List<string>? visibleBodyText, invisibleBodyText;
    private bool anyCharacterString;
    private List<string>? bodyText, rawBodyText, uris;
    private List<HtmlFacts>? htmlFacts;
    private string? fullText;
    private readonly Dictionary<string, string?> headerCache = new(StringComparer.Ordinal);

    private MailMessage(ReadOnlyMemory<byte> raw, MimeLimits limits, UriOptions uriOptions)
    {
        Raw = raw;
        this.limits = limits;
        this.uriOptions = uriOptions;
    }

    /// <summary>Wraps the raw bytes; nothing is copied and nothing is parsed until asked.</summary>
    public static MailMessage Parse(ReadOnlyMemory<byte> raw, MimeLimits? limits = null, UriOptions? uriOptions = null) =>
        new(raw, limits ?? MimeLimits.Default, uriOptions ?? UriOptions.Default);

    public ReadOnlyMemory<byte> Raw { get; }

    /// <summary>Every part, depth first, the message itself first.</summary>
    public IReadOnlyList<MimePart> Parts { get { EnsureParsed(); return parts; } }

    /// <summary>Leaf parts, in the order SpamAssassin renders them.</summary>
    public IEnumerable<MimePart> LeafParts => Parts.Where(p => p.IsLeaf);

    /// <summary>Limits hit and irregularities met while reading.</summary>
    public MimeLimitFlags LimitFlags
    {
        get
        {
            EnsureParsed();
            var f = flags;
            foreach (var p in parts) if (p.IsLeaf && p.DecodedSizeKnownTruncated) f |= MimeLimitFlags.DecodedPartTruncated;
            return f;
        }
    }

    /// <summary>Top-level header fields with raw and decoded values.</summary>
    public IReadOnlyList<HeaderField> HeaderFields => Parts[0].Headers;

    public IReadOnlyList<KeyValuePair<string, string>> Headers =>
        headers ??= HeaderFields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).ToList();

    public string? GetHeader(string spec)
    {
        if (headerCache.TryGetValue(spec, out var cached)) return cached;
        return headerCache[spec] = Query.Scalar(spec);
    }

    /// <summary>Every value the spec yields, as SpamAssassin's <c>get</c> in list context (header rules test each).</summary>
    public IReadOnlyList<string> GetHeaderValues(string spec) => Query.Values(spec);

    public IReadOnlyList<string> BodyText => bodyText ??= BuildBodyText();

    public IReadOnlyList<string> RawBodyText => rawBodyText ??= BodyTextBuilder.BuildRawBody(
        LeafParts.Where(IsRawBodyPart).Select(p => ScanWindow(p.DecodedBody, limits.RawBodyPartScanSize)),
        limits.RawBodyPartScanSize);

    // The cut after a scan-size limit looks at most 1024 bytes further, so nothing past that is ever needed.
    private static ReadOnlyMemory<byte> ScanWindow(ReadOnlyMemory<byte> bytes, int scanSize) =>
        scanSize > 0 && bytes.Length > scanSize + 1025 ? bytes[..(scanSize + 1025)] : bytes;

    /// <summary>The body rendering of visible text only (SpamAssassin's visible_rendered; Bayes tokenises it).</summary>
    public IReadOnlyList<string> VisibleBodyText => visibleBodyText ??= BuildBodyText(
        () => partRenderings!.Select(r => r is HtmlRendering h ? h.VisibleText : r as string).ToArray(), withSubject: true);

    /// <summary>The text HTML hides from readers (SpamAssassin's invisible_rendered), without the Subject line.</summary>
    public IReadOnlyList<string> InvisibleBodyText => invisibleBodyText ??= BuildBodyText(
        () => partRenderings!.Select(r => r is HtmlRendering h ? h.InvisibleText : r is string ? "" : null).ToArray(), withSubject: false);

    public string FullText => fullText ??= Octets.FromBytes(Raw.Span[MboxLineLength()..]);

    public IReadOnlyList<string> Uris => uris ??= BuildUris();

    /// <summary>Facts of each HTML part, in part order.</summary>
    public IReadOnlyList<HtmlFacts> HtmlParts { get { _ = RenderedParts; return htmlFacts!; } }

    /// <summary>Facts of the first HTML part (what SpamAssassin's <c>html</c> metadata holds), or null.</summary>
    public HtmlFacts? Html => HtmlParts.Count > 0 ? HtmlParts[0] : null;

    void IMimePartSink.OnPart(MimePart part) => parts.Add(part);

    private HeaderQuery Query => headerQuery ??= new HeaderQuery(HeaderFields, RawHeaderSection, uriOptions);

    private void EnsureParsed()
    {
        if (parsed) return;
        parsed = true;
        var reader = new MimeReader(this, limits);
        reader.Read(Raw);
        flags = reader.Flags;
    }

    // SpamAssassin's pristine header section: bytes as received, up to and including the blank line.
    private string RawHeaderSection()
    {
        var span = Raw.Span;
        int start = MboxLineLength();
        int lf = span[start..].IndexOf("\n\n"u8);
        int crlf = span[start..].IndexOf("\r\n\r\n"u8);
        int stop = lf < 0 ? span.Length : start + lf + 2;
        if (crlf >= 0 && start + crlf + 4 < stop) stop = start + crlf + 4;
        return Octets.FromBytes(span[start..stop]);
    }

    private int MboxLineLength()
    {
        var span = Raw.Span;
        if (!span.StartsWith("From "u8) && !span.StartsWith("From\t"u8)) return 0;
        int nl = span.IndexOf((byte)'\n');
        return nl < 0 ? 0 : nl + 1;
    }

    private static bool IsRawBodyPart(MimePart p)
    {
        var t = p.EffectiveType;
        bool textOrMessage = t.StartsWith("text", StringComparison.Ordinal) && (t.Length == 4 || !char.IsAsciiLetterOrDigit(t[4]) && t[4] != '_') ||
                             t.StartsWith("message", StringComparison.Ordinal) && (t.Length == 7 || !char.IsAsciiLetterOrDigit(t[7]) && t[7] != '_');
        return textOrMessage && p.ContentType != "text/calendar";
    }

    /// <summary>
    /// A leaf part as Node::rendered gives it: the rendered text (null when the part is not text/plain or
    /// text/html) and, for an HTML part, its facts.
    /// </summary>
    public (string? Text, HtmlFacts? Html) Rendering(MimePart part)
    {
        var rendered = RenderedParts;
        int leaf = 0;
        foreach (var p in Parts)
        {
            if (!p.IsLeaf) continue;
            if (ReferenceEquals(p, part)) return (rendered[leaf], (partRenderings![leaf] as HtmlRendering)?.Facts);
            leaf++;
        }
        return (null, null);
    }

    private string?[] RenderedParts
    {
        get
        {
            if (renderedParts != null) return renderedParts;
            var leaves = LeafParts.ToList();
            var rendered = new string?[leaves.Count];
            partRenderings = new object?[leaves.Count];
            htmlFacts = new List<HtmlFacts>();
            for (int i = 0; i < leaves.Count; i++) rendered[i] = Render(leaves[i], out partRenderings[i]);
            return renderedParts = rendered;
        }
    }

    // Message::Node::rendered: text/plain and text/html only, charset-normalised, HTML rendered. Also notes
    // whether Perl would hold the result as a character string (decoded, or given a wide char by an entity).
    // rendering: the HtmlRendering of an HTML part, the text of a plain part, null otherwise
    private string? Render(MimePart part, out object? rendering)
    {
        rendering = null;
        var type = part.EffectiveType;
        if (type is not ("text/plain" or "text/html")) return null;
        var bytes = part.DecodedBody.Span;
        if (type == "text/plain") bytes = PlainTextWindow(bytes, limits.BodyPartScanSize);
        bool decoded;
        if (bytes.Length > 0 && type == "text/html")
        {
            // the decoded source is only read by the renderer: a pooled array, not a string
            var source = CharsetDecoder.DecodePooled(bytes, part.Charset ?? "us-ascii", out int length, out decoded);
            HtmlRendering html;
            try { html = HtmlRenderer.RenderAll(source.AsSpan(0, length), bytes.Length); }
            finally { System.Buffers.ArrayPool<char>.Shared.Return(source); }
            htmlFacts!.Add(html.Facts);
            if (decoded || HasWideChar(html.Text)) anyCharacterString = true;
            rendering = html;
            return html.Text;
        }
        var text = CharsetDecoder.Decode(bytes, part.Charset ?? "us-ascii", insistOnDeclared: false, out decoded);
        if (decoded) anyCharacterString = true;
        rendering = text;
        return text;
    }

    // Plain text is cut at the body scan size after decoding; a character takes at most 4 bytes, so very large
    // parts are cut first (at a UTF-8 character boundary) to keep hostile input cheap. Parts under 1 MB are whole.
    private static ReadOnlySpan<byte> PlainTextWindow(ReadOnlySpan<byte> bytes, int scanSize)
    {
        if (scanSize <= 0 || bytes.Length <= Math.Max(1 << 20, (scanSize + 2048) * 4)) return bytes;
        int cut = (scanSize + 2048) * 4;
        while (cut > 0 && (bytes[cut] & 0xC0) == 0x80) cut--;
        return bytes[..cut];
    }

    private static bool HasWideChar(string s)
    {
        foreach (var c in s) if (c > '\u00FF') return true;
        return false;
    }

    private List<string> BuildBodyText() => BuildBodyText(() => RenderedParts, withSubject: true);

    private List<string> BuildBodyText(Func<string?[]> texts, bool withSubject)
    {
        _ = RenderedParts;
        var subject = Parts[0].GetHeader("subject");
        var subjectLine = !withSubject ? "" : string.IsNullOrEmpty(subject) ? "\n" : subject + "\n";
        return BodyTextBuilder.BuildBody(subjectLine, texts(), limits.BodyPartScanSize, anyCharacterString);
    }

    private List<string> BuildUris()
    {
        var collector = new UriCollector(uriOptions);
        uriOptions.TextFinder.Find(BodyText, collector);
        foreach (var facts in HtmlParts)
            foreach (var uri in facts.Uris.Keys)
                collector.Add(uri, requireDomain: false);
        collector.Release();
        return collector.Uris;
    }
}
