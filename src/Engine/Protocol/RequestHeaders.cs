using System.Text;

namespace Spamd.Engine.Protocol;

/// <summary>
/// The request headers spamd understands, filled line by line as spamd's <c>parse_headers</c> does.
/// Names are case-sensitive (<c>Content-Length</c> is not <c>Content-length</c>); unknown headers are ignored.
/// </summary>
public sealed class RequestHeaders
{
    /// <summary>spamd reads at most this many header lines; one more is "(too many headers)".</summary>
    public const int MaxLines = 255;

    /// <summary>Header lines seen so far (the terminating empty line not counted).</summary>
    public int LineCount { get; private set; }

    /// <summary>The end of the headers (an empty CRLF line) was seen.</summary>
    public bool IsComplete { get; private set; }

    /// <summary>The Content-length digits as sent (may be empty), or null without the header.</summary>
    public string? ContentLengthText { get; private set; }

    /// <summary>The Content-length value, saturated at <see cref="long.MaxValue"/>; an empty value counts as 0.</summary>
    public long? ContentLength { get; private set; }

    /// <summary>The User value (bytes as Latin-1 characters), or null.</summary>
    public string? User { get; private set; }

    public bool CompressZlib { get; private set; }

    /// <summary>Message-class as sent; only exactly "spam" learns spam, anything else (or none) learns ham.</summary>
    public string? MessageClass { get; private set; }

    public bool SetLocal { get; private set; }
    public bool SetRemote { get; private set; }
    public bool RemoveLocal { get; private set; }
    public bool RemoveRemote { get; private set; }

    /// <summary>
    /// Applies one header line (with its line ending, as read up to LF). Returns an error, or null when the
    /// line was accepted; <see cref="IsComplete"/> turns true on the terminating empty line.
    /// </summary>
    public ProtocolError? Apply(ReadOnlySpan<byte> rawLine)
    {
        // Only CRLF is stripped; a bare "\n" terminator stays and fails the Name: value split below.
        var line = rawLine.EndsWith("\r\n"u8) ? rawLine[..^2] : rawLine;
        if (line.IsEmpty)
        {
            IsComplete = true;
            return null;
        }

        var error = ApplyNameValue(line);
        if (error != null) return error;
        // spamd reads 256 lines at most; the 256th is still interpreted before the count fails.
        if (++LineCount > MaxLines) return ProtocolError.TooManyHeaders;
        return null;
    }

    private ProtocolError? ApplyNameValue(ReadOnlySpan<byte> line)
    {
        // split(/:\s*/, $line, 2)
        int colon = line.IndexOf((byte)':');
        if (colon < 0) return ProtocolError.NotNameValue;
        var name = line[..colon];
        var value = line[(colon + 1)..];
        while (!value.IsEmpty && IsPerlSpace(value[0])) value = value[1..];

        if (name.SequenceEqual("Content-length"u8)) return ApplyContentLength(value);
        if (name.SequenceEqual("User"u8)) return ApplyUser(value);
        if (name.SequenceEqual("Message-class"u8)) MessageClass = Latin1(value);
        else if (name.SequenceEqual("Set"u8)) (SetLocal, SetRemote) = (Contains(value, "local"u8), Contains(value, "remote"u8));
        else if (name.SequenceEqual("Remove"u8)) (RemoveLocal, RemoveRemote) = (Contains(value, "local"u8), Contains(value, "remote"u8));
        else if (name.SequenceEqual("Compress"u8))
        {
            if (!Contains(value, "zlib"u8)) return ProtocolError.CompressionNotSupported(Latin1(value));
            CompressZlib = true;
        }
        return null;
    }

    // /^(\d*)$/ : "$" also matches before one final "\n", which is how LF-terminated lines still work.
    private ProtocolError? ApplyContentLength(ReadOnlySpan<byte> value)
    {
        var digits = WithoutFinalNewline(value);
        long length = 0;
        foreach (var b in digits)
        {
            if ((uint)(b - '0') > 9) return ProtocolError.NonNumericContentLength;
            length = length > (long.MaxValue - 9) / 10 ? long.MaxValue : length * 10 + (b - '0');
        }
        ContentLengthText = Latin1(digits);
        ContentLength = length;
        return null;
    }

    // /^([\x20-\xFF]*)$/
    private ProtocolError? ApplyUser(ReadOnlySpan<byte> value)
    {
        var name = WithoutFinalNewline(value);
        foreach (var b in name)
            if (b < 0x20) return ProtocolError.UserControlChars;
        User = Latin1(name);
        return null;
    }

    private static ReadOnlySpan<byte> WithoutFinalNewline(ReadOnlySpan<byte> value) =>
        value.EndsWith("\n"u8) ? value[..^1] : value;

    private static bool Contains(ReadOnlySpan<byte> value, ReadOnlySpan<byte> word)
    {
        for (int i = 0; i + word.Length <= value.Length; i++)
            if (Ascii.EqualsIgnoreCase(value.Slice(i, word.Length), word)) return true;
        return false;
    }

    private static string Latin1(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);

    private static bool IsPerlSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\f' or 0x0B;
}
