using System.Text;
using System.Text.RegularExpressions;

namespace Spamd.Engine.Bayes;

/// <summary>
/// Splits one line of text into Bayes tokens exactly as SpamAssassin's <c>_tokenize_line</c> does: octets
/// outside the word alphabet become spaces, "Title case" at sentence starts is lowered, long tokens become
/// skip or UTF-8 tokens, body tokens also yield address/domain and decomposed variants.
/// </summary>
internal sealed partial class LineTokenizer(BayesOptions options)
{
    private readonly Dictionary<string, bool> stopWordCache = new(StringComparer.Ordinal);

    public void Tokenize(string line, string prefix, TokenRegion region, List<string> output)
    {
        string text = KeepWordAlphabet(line);
        // The regexes only run on lines that can match: most lines have no "..." or "--".
        if (text.Contains("...", StringComparison.Ordinal)) text = EllipsisBetweenWords().Replace(text, "$1 $2 $3");
        if (text.Contains("--", StringComparison.Ordinal)) text = DashesBetweenWords().Replace(text, "$1 $2 $3");
        if (region != TokenRegion.Header && text.AsSpan().ContainsAnyInRange('A', 'Z'))
            text = SentenceStartTitleCase().Replace(text, m => " " + char.ToLowerInvariant(m.Groups[1].Value[0]) + m.Groups[2].Value + " ");

        bool bigrams = options.BodyBigrams && region == TokenRegion.Body;
        string? previous = null;
        foreach (string rawToken in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            string token = rawToken.Trim(TrimmedPunctuation);
            if (token.Length < 3 || IsStopWord(token)) continue;

            if (bigrams)
            {
                // Word pairs (beyond SpamAssassin): stored beside the compatible tokens, which they do not change.
                string word = AsciiLower(token);
                if (previous != null) output.Add(prefix + "B*:" + previous + " " + word);
                previous = word;
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
            output.Add(prefix + token);
        }
    }

    /// <summary>Forget the stop-word decisions of the previous message.</summary>
    public void Reset() => stopWordCache.Clear();

    private static readonly char[] TrimmedPunctuation = ['-', '\'', '"', '.', ','];

    private bool IsStopWord(string token)
    {
        if (options.StopWords.Count == 0) return false;
        if (!stopWordCache.TryGetValue(token, out bool stop))
        {
            stop = options.StopWords.Contains(token);
            stopWordCache[token] = stop;
        }
        return stop;
    }

    /// <summary>
    /// Keeps ASCII letters, digits, space and <c>,@*!_'"$.-</c>, well-formed UTF-8 sequences and lone octets
    /// 0xA1-0xFF; every other octet becomes a space.
    /// </summary>
    internal static string KeepWordAlphabet(string line)
    {
        int i = line.AsSpan().IndexOfAnyExcept(WordAscii);
        if (i < 0) return line;
        var sb = new StringBuilder(line.Length);
        sb.Append(line, 0, i);
        while (i < line.Length)
        {
            char c = line[i];
            if (IsWordAscii(c)) { sb.Append(c); i++; continue; }
            int sequence = Utf8SequenceLength(line, i);
            if (sequence > 1) { sb.Append(line, i, sequence); i += sequence; continue; }
            sb.Append(c >= '\u00A1' && c <= '\u00FF' ? c : ' ');
            i++;
        }
        return sb.ToString();
    }

    private static readonly System.Buffers.SearchValues<char> WordAscii =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789,@*!_'\"$. -");

    private static bool IsWordAscii(char c) =>
        c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9'
          or ',' or '@' or '*' or '!' or '_' or '\'' or '"' or '$' or '.' or ' ' or '-';

    /// <summary>Length of a well-formed 2-4 octet UTF-8 sequence at <paramref name="i"/>, else 0.</summary>
    private static int Utf8SequenceLength(string s, int i)
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

    private static bool ContainsAddress(string token)
    {
        // /\S\@\S/: an '@' with something on both sides (tokens contain no spaces).
        int at = token.IndexOf('@', 1);
        return at > 0 && at < token.Length - 1;
    }

    private static bool ContainsDomain(string token)
    {
        for (int i = 1; i + 1 < token.Length; i++)
            if (token[i] == '.' && char.IsAsciiLetter(token[i + 1])) return true;
        return false;
    }

    /// <summary>"UD:" tokens for the whole token and each shorter domain suffix.</summary>
    private static void AddDomainTokens(string token, List<string> output)
    {
        output.Add("UD:" + token);
        string bit = token;
        while (true)
        {
            int dot = bit.IndexOf('.');
            if (dot <= 0 || dot == bit.Length - 1) break;
            bit = bit[(dot + 1)..];
            output.Add("UD:" + bit);
        }
    }

    /// <summary>Long tokens holding UTF-8 text become one "u8:" token per 3- or 4-octet character.</summary>
    private static bool TryAddUtf8Tokens(string token, string prefix, List<string> output)
    {
        if (!HasTwoContinuationOctets(token)) return false;
        bool any = false;
        int i = 0;
        while (i < token.Length)
        {
            int length = WideUtf8CharLength(token, i);
            if (length > 0)
            {
                output.Add(prefix + "u8:" + token.Substring(i, length));
                any = true;
                i += length;
            }
            else i++;
        }
        return any;
    }

    private static bool HasTwoContinuationOctets(string token)
    {
        for (int i = 0; i + 1 < token.Length; i++)
            if (IsContinuation(token[i]) && IsContinuation(token[i + 1])) return true;
        return false;
    }

    /// <summary>Matches <c>(?:[\xE0-\xEF]|[\xF0-\xF4][\x80-\xBF])[\x80-\xBF]{2}</c> at i.</summary>
    private static int WideUtf8CharLength(string s, int i)
    {
        char c = s[i];
        if (c is >= '\u00E0' and <= '\u00EF')
            return i + 2 < s.Length && IsContinuation(s[i + 1]) && IsContinuation(s[i + 2]) ? 3 : 0;
        if (c is >= '\u00F0' and <= '\u00F4')
            return i + 3 < s.Length && IsContinuation(s[i + 1]) && IsContinuation(s[i + 2]) && IsContinuation(s[i + 3]) ? 4 : 0;
        return 0;
    }

    /// <summary>"sk:" plus the first 7 characters (UTF-8 aware) when at least 2 more octets follow.</summary>
    private static string SkipToken(string token)
    {
        int i = 0;
        for (int n = 0; n < 7; n++)
        {
            if (i >= token.Length) return token;
            char c = token[i];
            int length = c is <= '\u007F' or >= '\u00F5' ? 1 : Utf8SequenceLength(token, i);
            i += length == 0 ? 1 : length;
        }
        return token.Length - i >= 2 ? "sk:" + token[..i] : token;
    }

    /// <summary>
    /// Punctuation-free and lower-cased variants of body tokens ("Foo!" gives "Foo", "foo!", "foo").
    /// SpamAssassin holds URIs as character strings, so there Latin-1 letters count as word characters and
    /// lower-case too.
    /// </summary>
    private static void AddDecomposed(string token, string prefix, bool latin1Letters, List<string> output)
    {
        bool hasPunctuation = false, hasUpper = false;
        foreach (char c in token)
        {
            if (!IsKept(c, latin1Letters)) hasPunctuation = true;
            if (c is >= 'A' and <= 'Z') hasUpper = true;
        }
        if (hasPunctuation) output.Add(prefix + StripPunctuation(token, latin1Letters));
        if (hasUpper)
        {
            string lower = latin1Letters ? token.ToLowerInvariant() : AsciiLower(token);
            output.Add(prefix + lower);
            if (hasPunctuation) output.Add(prefix + StripPunctuation(lower, latin1Letters));
        }
    }

    private static bool IsKept(char c, bool latin1Letters) =>
        IsPerlWordChar(c) || c == ':' || c == '*' || (latin1Letters && c >= '\u00AA' && c <= '\u00FF' && char.IsLetter(c));

    private static string StripPunctuation(string token, bool latin1Letters)
    {
        var sb = new StringBuilder(token.Length);
        foreach (char c in token)
            if (IsKept(c, latin1Letters)) sb.Append(c);
        return sb.ToString();
    }

    internal static string AsciiLower(string s)
    {
        // Perl's lc on octet strings changes only A-Z; most words have none, and keep their string.
        if (!s.AsSpan().ContainsAnyInRange('A', 'Z')) return s;
        return string.Create(s.Length, s, static (span, src) =>
        {
            for (int i = 0; i < src.Length; i++)
                span[i] = src[i] is >= 'A' and <= 'Z' ? (char)(src[i] | 0x20) : src[i];
        });
    }

    [GeneratedRegex(@"([A-Za-z0-9_])(\.{3,6})([A-Za-z0-9_])", RegexOptions.CultureInvariant)]
    private static partial Regex EllipsisBetweenWords();

    [GeneratedRegex(@"([A-Za-z0-9_])(-{2,6})([A-Za-z0-9_])", RegexOptions.CultureInvariant)]
    private static partial Regex DashesBetweenWords();

    // After KeepWordAlphabet the only whitespace left is the space.
    [GeneratedRegex(@"(?:^|\. +)([A-Z])([^A-Z]+)(?: |$)", RegexOptions.CultureInvariant)]
    private static partial Regex SentenceStartTitleCase();
}
