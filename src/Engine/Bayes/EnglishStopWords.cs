namespace Spamd.Engine.Bayes;

/// <summary>
/// The English stop words of the stock ruleset (<c>bayes_stopword_en</c>): frequent words that carry no
/// signal, skipped when they make up a whole token (case-insensitively).
/// </summary>
public static class EnglishStopWords
{
    public static IReadOnlySet<string> Words { get; } = new HashSet<string>(
    [
        "able", "already", "all", "and", "any", "are", "because", "both", "can", "come", "each", "email", "even",
        "few", "first", "for", "from", "give", "have", "has", "http", "information", "into", "it's", "just",
        "know", "like", "long", "look", "made", "mail", "mailing", "mailto", "make", "many", "more", "most",
        "much", "need", "not", "now", "number", "off", "only", "one", "out", "own", "people", "place", "right",
        "same", "see", "such", "that", "this", "through", "the", "time", "using", "web", "where", "why", "with",
        "without", "world", "work", "year", "years", "you", "you're", "your",
    ], StringComparer.OrdinalIgnoreCase);
}
