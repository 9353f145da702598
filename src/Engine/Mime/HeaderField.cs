namespace Spamd.Engine.Mime;

/// <summary>
/// One header field as SpamAssassin keeps it: the name as written, the raw value (everything after the colon,
/// folds and final newline included, Latin-1 view) and the decoded value (unfolded, trimmed, RFC 2047 words
/// decoded, as UTF-8 octets in a Latin-1 view), decoded on first use.
/// </summary>
public sealed class HeaderField
{
    private string? value, rawValue;
    // the raw value's octets while no string was asked for (most fields of most parts never are)
    private readonly ReadOnlyMemory<byte> rawBytes;
    private readonly bool crlf;
    private readonly int maxLength;

    public HeaderField(string name, string rawValue)
    {
        Name = name;
        this.rawValue = rawValue;
    }

    /// <summary>
    /// A field whose raw value is made from <paramref name="bytes"/> on first use: CRs of CRLF line ends dropped
    /// when <paramref name="crlf"/>, cut at <paramref name="maxLength"/> characters (see <see cref="RawLength"/>).
    /// </summary>
    internal HeaderField(string name, ReadOnlyMemory<byte> bytes, bool crlf, int maxLength)
    {
        Name = name;
        rawBytes = bytes;
        this.crlf = crlf;
        this.maxLength = maxLength;
    }

    /// <summary>The length the raw value of <paramref name="bytes"/> has before any cut.</summary>
    internal static int RawLength(ReadOnlySpan<byte> bytes, bool crlf) => crlf ? bytes.Length - bytes.Count("\r\n"u8) : bytes.Length;

    /// <summary>The field name as written.</summary>
    public string Name { get; }

    /// <summary>The value as it stands in the message, after the colon, including its line end.</summary>
    public string RawValue => rawValue ??= MakeRawValue();

    private string MakeRawValue()
    {
        var text = crlf ? HeaderReader.StripCr(rawBytes.Span) : Octets.FromBytes(rawBytes.Span);
        return text.Length > maxLength ? text[..maxLength] : text;
    }

    /// <summary>The value unfolded, trimmed and decoded (SpamAssassin's <c>header()</c>).</summary>
    public string Value => value ??= HeaderDecoder.DecodeFieldValue(RawValue, Name);

    public override string ToString() => $"{Name}: {Value}";
}
