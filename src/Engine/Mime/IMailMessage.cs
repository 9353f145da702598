namespace Spamd.Engine.Mime;

/// <summary>
/// What the rule engine and Bayes see of a message: the renderings SpamAssassin builds, computed lazily and at
/// most once per message. <c>MailMessage</c> (the MIME reader) implements it; tests of the consumers use fakes.
/// Strings that stand for message bytes use one char per byte (a Latin-1 view), the way SpamAssassin's rules see
/// octets, unless a member says otherwise.
/// </summary>
public interface IMailMessage
{
    /// <summary>The raw message bytes as received.</summary>
    ReadOnlyMemory<byte> Raw { get; }

    /// <summary>
    /// SpamAssassin's <c>$pms->get($spec)</c>: a header name with optional modifiers (<c>From:addr</c>,
    /// <c>Subject:raw</c>, <c>To:name</c>, <c>Received:first</c> ...) or a pseudo-header (<c>ALL</c>, <c>ToCc</c>,
    /// <c>EnvelopeFrom</c>, <c>MESSAGEID</c>, ...). Several headers of one name are joined with "\n", each
    /// ending in "\n" as SpamAssassin returns them. Null when the header is absent.
    /// </summary>
    string? GetHeader(string spec);

    /// <summary>Top-level header fields in order: name as written, value unfolded and RFC 2047-decoded.</summary>
    IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    /// <summary>The <c>body</c> rendering: decoded, HTML-rendered text, Subject first, one entry per paragraph/line.</summary>
    IReadOnlyList<string> BodyText { get; }

    /// <summary>The <c>rawbody</c> rendering: decoded but not rendered text of the text parts.</summary>
    IReadOnlyList<string> RawBodyText { get; }

    /// <summary>The <c>full</c> rendering: the whole raw message.</summary>
    string FullText { get; }

    /// <summary>URIs found in text and HTML, in the normalised forms <c>uri</c> rules match.</summary>
    IReadOnlyList<string> Uris { get; }

    // Added members have default bodies so existing implementations (test fakes) keep compiling.

    /// <summary>
    /// Every value the spec yields, one per header (or per address for <c>:addr</c>/<c>:name</c>), as
    /// SpamAssassin 4's <c>get</c> in list context: header rules test each value on its own.
    /// </summary>
    IReadOnlyList<string> GetHeaderValues(string spec) => GetHeader(spec) is { } value ? [value] : [];

    /// <summary>The <c>body</c> rendering of visible text only (SpamAssassin's visible_rendered; Bayes input).</summary>
    IReadOnlyList<string> VisibleBodyText => BodyText;

    /// <summary>Text HTML hides from readers (SpamAssassin's invisible_rendered; Bayes input), no Subject line.</summary>
    IReadOnlyList<string> InvisibleBodyText => [];

    /// <summary>The MIME parts, depth first, the message itself first (types, charsets, names, sizes, headers).</summary>
    IReadOnlyList<MimePart> Parts => [];

    /// <summary>Facts of each HTML part (tags, images, links and anchor text, text vs. markup).</summary>
    IReadOnlyList<HtmlFacts> HtmlParts => [];

    /// <summary>Limits hit and irregularities met while reading the message.</summary>
    MimeLimitFlags LimitFlags => MimeLimitFlags.None;
}
