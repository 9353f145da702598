namespace Spamd.Engine.Mime;

/// <summary>Byte-line helpers: a line runs up to and including its '\n' (or to the end of the data).</summary>
internal static class LineReader
{
    /// <summary>End (exclusive) of the line starting at <paramref name="start"/>.</summary>
    public static int LineEnd(ReadOnlySpan<byte> data, int start, int end)
    {
        int nl = data[start..end].IndexOf((byte)'\n');
        return nl < 0 ? end : start + nl + 1;
    }

    /// <summary>True when the line is only a line end ("\n", or "\r\n" when <paramref name="crlf"/>).</summary>
    public static bool IsEmptyLine(ReadOnlySpan<byte> line, bool crlf) =>
        line.Length == 1 && line[0] == '\n' || crlf && line.Length == 2 && line[0] == '\r' && line[1] == '\n';

    /// <summary>True for lines that are empty apart from an optional '\r' (Perl <c>/^\r?$/</c>).</summary>
    public static bool IsBlank(ReadOnlySpan<byte> line) =>
        line.IsEmpty || line.SequenceEqual("\n"u8) || line.SequenceEqual("\r\n"u8) || line.SequenceEqual("\r"u8);

    /// <summary>Perl <c>/^\s*$/</c> on one line.</summary>
    public static bool IsWhitespaceOnly(ReadOnlySpan<byte> line)
    {
        foreach (var b in line) if (b is not ((byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\f' or (byte)'\v')) return false;
        return true;
    }

    /// <summary>A header line: <c>^[\041-\071\073-\176]+[ \t]*:</c>.</summary>
    public static bool IsHeaderLine(ReadOnlySpan<byte> line)
    {
        int i = 0;
        while (i < line.Length && line[i] is >= 0x21 and <= 0x7E and not (byte)':') i++;
        if (i == 0) return false;
        while (i < line.Length && line[i] is (byte)' ' or (byte)'\t') i++;
        return i < line.Length && line[i] == ':';
    }
}
