using System.Text;

namespace Spamd.Engine.Mime;

/// <summary>
/// Assembles the <c>body</c> and <c>rawbody</c> arrays from per-part text exactly as Message.pm does
/// (get_body_text_array_common, get_decoded_body_text_array): per-part scan-size cuts, parts joined by newlines,
/// blank-line runs becoming paragraph breaks, every other whitespace run one space, UTF-8 octets, lines over
/// 2048 bytes split at a space.
/// </summary>
public static class BodyTextBuilder
{
    public const int MaxLineLength = 2048;

    /// <summary>Perl's Unicode <c>\s</c>.</summary>
    public static bool IsUnicodeSpace(char c) => c <= ' ' ? c == ' ' || c is >= '\t' and <= '\r' : c >= '\u0085' && IsWideSpace(c);

    private static bool IsWideSpace(char c) => c switch
    {
        ' ' or '\t' or '\n' or '\v' or '\f' or '\r' or '\u0085' or '\u00A0' or '\u1680' or '\u2028' or '\u2029' or '\u202F' or '\u205F' or '\u3000' => true,
        >= '\u2000' and <= '\u200A' => true,
        _ => false,
    };

    /// <summary>
    /// The body array: <paramref name="subjectLine"/> (already octets, ending in "\n") then the folded text of
    /// <paramref name="partTexts"/> (one entry per leaf part, null for parts that render to nothing).
    /// <paramref name="characterSemantics"/> says whether any part was charset-decoded: Perl then folds Unicode
    /// whitespace and encodes the text as UTF-8; otherwise the text stays octets and only ASCII whitespace folds.
    /// </summary>
    public static List<string> BuildBody(string subjectLine, IEnumerable<string?> partTexts, int scanSize, bool characterSemantics = true)
    {
        var parts = partTexts as IReadOnlyCollection<string?> ?? partTexts.ToList();
        int capacity = 16;
        foreach (var p in parts) capacity += p == null ? 1 : Math.Min(p.Length, scanSize > 0 ? scanSize + 1025 : int.MaxValue) + 1;
        using var folder = new WhitespaceFolder(characterSemantics, capacity);
        foreach (var rendered in parts)
        {
            if (folder.InputLength > 0) folder.Append("\n");
            if (rendered == null) continue;
            folder.Append(scanSize > 0 ? CutSpan(rendered, scanSize, "\n ") : rendered);
        }
        var lines = subjectLine.Length == 0 ? new List<string>() : SplitShortLines(subjectLine);
        folder.SplitInto(lines);
        return lines;
    }

    /// <summary>
    /// The rawbody array: each text part's decoded octets, cut and split into short paragraphs, each paragraph
    /// made a string straight from the bytes.
    /// </summary>
    public static List<string> BuildRawBody(IEnumerable<ReadOnlyMemory<byte>> partOctets, int scanSize)
    {
        var result = new List<string>();
        foreach (var raw in partOctets)
            SplitShortParagraphs(scanSize > 0 ? CutAt(raw.Span, scanSize, "\n> "u8) : raw.Span, result);
        return result;
    }

    // Message.pm: cut after the first of the separators found within 1024 chars past the limit, else at the limit.
    internal static ReadOnlySpan<char> CutSpan(string s, int limit, string separators)
    {
        if (s.Length <= limit) return s;
        foreach (var sep in separators)
        {
            int idx = s.IndexOf(sep, limit);
            if (idx >= 0 && idx - limit <= 1024) return s.AsSpan(0, idx + 1);
        }
        return s.AsSpan(0, limit);
    }

    internal static ReadOnlySpan<byte> CutAt(ReadOnlySpan<byte> s, int limit, ReadOnlySpan<byte> separators)
    {
        if (s.Length <= limit) return s;
        foreach (var sep in separators)
        {
            int idx = s[limit..].IndexOf(sep);
            if (idx >= 0 && idx <= 1024) return s[..(limit + idx + 1)];
        }
        return s[..limit];
    }

    internal static List<string> SplitShortLines(string text)
    {
        var result = new List<string>();
        int pos = 0;
        while (pos < text.Length)
        {
            int nl = text.IndexOf('\n', pos);
            int end = nl < 0 ? text.Length : nl + 1;
            while (end - pos > MaxLineLength)
            {
                int space = text.LastIndexOf(' ', pos + MaxLineLength, MaxLineLength + 1);
                int len = space >= 0 ? space - pos + 1 : MaxLineLength;
                result.Add(text.Substring(pos, len));
                pos += len;
            }
            result.Add(text[pos..end]);
            pos = end;
        }
        return result;
    }

    internal static void SplitShortParagraphs(ReadOnlySpan<byte> text, List<string> result)
    {
        int length = text.Length;
        if (length <= MaxLineLength)
        {
            result.Add(Octets.FromBytes(text));
            return;
        }
        int ofs = 0;
        while (length - ofs > 2 * MaxLineLength)
        {
            int j = FindBreak(text, ofs, (byte)'\n');
            if (j < 0) j = FindBreak(text, ofs, (byte)'>');
            if (j < 0) j = FindBreak(text, ofs, (byte)' ');
            if (j < 0) j = ofs + MaxLineLength;
            result.Add(Octets.FromBytes(text[ofs..(j + 1)]));
            ofs = j + 1;
        }
        if (ofs < length) result.Add(Octets.FromBytes(text[ofs..]));
    }

    private static int FindBreak(ReadOnlySpan<byte> text, int ofs, byte c)
    {
        int from = ofs + MaxLineLength;
        int j = text[from..].IndexOf(c);
        if (j < 0) return -1;
        j += from;
        return j - ofs + 1 > 2 * MaxLineLength ? -1 : j;
    }
}
