namespace Spamd.Engine.Mime;

/// <summary>
/// One header field as SpamAssassin keeps it: the name as written, the raw value (everything after the colon,
/// folds and final newline included, Latin-1 view) and the decoded value (unfolded, trimmed, RFC 2047 words
/// decoded, as UTF-8 octets in a Latin-1 view), decoded on first use.
/// </summary>
public sealed class HeaderField
{
    private string? value;

    public HeaderField(string name, string rawValue)
    {
        Name = name;
        RawValue = rawValue;
    }

    /// <summary>The field name as written.</summary>
    public string Name { get; }

    /// <summary>The value as it stands in the message, after the colon, including its line end.</summary>
    public string RawValue { get; }

    /// <summary>The value unfolded, trimmed and decoded (SpamAssassin's <c>header()</c>).</summary>
    public string Value => value ??= HeaderDecoder.DecodeFieldValue(RawValue, Name);

    public override string ToString() => $"{Name}: {Value}";
}
