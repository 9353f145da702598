using System.Buffers;
using System.Collections.Frozen;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace Spamd.Engine.Mime;

/// <summary>
/// Renders one HTML part to the text SpamAssassin's <c>body</c> rules see (HTML.pm over HTML::Parser): markup
/// dropped, script and style text dropped, entities decoded, line breaks for br/div, a space for li/td/th/dd/dt/h*,
/// a blank line for p/hr/blockquote/pre/title, text whitespace folded. Collects <see cref="HtmlFacts"/> on the way.
/// </summary>
public sealed partial class HtmlRenderer
{
    private static readonly FrozenSet<string> Elements = (
        "a abbr acronym address area b base bdo big blockquote body br button caption cite code col colgroup dd del dfn div dl dt " +
        "em fieldset form h1 h2 h3 h4 h5 h6 head hr html i img input ins kbd label legend li link map meta noscript object ol " +
        "optgroup option p param pre q samp script select small span strong style sub sup table tbody td textarea tfoot th thead " +
        "title tr tt ul var applet basefont center dir font frame frameset iframe isindex menu noframes s strike u nobr x-sigsep x-tab")
        .Split(' ').ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> Tricks = "bgsound embed listing plaintext xmp".Split(' ').ToFrozenSet(StringComparer.Ordinal);

    // Elements whose content HTML::Parser passes through as text until the matching end tag.
    private static readonly FrozenSet<string> Literal = "script style xmp plaintext textarea title".Split(' ').ToFrozenSet(StringComparer.Ordinal);

    private const int MaxUriLength = 8192;

    // What the renderer asks of a tag name, answered by the one look-up that finds the name.
    private sealed record KnownTag(string Name, bool IsElement, bool IsTrick, bool IsLiteral)
    {
        /// <summary>Whether the tag changes the font and colour state.</summary>
        public bool Styles { get; } = HtmlTextStyle.Applies(Name);

        /// <summary>What the tag puts into the text (a line break, a space, a blank line), or null.</summary>
        public string? Separator { get; } = SeparatorOf(Name);
    }

    // Interned lower-case names, looked up case-insensitively straight from the source text. Every element,
    // trick and literal is here, so a name not found is none of them.
    private static readonly FrozenDictionary<string, KnownTag>.AlternateLookup<ReadOnlySpan<char>> KnownTags =
        Elements.Concat(Tricks).Concat(["!doctype", "o:p"]).Distinct()
            .ToFrozenDictionary(t => t, t => new KnownTag(t, Elements.Contains(t), Tricks.Contains(t), Literal.Contains(t)), StringComparer.OrdinalIgnoreCase)
            .GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> KnownAttributes =
        ("href src action background data-saferedirecturl http-equiv content width height face color size style text bgcolor " +
         "link alink vlink").Split(' ').ToFrozenDictionary(t => t, t => t, StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();

    // A font-family list as mail clients write it: names of letters, spaces and dashes, optionally quoted.
    [GeneratedRegex(@"^\s*[""'.]?[a-z ][a-z -]*[a-z]\d?[""']?(?:,\s*[""']?[a-z][a-z -]*[a-z]\d?[""']?)*;?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FontFaceList();

    [GeneratedRegex(@"<(\w+)\s*/>", RegexOptions.CultureInvariant)]
    private static partial Regex SelfClosingTag();

    [GeneratedRegex(@"^(?:o|st\d):[\w-]+/?$", RegexOptions.CultureInvariant)]
    private static partial Regex NamespaceTag();

    // the rendered text, sized for the common case that markup outweighs text
    private readonly PooledCharBuilder text;
    // HTML.pm's open counts, kept straight in the facts
    private Dictionary<string, int> inside => facts.Inside;
    private readonly HtmlFacts facts = new();
    private readonly Dictionary<string, string> attributes = new(StringComparer.Ordinal);
    private int insideScript, insideStyle, insideAnchor, insideTitle;
    private readonly HtmlTextStyle style = new();
    private bool lastIsInvisible;
    private int lastStart = -1;
    private bool lastIsWhitespace;
    private string? baseHref;
    private string anchorHref = "";
    private StringBuilder? anchorText;
    private StringBuilder? titleText;

    private HtmlRenderer(int sourceLength) => text = new PooledCharBuilder(Math.Min(sourceLength / 2, 1 << 20));

    /// <summary>Renders <paramref name="html"/> (already charset-decoded) and returns the text and facts.</summary>
    public static (string Text, HtmlFacts Facts) Render(string html, int sourceBytes)
    {
        var r = RenderAll(html, sourceBytes);
        return (r.Text, r.Facts);
    }

    /// <summary>
    /// All renderings of one HTML part: the text body rules see, its visible and invisible shares (what Bayes
    /// tokenises separately), and the facts.
    /// </summary>
    public static HtmlRendering RenderAll(string html, int sourceBytes) => RenderAll(html.AsSpan(), sourceBytes);

    /// <summary>As <see cref="RenderAll(string, int)"/> on characters held elsewhere (a pooled decode).</summary>
    public static HtmlRendering RenderAll(ReadOnlySpan<char> html, int sourceBytes)
    {
        var r = new HtmlRenderer(html.Length);
        try { return r.Run(html, sourceBytes); }
        finally { r.text.Dispose(); }
    }

    private HtmlRendering Run(ReadOnlySpan<char> html, int sourceBytes)
    {
        facts.SourceLength = html.Length;
        facts.SourceBytes = sourceBytes;
        // HTML.pm's clean-ups (&nbsp; to a space, <x/> to <x>, curly double quotes to straight ones) are made in
        // one pooled copy of the source instead of a new string each
        var source = ArrayPool<char>.Shared.Rent(Math.Max(16, html.Length));
        try
        {
            int length = ReplaceNbsp(html, source);
            var cleaned = source.AsSpan(0, length);
            if (cleaned.Contains("/>", StringComparison.Ordinal)) cleaned = source.AsSpan(0, UnselfClose(cleaned));
            cleaned.Replace('\u201C', '"');
            cleaned.Replace('\u201D', '"');
            Parse(cleaned);
        }
        finally { ArrayPool<char>.Shared.Return(source); }
        FinishAnchor();
        FinishTitle();
        facts.MaxFontSize = style.MaxSize;
        facts.MinFontSize = style.MinSize;
        facts.FontLowContrast = style.LowContrastSeen;
        facts.FontInvalidColor = style.InvalidColorSeen;
        var rendered = text.ToString();
        facts.RenderedLength = rendered.Length;
        facts.NonSpaceLength = rendered.Length - CountSpaces(rendered);
        return new HtmlRendering(rendered, segments, facts);
    }

    private readonly List<(int Start, bool Invisible)> segments = new();

    // Perl's \s characters in the text: vectorised counts of the ASCII ones when nothing wider can occur
    private static int CountSpaces(ReadOnlySpan<char> text)
    {
        if (text.ContainsAnyExceptInRange('\0', '\u0084'))
        {
            int n = 0;
            foreach (var c in text) if (BodyTextBuilder.IsUnicodeSpace(c)) n++;
            return n;
        }
        return text.Count(' ') + text.Count('\n') + text.Count('\t') + text.Count('\r') + text.Count('\f') + text.Count('\v');
    }

    // html with "&nbsp;" replaced by " ", written to target; the length written
    private static int ReplaceNbsp(ReadOnlySpan<char> html, char[] target)
    {
        var from = html;
        int written = 0;
        while (true)
        {
            int at = from.IndexOf("&nbsp;", StringComparison.Ordinal);
            var run = at < 0 ? from : from[..at];
            run.CopyTo(target.AsSpan(written));
            written += run.Length;
            if (at < 0) return written;
            target[written++] = ' ';
            from = from[(at + 6)..];
        }
    }

    // s/<(\w+)\s*\/>/<$1>/g in place (the text only shrinks, so writing never overtakes reading); the new length
    private static int UnselfClose(Span<char> html)
    {
        int written = 0, read = 0;
        foreach (var m in SelfClosingTag().EnumerateMatches(html))
        {
            // a stretch copied forward in place: CopyTo handles the overlap
            html[read..m.Index].CopyTo(html[written..]);
            written += m.Index - read;
            // the name runs from after '<' to the first space or '/' (neither is a word character)
            var match = html.Slice(m.Index, m.Length);
            int nameEnd = 1;
            while (match[nameEnd] != '/' && !char.IsWhiteSpace(match[nameEnd])) nameEnd++;
            match[..nameEnd].CopyTo(html[written..]);
            written += nameEnd;
            html[written++] = '>';
            read = m.Index + m.Length;
        }
        html[read..].CopyTo(html[written..]);
        return written + html.Length - read;
    }

    private void Parse(ReadOnlySpan<char> s)
    {
        int i = 0, textStart = 0;
        while (i < s.Length)
        {
            int lt = IndexOf(s, '<', i);
            if (lt < 0 || lt + 1 >= s.Length) break;
            char next = s[lt + 1];
            int after;
            if (char.IsAsciiLetter(next)) after = StartTag(s, lt, ref textStart);
            else if (next == '/') after = EndTag(s, lt, ref textStart);
            else if (next == '!') after = Bang(s, lt, ref textStart);
            else if (next == '?') after = Skip(s, lt, ref textStart, IndexOf(s, '>', lt));
            else
            {
                // a stray '<' starts a new text run, as HTML::Parser reports it
                if (lt > textStart) Text(s[textStart..lt]);
                textStart = lt;
                i = lt + 1;
                continue;
            }
            i = after;
        }
        if (textStart < s.Length) Text(s[textStart..]);
    }

    private static int IndexOf(ReadOnlySpan<char> s, char c, int from)
    {
        int i = s[from..].IndexOf(c);
        return i < 0 ? -1 : from + i;
    }

    private static int IndexOf(ReadOnlySpan<char> s, string value, int from)
    {
        int i = s[from..].IndexOf(value, StringComparison.Ordinal);
        return i < 0 ? -1 : from + i;
    }

    private int Skip(ReadOnlySpan<char> s, int lt, ref int textStart, int gt)
    {
        if (lt > textStart) Text(s[textStart..lt]);
        int after = gt < 0 ? s.Length : gt + 1;
        textStart = after;
        return after;
    }

    private int Bang(ReadOnlySpan<char> s, int lt, ref int textStart)
    {
        if (s[lt..].StartsWith("<!--"))
        {
            int close = IndexOf(s, "-->", lt + 4);
            facts.CommentCount++;
            // with no "-->" ahead, HTML::Parser ends the comment at the next '>'
            int end = close >= 0 ? close + 2 : IndexOf(s, '>', lt + 4);
            facts.Comments.Add(end < 0 ? s[lt..].ToString() : s[lt..(end + 1)].ToString());
            return Skip(s, lt, ref textStart, end);
        }
        if (s[lt..].StartsWith("<![CDATA["))
        {
            int close = IndexOf(s, "]]>", lt + 9);
            if (lt > textStart) Text(s[textStart..lt]);
            int end = close < 0 ? s.Length : close;
            Text(s[(lt + 9)..end], decode: false);
            textStart = close < 0 ? s.Length : close + 3;
            return textStart;
        }
        int gt = IndexOf(s, '>', lt);
        if (lt > textStart) Text(s[textStart..lt]);
        if (gt >= 0 && s.Slice(lt, Math.Min(9, s.Length - lt)).StartsWith("<!doctype", StringComparison.OrdinalIgnoreCase))
        {
            facts.ElementCount++;
            facts.TagCount++;
            inside["!doctype"] = 0;
        }
        textStart = gt < 0 ? s.Length : gt + 1;
        return textStart;
    }

    private int EndTag(ReadOnlySpan<char> s, int lt, ref int textStart)
    {
        int i = lt + 2;
        if (i >= s.Length || !char.IsAsciiLetter(s[i]))
        {
            // "</ x>" and friends are comments to HTML::Parser
            return Skip(s, lt, ref textStart, IndexOf(s, '>', lt));
        }
        int nameEnd = i;
        while (nameEnd < s.Length && !char.IsWhiteSpace(s[nameEnd]) && s[nameEnd] != '>') nameEnd++;
        int gt = IndexOf(s, '>', nameEnd);
        if (gt < 0) return Skip(s, lt, ref textStart, -1);
        if (lt > textStart) Text(s[textStart..lt]);
        var nameSpan = s[i..nameEnd];
        if (KnownTags.TryGetValue(nameSpan, out var known)) Tag(known.Name, known, null, -1);
        else Tag(nameSpan.ToString().ToLowerInvariant(), null, null, -1);
        textStart = gt + 1;
        return textStart;
    }

    private int StartTag(ReadOnlySpan<char> s, int lt, ref int textStart)
    {
        int i = lt + 1;
        int nameEnd = i;
        while (nameEnd < s.Length && !char.IsWhiteSpace(s[nameEnd]) && s[nameEnd] != '>') nameEnd++;
        var attrs = attributes;
        attrs.Clear();
        i = nameEnd;
        while (true)
        {
            while (i < s.Length && char.IsWhiteSpace(s[i])) i++;
            if (i >= s.Length) return Skip(s, lt, ref textStart, -1);
            if (s[i] == '>') break;
            int keyStart = i;
            while (i < s.Length && !char.IsWhiteSpace(s[i]) && s[i] is not ('=' or '>')) i++;
            if (i == keyStart) i++;
            // only the attributes HTML.pm reads are kept (no strings for the rest)
            var key = KnownAttributes.TryGetValue(s[keyStart..i], out var known) ? known : null;
            int j = i;
            while (j < s.Length && char.IsWhiteSpace(s[j])) j++;
            string? value = key;
            if (j < s.Length && s[j] == '=')
            {
                j++;
                while (j < s.Length && char.IsWhiteSpace(s[j])) j++;
                if (j < s.Length && s[j] is '"' or '\'')
                {
                    int close = IndexOf(s, s[j], j + 1);
                    if (close < 0) return Skip(s, lt, ref textStart, -1);
                    value = key == null ? null : HtmlEntities.Decode(s[(j + 1)..close], inAttribute: true);
                    i = close + 1;
                }
                else
                {
                    int vs = j;
                    while (j < s.Length && !char.IsWhiteSpace(s[j]) && s[j] != '>') j++;
                    value = key == null ? null : HtmlEntities.Decode(s[vs..j], inAttribute: true);
                    i = j;
                }
            }
            if (key != null) attrs.TryAdd(key, value!);
        }
        if (lt > textStart) Text(s[textStart..lt]);
        var nameSpan = s[(lt + 1)..nameEnd];
        bool isKnown = KnownTags.TryGetValue(nameSpan, out var knownTag);
        var name = isKnown ? knownTag!.Name : nameSpan.ToString().ToLowerInvariant();
        Tag(name, knownTag, attrs, +1);
        int after = i + 1;
        textStart = after;
        if (isKnown && knownTag!.IsLiteral)
        {
            int close = name == "plaintext" ? -1 : FindEndTag(s, after, name);
            int end = close < 0 ? s.Length : close;
            if (end > after) Text(s[after..end], decode: name is not ("script" or "style"));
            textStart = end;
            return end;
        }
        return after;
    }

    private static int FindEndTag(ReadOnlySpan<char> s, int from, string name)
    {
        int i = from;
        while (true)
        {
            int lt = IndexOf(s, "</", i);
            if (lt < 0) return -1;
            int n = lt + 2;
            if (n + name.Length <= s.Length && s.Slice(n, name.Length).Equals(name, StringComparison.OrdinalIgnoreCase) &&
                (n + name.Length == s.Length || char.IsWhiteSpace(s[n + name.Length]) || s[n + name.Length] == '>'))
                return lt;
            i = lt + 2;
        }
    }

    /// <param name="known">The tag's entry when its name is a known one (every element and trick is).</param>
    private void Tag(string tag, KnownTag? known, Dictionary<string, string>? attrs, int num)
    {
        bool isElement = known is { IsElement: true };
        bool isNamespace = tag.Length > 2 && tag.Contains(':') && NamespaceTag().IsMatch(tag);
        // one look-up for both the test and the update; a tag met here before is already in TagsSeen
        ref int slot = ref CollectionsMarshal.GetValueRefOrAddDefault(inside, tag, out bool seen);
        if (isElement || isNamespace)
        {
            facts.ElementCount++;
            if (!seen) facts.ElementsSeenCount++;
        }
        facts.TagCount++;
        if (!seen)
        {
            facts.TagsSeenCount++;
            facts.TagsSeen.Add(tag);
        }
        int depth = slot + num;
        if (depth < 0)
        {
            depth = 0;
            facts.ClosedExtra++;
        }
        slot = depth;
        switch (tag)
        {
            case "script": insideScript = depth; break;
            case "style": insideStyle = depth; break;
            case "a": insideAnchor = depth; break;
            case "title": insideTitle = depth; break;
        }
        if (tag == "a" && num < 0 && depth == 0) FinishAnchor();
        if (isNamespace || known is null || !(isElement || known.IsTrick)) return;

        if (known.Styles) style.Apply(tag, attrs, num);
        if (known.Separator is { } separator) Display(separator, true);
        if (num > 0)
        {
            Uris(tag, attrs!);
            Tests(tag, attrs!);
        }
        else if (tag == "html") facts.ClosedHtml = true;
        else if (tag == "body") facts.ClosedBody = true;
    }

    private static string? SeparatorOf(string tag) => tag switch
    {
        "br" or "div" => "\n",
        "li" or "th" or "td" or "dd" or "dt" or "embed" or "h1" or "h2" or "h3" or "h4" or "h5" or "h6" => " ",
        "p" or "hr" or "blockquote" or "pre" or "listing" or "plaintext" or "xmp" or "title" => "\n\n",
        _ => null,
    };

    private void Uris(string tag, Dictionary<string, string> attrs)
    {
        switch (tag)
        {
            case "body" or "table" or "tr" or "td":
                if (attrs.TryGetValue("background", out var bg)) PushUri(tag, bg);
                break;
            case "a" or "area" or "link":
                if (attrs.TryGetValue("href", out var href)) PushUri(tag, href.Replace("\uFEFF", ""));
                if (attrs.TryGetValue("data-saferedirecturl", out var safe)) PushUri(tag, safe);
                break;
            case "img" or "frame" or "iframe" or "embed" or "script" or "bgsound":
                if (attrs.TryGetValue("src", out var src)) PushUri(tag, src);
                break;
            case "form":
                if (attrs.TryGetValue("action", out var action)) PushUri(tag, action);
                break;
            case "base":
                if (attrs.TryGetValue("href", out var b) && b.Length > 0 && b != "0")
                {
                    var uri = CanonUri(b);
                    PushUri(tag, uri);
                    if (BaseScheme().IsMatch(uri))
                    {
                        uri = BaseFile().Replace(uri, "$1");
                        if (!uri.EndsWith('/')) uri += "/";
                        baseHref = uri;
                    }
                }
                break;
            case "meta":
                if (attrs.TryGetValue("http-equiv", out var equiv) && attrs.TryGetValue("content", out var content) &&
                    equiv.Contains("refresh", StringComparison.OrdinalIgnoreCase) && MetaRefreshUrl().IsMatch(content))
                {
                    var target = MetaRefreshPrefix().Replace(content, "");
                    target = MetaRefreshSuffix().Replace(target, "");
                    PushUri(tag, target);
                }
                break;
        }
    }

    [GeneratedRegex(@"^(?:https?|ftp):/{0,2}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BaseScheme();

    [GeneratedRegex(@"^([a-z]+:/{0,2}[^/]+/.*?)[^/\.]+\.[^/\.]{2,4}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BaseFile();

    [GeneratedRegex(@"\burl\s*=", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MetaRefreshUrl();

    [GeneratedRegex(@"^.*\burl\s*=\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex MetaRefreshPrefix();

    [GeneratedRegex(@"\s*;.*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex MetaRefreshSuffix();

    private string CanonUri(string uri)
    {
        uri = uri.Trim(' ', '\t', '\n', '\r', '\f', '\v', '\u00A0');
        if (uri.Length > MaxUriLength)
        {
            facts.UriTruncated = true;
            uri = uri[..MaxUriLength];
        }
        return uri;
    }

    private void PushUri(string tag, string uri)
    {
        uri = CanonUri(uri);
        if (uri.Length == 0) return;
        string target = UriResolver.IsOpaque(uri) ? uri : UriResolver.Resolve(baseHref ?? "", uri);
        if (target.Length == 0) return;
        if (!facts.Uris.TryGetValue(target, out var types)) facts.Uris[target] = types = new HashSet<string>(StringComparer.Ordinal);
        types.Add(tag);
    }

    private void Tests(string tag, Dictionary<string, string> attrs)
    {
        if (tag == "font" && attrs.TryGetValue("face", out var face) && !FontFaceList().IsMatch(face)) facts.FontFaceBad = true;
        if (tag == "img")
        {
            facts.ImageCount++;
            if (anchorText != null && insideAnchor > 0) anchorText.Append("<img>\n");
            if (attrs.TryGetValue("width", out var w) && attrs.TryGetValue("height", out var h))
                facts.ImageArea += (long)Dimension(w, 8) * Dimension(h, 6);
        }
        else if (tag == "form" && attrs.TryGetValue("action", out var action) && action.Contains("mailto:", StringComparison.OrdinalIgnoreCase))
            facts.FormActionMailto = true;
        else if (tag is "object" or "embed") facts.Embeds = true;
        else if (tag == "a")
        {
            FinishAnchor();
            anchorHref = attrs.TryGetValue("href", out var href) ? CanonUri(href) : "";
            // HTML.pm files anchor text under the href as written (unresolved, possibly ""), and that key
            // becomes a URI of its own
            facts.Uris.TryAdd(anchorHref, new HashSet<string>(StringComparer.Ordinal));
            anchorText = new StringBuilder();
        }
        else if (tag == "title")
        {
            FinishTitle();
            titleText = new StringBuilder();
        }
        else if (tag == "meta" && attrs.TryGetValue("http-equiv", out var equiv) && attrs.TryGetValue("content", out var content) &&
                 equiv.Contains("content-type", StringComparison.OrdinalIgnoreCase))
        {
            var m = MetaCharset().Match(content);
            if (m.Success) facts.MetaCharsets.Add(m.Groups[1].Value);
        }
    }

    [GeneratedRegex(@"\bcharset\s*=\s*[""']?([^""']+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MetaCharset();

    // HTML.pm: digits, a percentage scaled by 8 (width) or 6 (height); anything else or zero counts as 200.
    private static int Dimension(string value, int percentScale)
    {
        int n = 0;
        var v = value.AsSpan();
        bool percent = v.EndsWith("%");
        if (percent) v = v[..^1];
        if (v.Length is > 0 and < 9 && int.TryParse(v, System.Globalization.NumberStyles.None, null, out n)) n = percent ? n * percentScale : n;
        else n = 0;
        return n <= 0 ? 200 : n;
    }

    private void FinishAnchor()
    {
        if (anchorText == null) return;
        facts.Anchors.Add(new HtmlAnchor(anchorHref, Octets.FromText(anchorText.ToString())));
        anchorText = null;
    }

    private void FinishTitle()
    {
        if (titleText == null) return;
        facts.Titles.Add(titleText.ToString());
        titleText = null;
    }

    private void Text(ReadOnlySpan<char> raw, bool decode = true)
    {
        if (insideScript > 0)
        {
            facts.ScriptCount++;
            return;
        }
        if (insideStyle > 0) return;
        var t = decode && raw.Contains('&') ? DecodeEntities(raw) : raw;
        if (anchorText != null && insideAnchor > 0) anchorText.Append(t);
        if (titleText != null && insideTitle > 0) titleText.Append(t);
        if (lastStart >= 0 && text.Length > 0 && t.Length > 0 && !IsSymbolOrSpace(t[0]) && !IsSymbolOrSpace(text[^1])) facts.Obfuscation++;
        bool invisible = HasVisibleCharacters(t) && style.Invisible();
        DisplayText(t, invisible);
        if (insideTitle == 0) FinishTitle();
    }

    // Text with character references, decoded into buffers the renderer reuses (the text is copied on anyway)
    private StringBuilder? entityText;
    private char[] entityChars = [];

    private ReadOnlySpan<char> DecodeEntities(ReadOnlySpan<char> raw)
    {
        var sb = (entityText ??= new StringBuilder()).Clear();
        HtmlEntities.DecodeInto(raw, sb, inAttribute: false);
        if (entityChars.Length < sb.Length) entityChars = new char[Math.Max(sb.Length, entityChars.Length * 2)];
        sb.CopyTo(0, entityChars, sb.Length);
        return entityChars.AsSpan(0, sb.Length);
    }

    private static bool IsSymbolOrSpace(char c) => char.IsWhiteSpace(c) || c is (>= '!' and <= '/') or (>= ':' and <= '@') or (>= '[' and <= '`') or (>= '{' and <= '~');

    // HTML.pm display_text: whitespace entries eat a trailing space of the text before them, and text after a
    // whitespace entry loses its leading space; text folds runs of ASCII whitespace to one space.
    // Invisible text (HTML.pm html_font_invisible) keeps its spaces next to whitespace entries.
    private void Display(string t, bool whitespace)
    {
        if (lastStart >= 0 && !lastIsWhitespace && !lastIsInvisible && text.Length > lastStart && text[^1] == ' ') text.RemoveLast();
        Push(whitespace: true, invisible: false);
        text.Append(t);
    }

    private void DisplayText(ReadOnlySpan<char> t, bool invisible)
    {
        bool dropLeadingSpace = lastStart >= 0 && !invisible && lastIsWhitespace;
        Push(whitespace: false, invisible);
        int before = text.Length;
        while (!t.IsEmpty)
        {
            int plain = WhitespaceFolder.PlainLength(t, FoldStops, FoldStopsButSpace);
            text.Append(t[..plain]);
            t = t[plain..];
            if (t.IsEmpty) break;
            if (t[0] == '\u00C2')
            {
                // HTML.pm folds the octets C2 A0 (seen as "\u00C2\u00A0" after a Latin-1 style decode) like a blank
                if (t.Length > 1 && t[1] == '\u00A0') { AppendSpace(before, dropLeadingSpace); t = t[2..]; }
                else { text.Append('\u00C2'); t = t[1..]; }
                continue;
            }
            int run = t.IndexOfAnyExcept(AsciiBlanks);
            t = run < 0 ? default : t[run..];
            AppendSpace(before, dropLeadingSpace);
        }
    }

    private void AppendSpace(int segmentStart, bool dropLeadingSpace)
    {
        if (dropLeadingSpace && text.Length == segmentStart) return;
        text.Append(' ');
    }

    private void Push(bool whitespace, bool invisible)
    {
        lastStart = text.Length;
        lastIsWhitespace = whitespace;
        lastIsInvisible = invisible;
        // neighbours of the same visibility read as one segment (the shares concatenate them anyway)
        if (segments.Count == 0 || segments[^1].Invisible != invisible) segments.Add((text.Length, invisible));
    }

    private static readonly System.Buffers.SearchValues<char> FoldStops = System.Buffers.SearchValues.Create(" \t\n\r\f\v\u00C2");
    private static readonly System.Buffers.SearchValues<char> FoldStopsButSpace = System.Buffers.SearchValues.Create("\t\n\r\f\v\u00C2");
    private static readonly System.Buffers.SearchValues<char> AsciiBlanks = System.Buffers.SearchValues.Create(" \t\n\r\f\v");

    private static bool HasVisibleCharacters(ReadOnlySpan<char> t)
    {
        for (int i = 0; i < t.Length; i++)
        {
            if (t[i] == '\u00C2' && i + 1 < t.Length && t[i + 1] == '\u00A0') { i++; continue; }
            if (!IsAsciiSpace(t[i])) return true;
        }
        return false;
    }

    private static bool IsAsciiSpace(char c) => c is ' ' or '\t' or '\n' or '\r' or '\f' or '\v';
}
