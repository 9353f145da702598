using System.Text;

namespace Spamd.Engine.Output;

/// <summary>Where <see cref="PerlWrap"/> may break a line.</summary>
internal enum WrapBreak
{
    /// <summary>At each white-space char, which becomes a piece of its own (<c>split /(\s)/</c>).</summary>
    AtSpace,
    /// <summary>After each white-space char or comma, which stays with the text before it (header folding).</summary>
    AfterSpaceOrComma,
}

/// <summary>
/// SpamAssassin's <c>Util::wrap</c>, reproduced piece for piece because its quirks show in the output: the text
/// is split into pieces, pieces are glued to the current line while it stays within the width (a tab counts as
/// 8), a broken line loses its trailing white space and the next line starts with the prefix.
/// </summary>
internal static class PerlWrap
{
    public static string Wrap(string text, string prefix, string first, int width, bool overflow, WrapBreak breakAt)
    {
        var pieces = Split(text, breakAt);
        if (first.Length > 0) pieces.Insert(0, first);

        int pos = 0;
        bool lineStarted = false;
        while (pieces.Count - 1 > pos)
        {
            int len = DisplayLength(pieces[pos]);
            // Unless overflow is allowed, look ahead: the next piece must fit too (not for a line's first piece).
            if (lineStarted && !overflow) len += DisplayLength(pieces[pos + 1]);

            if (len <= width)
            {
                pieces[pos] += pieces[pos + 1];
                pieces.RemoveAt(pos + 1);
                lineStarted = true;
            }
            else
            {
                pieces[pos] = TrimEndSpace(pieces[pos]);
                pos++;
                lineStarted = false;
                pieces.Insert(pos, prefix);
            }
        }
        return string.Join("\n", pieces);
    }

    /// <summary>Perl's <c>split(/(BREAK)/, $text)</c>: separators kept as pieces, trailing empty pieces dropped.</summary>
    private static List<string> Split(string text, WrapBreak breakAt)
    {
        var pieces = new List<string>();
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (breakAt == WrapBreak.AtSpace)
            {
                if (!Octets.IsSpace(c)) continue;
                pieces.Add(text[start..i]);
                pieces.Add(c.ToString());
                start = i + 1;
            }
            else
            {
                if (!Octets.IsSpace(c) && c != ',') continue;
                if (i + 1 >= text.Length) break; // a zero-width split at the very end yields only empty pieces
                pieces.Add(text[start..(i + 1)]);
                pieces.Add("");
                start = i + 1;
            }
        }
        pieces.Add(text[start..]);
        while (pieces.Count > 0 && pieces[^1].Length == 0) pieces.RemoveAt(pieces.Count - 1);
        return pieces;
    }

    private static int DisplayLength(string piece)
    {
        int len = piece.Length;
        foreach (char c in piece) if (c == '\t') len += 7;
        return len;
    }

    public static string TrimEndSpace(string s)
    {
        int end = s.Length;
        while (end > 0 && Octets.IsSpace(s[end - 1])) end--;
        return end == s.Length ? s : s[..end];
    }
}
