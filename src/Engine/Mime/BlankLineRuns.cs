namespace Spamd.Engine.Mime;

/// <summary>
/// Message.pm keeps at most 20 lines of any run of whitespace-only lines in a message body (the first line of the
/// run and its last 19; a run at the very start also keeps line 0). Bodies without such runs are left alone.
/// </summary>
internal static class BlankLineRuns
{
    private const int MaxBlankLines = 20;

    /// <summary>The body with long blank runs shortened, or null when nothing changes.</summary>
    public static byte[]? Compact(ReadOnlySpan<byte> body)
    {
        if (!HasLongRun(body)) return null;
        var lines = new List<(int Start, int End)>();
        for (int pos = 0; pos < body.Length;)
        {
            int end = LineReader.LineEnd(body, pos, body.Length);
            lines.Add((pos, end));
            pos = end;
        }
        var keep = new bool[lines.Count];
        Array.Fill(keep, true);
        int i = 0;
        while (i < lines.Count)
        {
            if (!IsBlank(body, lines[i])) { i++; continue; }
            int a = i;
            while (i < lines.Count && IsBlank(body, lines[i])) i++;
            int b = i - 1;
            if (a == 0) a = 1;
            int n = b - a + 1;
            if (n > MaxBlankLines)
                for (int k = a + 1; k <= b - (MaxBlankLines - 1); k++) keep[k] = false;
        }
        using var output = new MemoryStream(body.Length);
        for (int k = 0; k < lines.Count; k++)
            if (keep[k]) output.Write(body[lines[k].Start..lines[k].End]);
        return output.ToArray();
    }

    private static bool IsBlank(ReadOnlySpan<byte> body, (int Start, int End) line) => LineReader.IsWhitespaceOnly(body[line.Start..line.End]);

    private static bool HasLongRun(ReadOnlySpan<byte> body)
    {
        int run = 0;
        for (int pos = 0; pos < body.Length;)
        {
            int end = LineReader.LineEnd(body, pos, body.Length);
            if (LineReader.IsWhitespaceOnly(body[pos..end]))
            {
                if (++run > MaxBlankLines) return true;
            }
            else run = 0;
            pos = end;
        }
        return false;
    }
}
