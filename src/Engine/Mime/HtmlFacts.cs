namespace Spamd.Engine.Mime;

/// <summary>An HTML link and the text inside its anchor.</summary>
public readonly record struct HtmlAnchor(string Href, string Text);

/// <summary>
/// What SpamAssassin's HTML.pm records while rendering one HTML part, the facts HTML eval rules test
/// (tag counts, image area, text vs. markup, links and anchor text, title, comments, scripts).
/// </summary>
public sealed class HtmlFacts
{
    /// <summary>Lower-cased names of every tag seen (start or end).</summary>
    public HashSet<string> TagsSeen { get; } = new(StringComparer.Ordinal);

    /// <summary>Start and end tags counted (HTML.pm <c>tags</c>).</summary>
    public int TagCount { get; internal set; }

    /// <summary>Tags that are known HTML elements (HTML.pm <c>elements</c>).</summary>
    public int ElementCount { get; internal set; }

    /// <summary>Distinct tag names seen the first time / distinct known elements seen.</summary>
    public int TagsSeenCount { get; internal set; }
    public int ElementsSeenCount { get; internal set; }

    /// <summary>End tags without a matching start (HTML.pm <c>closed_extra</c>).</summary>
    public int ClosedExtra { get; internal set; }

    /// <summary>Number of img start tags.</summary>
    public int ImageCount { get; internal set; }

    /// <summary>Sum of width × height over images that state both (percentages scaled as HTML.pm does).</summary>
    public long ImageArea { get; internal set; }

    /// <summary>Characters of HTML source given to the renderer (HTML.pm <c>length</c>).</summary>
    public int SourceLength { get; internal set; }

    /// <summary>Bytes of the part before charset decoding.</summary>
    public int SourceBytes { get; internal set; }

    /// <summary>Characters of rendered text (<c>html_length</c>) and those that are not whitespace (<c>non_space_len</c>).</summary>
    public int RenderedLength { get; internal set; }
    public int NonSpaceLength { get; internal set; }

    /// <summary>(source bytes − rendered length) / source bytes: how much of the part is markup.</summary>
    public double MarkupRatio => SourceBytes == 0 ? 0 : (SourceBytes - RenderedLength) / (double)SourceBytes;

    /// <summary>Links with their anchor text, in order.</summary>
    public List<HtmlAnchor> Anchors { get; } = new();

    /// <summary>URIs referenced by markup (href, src, action, background, base, meta refresh) and the tags that did.</summary>
    public Dictionary<string, HashSet<string>> Uris { get; } = new(StringComparer.Ordinal);

    /// <summary>Title texts.</summary>
    public List<string> Titles { get; } = new();

    /// <summary>Comment and script counts.</summary>
    public int CommentCount { get; internal set; }
    public int ScriptCount { get; internal set; }

    /// <summary>Obfuscation events: text directly joined to a previous word across markup.</summary>
    public int Obfuscation { get; internal set; }

    public bool ClosedHtml { get; internal set; }
    public bool ClosedBody { get; internal set; }
    public bool FormActionMailto { get; internal set; }
    public bool Embeds { get; internal set; }
    public bool UriTruncated { get; internal set; }

    /// <summary>Per tag name, the open count HTML.pm leaves in <c>inside</c> (present once the tag was seen).</summary>
    public Dictionary<string, int> Inside { get; } = new(StringComparer.Ordinal);

    /// <summary>Comment texts with their markers (<c>&lt;!-- ... --&gt;</c>), HTML.pm <c>comment</c>.</summary>
    public List<string> Comments { get; } = new();

    /// <summary>Largest and smallest font size set by markup (HTML.pm <c>max_size</c>/<c>min_size</c>, default 3).</summary>
    public int MaxFontSize { get; internal set; } = 3;
    public int MinFontSize { get; internal set; } = 3;

    /// <summary>Visible text drawn in a colour (nearly) equal to its background (HTML.pm <c>font_low_contrast</c>).</summary>
    public bool FontLowContrast { get; internal set; }

    /// <summary>A font face that is not a plain list of family names (HTML.pm <c>font_face_bad</c>).</summary>
    public bool FontFaceBad { get; internal set; }

    /// <summary>Text drawn with a colour HTML.pm cannot parse (<c>font_invalid_color</c>).</summary>
    public bool FontInvalidColor { get; internal set; }

    /// <summary>Charsets named in meta Content-Type tags.</summary>
    public List<string> MetaCharsets { get; } = new();

    public double BadTagRatio => TagCount == 0 ? 0 : (TagCount - ElementCount) / (double)TagCount;
    public double NonElementRatio => TagsSeenCount == 0 ? 0 : (TagsSeenCount - ElementsSeenCount) / (double)TagsSeenCount;
    public double ObfuscationRatio => TagCount == 0 ? 0 : Obfuscation / (double)TagCount;
    public double ClosedExtraRatio => TagCount == 0 ? 0 : ClosedExtra / (double)TagCount;
}

/// <summary>One HTML part rendered: all text, its visible and invisible shares (cut on first use), and the facts.</summary>
public sealed class HtmlRendering
{
    private readonly IReadOnlyList<(int Start, bool Invisible)> segments;
    private string? visible, invisible;

    internal HtmlRendering(string text, IReadOnlyList<(int Start, bool Invisible)> segments, HtmlFacts facts)
    {
        Text = text;
        this.segments = segments;
        Facts = facts;
    }

    public string Text { get; }
    public HtmlFacts Facts { get; }
    public string VisibleText => visible ??= Share(invisibleShare: false);
    public string InvisibleText => invisible ??= Share(invisibleShare: true);

    private string Share(bool invisibleShare)
    {
        var sb = new System.Text.StringBuilder();
        for (int i = 0; i < segments.Count; i++)
        {
            if (segments[i].Invisible != invisibleShare) continue;
            int end = i + 1 < segments.Count ? segments[i + 1].Start : Text.Length;
            sb.Append(Text, segments[i].Start, end - segments[i].Start);
        }
        return sb.ToString();
    }
}
