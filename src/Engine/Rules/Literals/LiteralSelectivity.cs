namespace Spamd.Engine.Rules.Literals;

/// <summary>
/// A rough estimate of how often a folded literal occurs in a paragraph of mail, to choose among the literals a
/// regex requires: "you" is required as surely as "viagra", but only the second makes the rule rarely run.
/// Built-in and generic (length, frequent English and mail words, leetspeak), never tuned on a corpus.
/// </summary>
public static class LiteralSelectivity
{
    /// <summary>Frequency given to a literal that is part of a very common word.</summary>
    private const double CommonWordFrequency = 0.3;

    /// <summary>
    /// Frequent English function words and mail vocabulary: a literal found inside one of them ("you", "our",
    /// "ould", "ttp") occurs at least as often as that word.
    /// </summary>
    private static readonly string[] CommonWords =
    [
        "the", "and", "that", "have", "for", "not", "with", "you", "this", "but", "his", "from", "they", "say",
        "her", "she", "will", "one", "all", "would", "there", "their", "what", "out", "about", "who", "get",
        "which", "when", "make", "can", "like", "time", "just", "him", "know", "take", "people", "into", "year",
        "your", "good", "some", "could", "them", "see", "other", "than", "then", "now", "look", "only", "come",
        "its", "over", "think", "also", "back", "after", "use", "two", "how", "our", "work", "first", "well",
        "way", "even", "new", "want", "because", "any", "these", "give", "day", "most", "are", "was", "were",
        "been", "has", "had", "more", "here", "there", "where", "should", "please", "thanks", "thank",
        "http", "https", "www", "com", "html", "mail", "email", "list", "message", "information", "send",
        "free", "click", "name", "address", "business", "money", "order", "today", "help", "mailto",
        "subscribe", "unsubscribe", "receive", "received", "following", "number", "internet", "service",
    ];

    /// <summary>
    /// Whether a literal is worth looking for: three characters or more, or a shorter run of symbols that most
    /// text does without ("$", "@", "%", "&lt;br").
    /// </summary>
    public static bool IsUsable(string literal) =>
        literal.Length >= LiteralExtractor.MinimumLength || (literal.Length > 0 && literal.All(IsUncommonSymbol));

    private static bool IsUncommonSymbol(char c) =>
        c is '$' or '@' or '%' or '#' or '*' or '|' or '~' or '^' or '<' or '>' or '{' or '}' or '[' or ']' or '=' or '\\' or '&' or '_' or '+';

    private static readonly int LongestCommonWord = CommonWords.Max(w => w.Length);

    /// <summary>Estimated chance (0-1] that a paragraph contains the folded literal.</summary>
    public static double Frequency(string literal)
    {
        if (!IsUsable(literal)) return 1;
        if (literal.Length < LiteralExtractor.MinimumLength) return literal.Length == 1 ? 0.2 : 0.08;
        double frequency = literal.Length switch
        {
            3 => 0.05,
            4 => 0.02,
            5 => 0.008,
            _ => 0.003 * Math.Pow(0.5, literal.Length - 6),
        };
        if (IsLeetspeak(literal)) frequency *= 0.1;
        var core = literal.AsSpan().Trim(" \t\r\n");
        if (core.Length >= LiteralExtractor.MinimumLength && core.Length <= LongestCommonWord && IsAllLetters(core))
            foreach (var word in CommonWords)
                if (word.AsSpan().Contains(core, StringComparison.Ordinal))
                    return Math.Max(frequency, CommonWordFrequency);
        return frequency;
    }

    /// <summary>
    /// The expected number of the literals a paragraph contains (lower is more selective); infinite when one is
    /// too short to look for.
    /// </summary>
    public static double Cost(IReadOnlyCollection<string> literals)
    {
        double sum = 0;
        foreach (var literal in literals)
        {
            // A literal too short to prefilter on makes the whole set useless.
            if (!IsUsable(literal)) return double.PositiveInfinity;
            sum += Frequency(literal);
        }
        return sum;
    }

    /// <summary>A digit or symbol between two letters ("p@y", "v1agra"): a spelling real text seldom has.</summary>
    private static bool IsLeetspeak(string literal)
    {
        for (int i = 1; i + 1 < literal.Length; i++)
            if (!char.IsAsciiLetter(literal[i]) && literal[i] != ' ' && char.IsAsciiLetter(literal[i - 1]) && char.IsAsciiLetter(literal[i + 1]))
                return true;
        return false;
    }

    private static bool IsAllLetters(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
            if (!char.IsAsciiLetter(c)) return false;
        return true;
    }
}
