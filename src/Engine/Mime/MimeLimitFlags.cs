namespace Spamd.Engine.Mime;

/// <summary>Which limits or irregularities a message hit while being read. Rules can test these.</summary>
[Flags]
public enum MimeLimitFlags
{
    None = 0,
    /// <summary>Nesting went deeper than <see cref="MimeLimits.MaxDepth"/>; deeper parts were kept as opaque leaves.</summary>
    DepthExceeded = 1 << 0,
    /// <summary>A multipart or the message had more parts than allowed; the rest were ignored.</summary>
    PartLimitExceeded = 1 << 1,
    /// <summary>A part decoded to more than <see cref="MimeLimits.MaxDecodedPartBytes"/>; it was cut.</summary>
    DecodedPartTruncated = 1 << 2,
    /// <summary>More header fields than <see cref="MimeLimits.MaxHeaderCount"/>; the rest were ignored.</summary>
    HeaderCountExceeded = 1 << 3,
    /// <summary>A header name or value was longer than allowed and was cut (SpamAssassin's <c>truncated_header</c>).</summary>
    HeaderTruncated = 1 << 4,
    /// <summary>The header section did not end with a blank line.</summary>
    MissingHeadBodySeparator = 1 << 5,
    /// <summary>A line after a multipart boundary did not start a header (Message.pm <c>missing_mime_headers</c>).</summary>
    MissingMimeHeaders = 1 << 6,
    /// <summary>A multipart's closing boundary never came.</summary>
    UnclosedBoundary = 1 << 7,
    /// <summary>A part's headers ran into its body without a blank line (<c>missing_mime_head_body_separator</c>).</summary>
    MissingMimeHeadBodySeparator = 1 << 8,
    /// <summary>Text other than whitespace and dots after a closing boundary (<c>mime_epilogue_exists</c>).</summary>
    MimeEpilogue = 1 << 9,
}
