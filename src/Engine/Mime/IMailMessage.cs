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
}
