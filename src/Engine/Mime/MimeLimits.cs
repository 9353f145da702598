namespace Spamd.Engine.Mime;

/// <summary>
/// Bounds that keep hostile input cheap. Hitting one sets a <see cref="MimeLimitFlags"/> bit on the message and
/// parsing carries on with what fits; nothing throws. The defaults are SpamAssassin's own where it has one.
/// </summary>
public sealed record MimeLimits
{
    /// <summary>Nesting budget for multipart and message/rfc822 levels (SpamAssassin's <c>subparse</c>, 20).</summary>
    public int MaxDepth { get; init; } = 20;

    /// <summary>Parts per multipart (SpamAssassin stops at 1000).</summary>
    public int MaxPartsPerMultipart { get; init; } = 1000;

    /// <summary>Parts in the whole message, all levels together.</summary>
    public int MaxParts { get; init; } = 5000;

    /// <summary>Decoded bytes kept per part; the rest is dropped (spamc sends at most 500 KB by default).</summary>
    public int MaxDecodedPartBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>Header fields kept per header section.</summary>
    public int MaxHeaderCount { get; init; } = 10_000;

    /// <summary>Bytes kept of a header field value (SpamAssassin's MAX_HEADER_VALUE_LENGTH, 8192).</summary>
    public int MaxHeaderValueLength { get; init; } = 8192;

    /// <summary>Characters kept of a header field name (MAX_HEADER_KEY_LENGTH, 256).</summary>
    public int MaxHeaderNameLength { get; init; } = 256;

    /// <summary>Per-part cap on rendered text for <c>body</c> rules (<c>body_part_scan_size</c>, 50000; 0 = none).</summary>
    public int BodyPartScanSize { get; init; } = 50_000;

    /// <summary>Per-part cap on decoded text for <c>rawbody</c> rules (<c>rawbody_part_scan_size</c>, 500000; 0 = none).</summary>
    public int RawBodyPartScanSize { get; init; } = 500_000;

    public static MimeLimits Default { get; } = new();
}
