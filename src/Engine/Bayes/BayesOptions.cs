namespace Spamd.Engine.Bayes;

/// <summary>The Bayes settings of SpamAssassin's configuration, with SpamAssassin 4.0.1's defaults.</summary>
public sealed record BayesOptions
{
    /// <summary><c>bayes_min_spam_num</c>: below this many learned spams Bayes gives no verdict.</summary>
    public int MinSpamCount { get; init; } = 200;

    /// <summary><c>bayes_min_ham_num</c>.</summary>
    public int MinHamCount { get; init; } = 200;

    /// <summary><c>bayes_max_token_length</c>: longer tokens become skip tokens.</summary>
    public int MaxTokenLength { get; init; } = 15;

    /// <summary><c>bayes_use_hapaxes</c>: use tokens seen only once.</summary>
    public bool UseHapaxes { get; init; } = true;

    /// <summary><c>bayes_ignore_header</c>, lower-cased header names.</summary>
    public IReadOnlySet<string> IgnoredHeaders { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Whole-token, case-insensitive stop words (<c>bayes_stopword_languages en</c>, the stock default).
    /// Empty disables stop words.
    /// </summary>
    public IReadOnlySet<string> StopWords { get; init; } = EnglishStopWords.Words;

    /// <summary>
    /// <c>trusted_networks</c> / <c>internal_networks</c> as written (empty: inferred): they decide the relay
    /// metadata ("X-Spam-Relays-*") SpamAssassin tokenizes with the headers.
    /// </summary>
    public IReadOnlyList<string> TrustedNetworks { get; init; } = [];

    public IReadOnlyList<string> InternalNetworks { get; init; } = [];

    /// <summary><c>bayes_expiry_max_db_size</c>: expiry starts above this many tokens.</summary>
    public int ExpiryMaxDbSize { get; init; } = 150_000;

    /// <summary><c>bayes_auto_expire</c>.</summary>
    public bool AutoExpire { get; init; } = true;

    /// <summary>
    /// Beyond SpamAssassin: also learn pairs of adjacent body words ("B*:" tokens). They sit beside the
    /// compatible tokens, so SpamAssassin databases still import (and give SpamAssassin's probabilities until
    /// we learn into them) and SpamAssassin ignores them in exports. On by default: on the dev split they
    /// halve Bayes' false positives and raise its recall (benchmarks/README.md); <c>bayes_word_pairs 0</c>
    /// gives SpamAssassin's exact tokens.
    /// </summary>
    public bool BodyBigrams { get; init; } = true;

    /// <summary>
    /// Beyond SpamAssassin: how the two chi-square tails become the message's probability. The default
    /// <see cref="BayesCombining.TailRatio"/> compares them by their ratio: on the dev split it takes the rules
    /// + Bayes false positives from 3 to 0 and the recall from 91.05% to 92.69% (benchmarks/README.md);
    /// <c>bayes_combining spamassassin</c> gives SpamAssassin's probabilities digit for digit.
    /// </summary>
    public BayesCombining Combining { get; init; } = BayesCombining.TailRatio;

    public static BayesOptions Default { get; } = new();
}
