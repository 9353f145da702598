using Spamd.Engine.Mime;
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
/// is split into pieces (empty ones included), pieces are glued to the current line while it stays within the
/// width (a tab counts as 8; the first piece of a line is always glued), a broken line loses its trailing white
/// space and the next line starts with the prefix.
/// </summary>
internal static class PerlWrap
{
    public static string Wrap(string text, string prefix, string first, int width, bool overflow, WrapBreak breakAt)
    {
        var pieces = Split(text, breakAt);
        var result = new StringBuilder(text.Length + first.Length + 16);
        var line = new StringBuilder(first.Length + 80);
        int next = 0;
        if (first.Length > 0) line.Append(first);
        else if (pieces.Count > 0) Append(line, text, pieces[next++]);
        else return "";

        int lineWidth = DisplayLength(line);
        bool lineStarted = false;
        while (next < pieces.Count)
        {
            var piece = pieces[next];
            int pieceWidth = DisplayLength(text, piece);
            // Unless overflow is allowed, the next piece must fit too (not for a line's first piece).
            int len = lineStarted && !overflow ? lineWidth + pieceWidth : lineWidth;
            if (len <= width)
            {
                Append(line, text, piece);
                lineWidth += pieceWidth;
                lineStarted = true;
                next++;
            }
            else
            {
                while (line.Length > 0 && Octets.IsSpace(line[^1])) line.Length--;
                result.Append(line).Append('\n');
                line.Clear().Append(prefix);
                lineWidth = DisplayLength(line);
                lineStarted = false;
            }
        }
        return result.Append(line).ToString();
    }

    /// <summary>Perl's <c>split(/(BREAK)/, $text)</c> as ranges: separators are pieces, trailing empty ones dropped.</summary>
    private static List<Range> Split(string text, WrapBreak breakAt)
    {
        var pieces = new List<Range>();
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (breakAt == WrapBreak.AtSpace)
            {
                if (!Octets.IsSpace(c)) continue;
                pieces.Add(start..i);
                pieces.Add(i..(i + 1));
                start = i + 1;
            }
            else
            {
                if (!Octets.IsSpace(c) && c != ',') continue;
                if (i + 1 >= text.Length) break; // a zero-width split at the very end yields only empty pieces
                pieces.Add(start..(i + 1));
                pieces.Add((i + 1)..(i + 1));
                start = i + 1;
            }
        }
        pieces.Add(start..text.Length);
        while (pieces.Count > 0 && pieces[^1].Start.Value == pieces[^1].End.Value) pieces.RemoveAt(pieces.Count - 1);
        return pieces;
    }

    private static void Append(StringBuilder line, string text, Range piece)
    {
        var (offset, length) = piece.GetOffsetAndLength(text.Length);
        line.Append(text, offset, length);
    }

    private static int DisplayLength(string text, Range piece)
    {
        var span = text.AsSpan(piece);
        return span.Length + 7 * span.Count('\t');
    }

    private static int DisplayLength(StringBuilder line)
    {
        int len = line.Length;
        for (int i = 0; i < line.Length; i++) if (line[i] == '\t') len += 7;
        return len;
    }
}
