using System.Buffers;
using System.Text.RegularExpressions;

namespace Spamd.Engine.Bayes;

/// <summary>
/// Splits one line of text into Bayes tokens exactly as SpamAssassin's <c>_tokenize_line</c> does: octets
/// outside the word alphabet become spaces, "Title case" at sentence starts is lowered, long tokens become
/// skip or UTF-8 tokens, body tokens also yield address/domain and decomposed variants.
/// The line is rewritten in reused buffers and tokens are spans of it: only the collector makes strings, and
/// only for tokens it has not seen lately. Not thread-safe.
/// </summary>
internal sealed partial class LineTokenizer(BayesOptions options)
{
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>>? stopWords =
        options.StopWords is HashSet<string> set && set.TryGetAlternateLookup(out HashSet<string>.AlternateLookup<ReadOnlySpan<char>> lookup)
            ? lookup : null;

    // The line after each rewrite (two alternate), the previous word (word pairs), and token variants.
    private char[] text = new char[1024], rewritten = new char[1024];
    private char[] previousWord = new char[64], word = new char[64];
    private char[] skip = new char[16], stripped = new char[64], lowered = new char[64], loweredStripped = new char[64];

    public void Tokenize(ReadOnlySpan<char> line, string prefix, TokenRegion region, TokenCollector output)
    {
        ReadOnlySpan<char> line2 = KeepWordAlphabet(line, ref text);
        // The regexes only run on lines that can match: most lines have no "..." or "--".
        if (line2.Contains("...", StringComparison.Ordinal)) line2 = SpaceOut(EllipsisBetweenWords(), line2);
        if (line2.Contains("--", StringComparison.Ordinal)) line2 = SpaceOut(DashesBetweenWords(), line2);
        if (region != TokenRegion.Header && line2.ContainsAnyInRange('A', 'Z')) line2 = LowerSentenceStarts(line2);

        bool bigrams = options.BodyBigrams && region == TokenRegion.Body;
        int previousLength = -1;
        int start = 0;
        while (start < line2.Length)
        {
            int space = line2[start..].IndexOf(' ');
            int end = space < 0 ? line2.Length : start + space;
            ReadOnlySpan<char> token = line2[start..end].Trim(TrimmedPunctuation);
            start = end + 1;
            if (token.Length < 3 || IsStopWord(token)) continue;

            if (bigrams)
            {
                // Word pairs (beyond SpamAssassin): stored beside the compatible tokens, which they do not change.
                Span<char> lower = AsciiLower(token, ref word);
                if (previousLength >= 0) output.Add(prefix, "B*:", previousWord.AsSpan(0, previousLength), " ", lower);
                (previousWord, word) = (word, previousWord);
                previousLength = lower.Length;
            }

            if (region != TokenRegion.Header)
            {
                if (ContainsAddress(token)) AddressTokens.Add(token, output);
                else if (ContainsDomain(token)) AddDomainTokens(token, output);
            }

            if (token.Length > options.MaxTokenLength && !token.Contains('*'))
            {
                if (TryAddUtf8Tokens(token, prefix, output)) continue;
                if (region != TokenRegion.Uri) token = SkipToken(token);
            }

            if (region != TokenRegion.Header) AddDecomposed(token, prefix, region == TokenRegion.Uri, output);
            output.Add(prefix, token);
        }
    }

    private const string TrimmedPunctuation = "-'\".,";

    private bool IsStopWord(ReadOnlySpan<char> token)
    {
        if (options.StopWords.Count == 0) return false;
        return stopWords is { } lookup ? lookup.Contains(token) : options.StopWords.Contains(token.ToString());
    }

    /// <summary>
    /// Keeps ASCII letters, digits, space and <c>,@*!_'"$.-</c>, well-formed UTF-8 sequences and lone octets
    /// 0xA1-0xFF; every other octet becomes a space.
    /// </summary>
    private static ReadOnlySpan<char> KeepWordAlphabet(ReadOnlySpan<char> line, ref char[] buffer)
    {
        int i = line.IndexOfAnyExcept(WordAscii);
        if (i < 0) return line;
        if (buffer.Length < line.Length) buffer = new char[Math.Max(line.Length, buffer.Length * 2)];
        Span<char> kept = buffer.AsSpan(0, line.Length);
        line[..i].CopyTo(kept);
        while (i < line.Length)
        {
            char c = line[i];
            if (IsWordAscii(c)) { kept[i] = c; i++; continue; }
            int sequence = Utf8SequenceLength(line, i);
            if (sequence > 1)
            {
                line.Slice(i, sequence).CopyTo(kept[i..]);
                i += sequence;
                continue;
            }
            kept[i] = c >= '\u00A1' && c <= '\u00FF' ? c : ' ';
            i++;
        }
        return kept;
    }

    private static readonly SearchValues<char> WordAscii =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789,@*!_'\"$. -");

    private static bool IsWordAscii(char c) =>
        c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9'
          or ',' or '@' or '*' or '!' or '_' or '\'' or '"' or '$' or '.' or ' ' or '-';

    /// <summary>The line with a space after the first and before the last character of each match ("$1 $2 $3").</summary>
    private ReadOnlySpan<char> SpaceOut(Regex regex, ReadOnlySpan<char> line)
    {
        int count = regex.Count(line);
        if (count == 0) return line;
        Span<char> output = Rewritten(line.Length + 2 * count);
        int written = 0, copied = 0;
        foreach (ValueMatch m in regex.EnumerateMatches(line))
        {
            int last = m.Index + m.Length - 1;
            Copy(line[copied..(m.Index + 1)], output, ref written);
            output[written++] = ' ';
            Copy(line[(m.Index + 1)..last], output, ref written);
            output[written++] = ' ';
            output[written++] = line[last];
            copied = last + 1;
        }
        Copy(line[copied..], output, ref written);
        return Swap(written);
    }

    /// <summary>
    /// SpamAssassin's <c>s/(?:^|\.\s+)([A-Z])([^A-Z]+)(?:\s|$)/ ' ' . (lc $1) . $2 . ' '/ge</c>: a capital that
    /// starts the line or a sentence, followed by no other capital, is lowered.
    /// </summary>
    private ReadOnlySpan<char> LowerSentenceStarts(ReadOnlySpan<char> line)
    {
        // Only a match at the line's start grows it: by two spaces at most.
        Span<char> output = Rewritten(line.Length + 2);
        int written = 0, copied = 0;
        foreach (ValueMatch m in SentenceStartTitleCase().EnumerateMatches(line))
        {
            ReadOnlySpan<char> match = line.Slice(m.Index, m.Length);
            int capital = 0;
            if (match[0] == '.') { capital = 1; while (match[capital] == ' ') capital++; }
            // At the end of the line the words ran to it ("$"); elsewhere they stop before a consumed space.
            bool atEnd = m.Index + m.Length == line.Length;
            Copy(line[copied..m.Index], output, ref written);
            output[written++] = ' ';
            output[written++] = (char)(match[capital] | 0x20);
            Copy(match[(capital + 1)..(atEnd ? match.Length : match.Length - 1)], output, ref written);
            output[written++] = ' ';
            copied = m.Index + m.Length;
        }
        if (copied == 0 && written == 0) return line;
        Copy(line[copied..], output, ref written);
        return Swap(written);
    }

    private Span<char> Rewritten(int capacity)
    {
        if (rewritten.Length < capacity) rewritten = new char[Math.Max(capacity, rewritten.Length * 2)];
        return rewritten;
    }

    /// <summary>The rewritten line becomes the current one; the other buffer is free for the next rewrite.</summary>
    private ReadOnlySpan<char> Swap(int length)
    {
        (text, rewritten) = (rewritten, text);
        return text.AsSpan(0, length);
    }

    private static void Copy(ReadOnlySpan<char> source, Span<char> output, ref int written)
    {
        source.CopyTo(output[written..]);
        written += source.Length;
    }

    /// <summary>Length of a well-formed 2-4 octet UTF-8 sequence at <paramref name="i"/>, else 0.</summary>
    private static int Utf8SequenceLength(ReadOnlySpan<char> s, int i)
    {
        char c = s[i];
        int length = c switch
        {
            >= '\u00C0' and <= '\u00DF' => 2,
            >= '\u00E0' and <= '\u00EF' => 3,
            >= '\u00F0' and <= '\u00F4' => 4,
            _ => 0,
        };
        if (length == 0 || i + length > s.Length) return 0;
        for (int k = 1; k < length; k++)
            if (!IsContinuation(s[i + k])) return 0;
        return length;
    }

    private static bool IsContinuation(char c) => c is >= '\u0080' and <= '\u00BF';

    private static bool IsPerlWordChar(char c) =>
        c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_';

    private static bool ContainsAddress(ReadOnlySpan<char> token)
    {
        // /\S\@\S/: an '@' with something on both sides (tokens contain no spaces).
        int at = token.Length > 1 ? token[1..].IndexOf('@') + 1 : 0;
        return at > 0 && at < token.Length - 1;
    }

    private static bool ContainsDomain(ReadOnlySpan<char> token)
    {
        for (int i = 1; i + 1 < token.Length; i++)
            if (token[i] == '.' && char.IsAsciiLetter(token[i + 1])) return true;
        return false;
    }

    /// <summary>"UD:" tokens for the whole token and each shorter domain suffix.</summary>
    private static void AddDomainTokens(ReadOnlySpan<char> token, TokenCollector output)
    {
        output.Add("UD:", token);
        ReadOnlySpan<char> bit = token;
        while (true)
        {
            int dot = bit.IndexOf('.');
            if (dot <= 0 || dot == bit.Length - 1) break;
            bit = bit[(dot + 1)..];
            output.Add("UD:", bit);
        }
    }

    /// <summary>Long tokens holding UTF-8 text become one "u8:" token per 3- or 4-octet character.</summary>
    private static bool TryAddUtf8Tokens(ReadOnlySpan<char> token, string prefix, TokenCollector output)
    {
        if (!HasTwoContinuationOctets(token)) return false;
        bool any = false;
        int i = 0;
        while (i < token.Length)
        {
            int length = WideUtf8CharLength(token, i);
            if (length > 0)
            {
                output.Add(prefix, "u8:", token.Slice(i, length));
                any = true;
                i += length;
            }
            else i++;
        }
        return any;
    }

    private static bool HasTwoContinuationOctets(ReadOnlySpan<char> token)
    {
        for (int i = 0; i + 1 < token.Length; i++)
            if (IsContinuation(token[i]) && IsContinuation(token[i + 1])) return true;
        return false;
    }

    /// <summary>Matches <c>(?:[\xE0-\xEF]|[\xF0-\xF4][\x80-\xBF])[\x80-\xBF]{2}</c> at i.</summary>
    private static int WideUtf8CharLength(ReadOnlySpan<char> s, int i)
    {
        char c = s[i];
        if (c is >= '\u00E0' and <= '\u00EF')
            return i + 2 < s.Length && IsContinuation(s[i + 1]) && IsContinuation(s[i + 2]) ? 3 : 0;
        if (c is >= '\u00F0' and <= '\u00F4')
            return i + 3 < s.Length && IsContinuation(s[i + 1]) && IsContinuation(s[i + 2]) && IsContinuation(s[i + 3]) ? 4 : 0;
        return 0;
    }

    /// <summary>"sk:" plus the first 7 characters (UTF-8 aware) when at least 2 more octets follow.</summary>
    private ReadOnlySpan<char> SkipToken(ReadOnlySpan<char> token)
    {
        int i = 0;
        for (int n = 0; n < 7; n++)
        {
            if (i >= token.Length) return token;
            char c = token[i];
            int length = c is <= '\u007F' or >= '\u00F5' ? 1 : Utf8SequenceLength(token, i);
            i += length == 0 ? 1 : length;
        }
        if (token.Length - i < 2) return token;
        if (skip.Length < i + 3) skip = new char[i + 3];
        "sk:".CopyTo(skip);
        token[..i].CopyTo(skip.AsSpan(3));
        return skip.AsSpan(0, i + 3);
    }

    /// <summary>
    /// Punctuation-free and lower-cased variants of body tokens ("Foo!" gives "Foo", "foo!", "foo").
    /// SpamAssassin holds URIs as character strings, so there Latin-1 letters count as word characters and
    /// lower-case too.
    /// </summary>
    private void AddDecomposed(ReadOnlySpan<char> token, string prefix, bool latin1Letters, TokenCollector output)
    {
        bool hasPunctuation = false, hasUpper = false;
        foreach (char c in token)
        {
            if (!IsKept(c, latin1Letters)) hasPunctuation = true;
            if (c is >= 'A' and <= 'Z') hasUpper = true;
        }
        if (hasPunctuation) output.Add(prefix, StripPunctuation(token, latin1Letters, ref stripped));
        if (hasUpper)
        {
            ReadOnlySpan<char> lower = latin1Letters ? LowerInvariant(token, ref lowered) : AsciiLower(token, ref lowered);
            output.Add(prefix, lower);
            if (hasPunctuation) output.Add(prefix, StripPunctuation(lower, latin1Letters, ref loweredStripped));
        }
    }

    private static bool IsKept(char c, bool latin1Letters) =>
        IsPerlWordChar(c) || c == ':' || c == '*' || (latin1Letters && c >= '\u00AA' && c <= '\u00FF' && char.IsLetter(c));

    private static Span<char> StripPunctuation(ReadOnlySpan<char> token, bool latin1Letters, ref char[] buffer)
    {
        Span<char> output = Buffer(ref buffer, token.Length);
        int written = 0;
        foreach (char c in token)
            if (IsKept(c, latin1Letters)) output[written++] = c;
        return output[..written];
    }

    private static Span<char> LowerInvariant(ReadOnlySpan<char> token, ref char[] buffer)
    {
        Span<char> output = Buffer(ref buffer, token.Length);
        token.ToLowerInvariant(output);
        return output;
    }

    /// <summary>Perl's <c>lc</c> on octet strings: only A-Z change.</summary>
    private static Span<char> AsciiLower(ReadOnlySpan<char> token, ref char[] buffer)
    {
        Span<char> output = Buffer(ref buffer, token.Length);
        for (int i = 0; i < token.Length; i++)
            output[i] = token[i] is >= 'A' and <= 'Z' ? (char)(token[i] | 0x20) : token[i];
        return output;
    }

    private static Span<char> Buffer(ref char[] buffer, int length)
    {
        if (buffer.Length < length) buffer = new char[Math.Max(length, buffer.Length * 2)];
        return buffer.AsSpan(0, length);
    }

    [GeneratedRegex(@"([A-Za-z0-9_])(\.{3,6})([A-Za-z0-9_])", RegexOptions.CultureInvariant)]
    private static partial Regex EllipsisBetweenWords();

    [GeneratedRegex(@"([A-Za-z0-9_])(-{2,6})([A-Za-z0-9_])", RegexOptions.CultureInvariant)]
    private static partial Regex DashesBetweenWords();

    // After KeepWordAlphabet the only whitespace left is the space.
    [GeneratedRegex(@"(?:^|\. +)([A-Z])([^A-Z]+)(?: |$)", RegexOptions.CultureInvariant)]
    private static partial Regex SentenceStartTitleCase();
}
