using System.Buffers;
using System.Text;

namespace Spamd.Engine.Mime;

/// <summary>
/// Message.pm's folding of the joined body text (<c>s/\n+\s*\n+/\0/g; s/\s+/ /g; tr/\0/\n/</c>) done as a stream
/// into one pooled buffer, then cut into the body array's lines: no joined copy, no folded copy.
/// </summary>
internal sealed class WhitespaceFolder : IDisposable
{
    private const string UnicodeBlanks = "\u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000";
    private static readonly SearchValues<char> AsciiStops = SearchValues.Create(" \t\n\v\f\r\0");
    private static readonly SearchValues<char> AsciiStopsButSpace = SearchValues.Create("\t\n\v\f\r\0");
    private static readonly SearchValues<char> UnicodeStops = SearchValues.Create(" \t\n\v\f\r\0" + UnicodeBlanks);
    private static readonly SearchValues<char> UnicodeStopsButSpace = SearchValues.Create("\t\n\v\f\r\0" + UnicodeBlanks);

    private readonly bool unicode;
    private readonly SearchValues<char> stops, stopsButSpace;
    private char[] buffer;
    private int written;
    private bool inRun, blankBeforeNewline, blankAfterNewline;
    private int newlines;

    public WhitespaceFolder(bool unicode, int capacity)
    {
        this.unicode = unicode;
        stops = unicode ? UnicodeStops : AsciiStops;
        stopsButSpace = unicode ? UnicodeStopsButSpace : AsciiStopsButSpace;
        buffer = ArrayPool<char>.Shared.Rent(Math.Max(16, capacity));
    }

    /// <summary>Characters taken in so far (before folding); Message.pm joins parts with "\n" once this is non-zero.</summary>
    public long InputLength { get; private set; }

    public void Append(ReadOnlySpan<char> text)
    {
        InputLength += text.Length;
        while (!text.IsEmpty)
        {
            int plain = PlainLength(text, stops, stopsButSpace);
            if (plain > 0)
            {
                EndRun();
                Ensure(plain);
                text[..plain].CopyTo(buffer.AsSpan(written));
                written += plain;
                text = text[plain..];
                if (text.IsEmpty) break;
            }
            char c = text[0];
            text = text[1..];
            if (c == '\0')
            {
                EndRun();
                Ensure(1);
                buffer[written++] = '\n';
                continue;
            }
            if (!inRun)
            {
                inRun = true;
                newlines = 0;
                blankBeforeNewline = blankAfterNewline = false;
            }
            if (c == '\n')
            {
                newlines++;
                blankAfterNewline = false;
            }
            else if (newlines == 0) blankBeforeNewline = true;
            else blankAfterNewline = true;
        }
    }

    /// <summary>
    /// Length of the leading text that folds to itself: up to the first whitespace, where a lone space between
    /// two other characters counts as text (it folds to the one space it is).
    /// </summary>
    /// <remarks>
    /// Spaces come every few characters in prose, so instead of a search per word: the first stop other than a
    /// space, and within the text before it the first double space and a space right before it.
    /// <paramref name="stopsButSpace"/> is <paramref name="stops"/> without ' '.
    /// </remarks>
    internal static int PlainLength(ReadOnlySpan<char> text, SearchValues<char> stops, SearchValues<char> stopsButSpace)
    {
        if (text.IsEmpty || stops.Contains(text[0])) return 0;
        int hard = text.IndexOfAny(stopsButSpace);
        if (hard < 0) hard = text.Length;
        int end = text[hard - 1] == ' ' ? hard - 1 : hard;
        int doubled = text[..hard].IndexOf("  ");
        return doubled >= 0 && doubled < end ? doubled : end;
    }

    private void EndRun()
    {
        if (!inRun) return;
        inRun = false;
        Ensure(3);
        if (newlines < 2) buffer[written++] = ' ';
        else
        {
            if (blankBeforeNewline) buffer[written++] = ' ';
            buffer[written++] = '\n';
            if (blankAfterNewline) buffer[written++] = ' ';
        }
    }

    private void Ensure(int more)
    {
        if (written + more <= buffer.Length) return;
        var bigger = ArrayPool<char>.Shared.Rent(Math.Max(buffer.Length * 2, written + more));
        buffer.AsSpan(0, written).CopyTo(bigger);
        ArrayPool<char>.Shared.Return(buffer);
        buffer = bigger;
    }

    /// <summary>
    /// Appends the folded text to <paramref name="lines"/> as body-array lines: UTF-8 octets when the text holds
    /// characters (Perl's utf8::encode), each line at most 2048 bytes, cut after a space where possible.
    /// </summary>
    public void SplitInto(List<string> lines)
    {
        EndRun();
        var chars = buffer.AsSpan(0, written);
        if (!unicode || !HasNonAscii(chars))
        {
            SplitChars(chars, lines);
            return;
        }
        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(written));
        int n = Encoding.UTF8.GetBytes(chars, bytes);
        SplitBytes(bytes.AsSpan(0, n), lines);
        ArrayPool<byte>.Shared.Return(bytes);
    }

    private static bool HasNonAscii(ReadOnlySpan<char> chars) => chars.IndexOfAnyExceptInRange('\0', '\u007F') >= 0;

    private static void SplitChars(ReadOnlySpan<char> text, List<string> lines)
    {
        while (!text.IsEmpty)
        {
            int nl = text.IndexOf('\n');
            var line = nl < 0 ? text : text[..(nl + 1)];
            text = text[line.Length..];
            while (line.Length > BodyTextBuilder.MaxLineLength)
            {
                int space = line[..(BodyTextBuilder.MaxLineLength + 1)].LastIndexOf(' ');
                int len = space >= 0 ? space + 1 : BodyTextBuilder.MaxLineLength;
                lines.Add(new string(line[..len]));
                line = line[len..];
            }
            lines.Add(new string(line));
        }
    }

    private static void SplitBytes(ReadOnlySpan<byte> text, List<string> lines)
    {
        while (!text.IsEmpty)
        {
            int nl = text.IndexOf((byte)'\n');
            var line = nl < 0 ? text : text[..(nl + 1)];
            text = text[line.Length..];
            while (line.Length > BodyTextBuilder.MaxLineLength)
            {
                int space = line[..(BodyTextBuilder.MaxLineLength + 1)].LastIndexOf((byte)' ');
                int len = space >= 0 ? space + 1 : BodyTextBuilder.MaxLineLength;
                lines.Add(Encoding.Latin1.GetString(line[..len]));
                line = line[len..];
            }
            lines.Add(Encoding.Latin1.GetString(line));
        }
    }

    public void Dispose()
    {
        if (buffer.Length == 0) return;
        ArrayPool<char>.Shared.Return(buffer);
        buffer = [];
    }
}
