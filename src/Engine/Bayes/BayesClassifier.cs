using Spamd.Engine.Learning;
using Spamd.Engine.Mime;

namespace Spamd.Engine.Bayes;

/// <summary>
/// SpamAssassin-compatible Bayes: the message's spam probability for check_bayes, and learning (TELL,
/// sa-learn). Thread-safe.
/// </summary>
public sealed class BayesClassifier(BayesStoreProvider stores, Func<ReadOnlyMemory<byte>, IMailMessage> parse, BayesOptions? options = null)
    : ILearner
{
    private readonly BayesOptions options = options ?? BayesOptions.Default;
    // A tokenizer keeps buffers between messages; one per thread.
    private readonly ThreadLocal<BayesTokenizer> tokenizers = new(() => new BayesTokenizer(options ?? BayesOptions.Default));
    // The tokens each message was scored on, for as long as the message lives (a scan's autolearn reuses them).
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<IMailMessage, long[]> scannedTokens = new();

    /// <summary>
    /// Whether the database has learned enough (bayes_min_spam_num / bayes_min_ham_num) for Bayes to give
    /// verdicts; SpamAssassin switches to the Bayes score sets then.
    /// </summary>
    public bool IsAvailable(string? user)
    {
        try
        {
            return IsAvailable(stores.For(user));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            return false;
        }
    }

    public bool IsAvailable(IBayesStore store)
    {
        MessageCounts counts = store.GetMessageCounts();
        return counts.Spam >= options.MinSpamCount && counts.Ham >= options.MinHamCount;
    }

    /// <summary>
    /// The spam probability (0..1), or null when Bayes has no verdict: too few messages learned, no known
    /// tokens, or no significant ones.
    /// </summary>
    /// <param name="relayHeader">The relay metadata when the caller has parsed it already (see <see cref="BayesTokenizer.Tokenize"/>).</param>
    public double? Probability(IMailMessage message, string? user, Func<string, string?>? relayHeader = null)
    {
        try
        {
            return Probability(message, stores.For(user), relayHeader);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            // A user's database that cannot be opened or read: that scan runs without Bayes.
            return null;
        }
    }

    public double? Probability(IMailMessage message, IBayesStore store, Func<string, string?>? relayHeader = null)
    {
        long[] tokens = tokenizers.Value!.TokenKeys(message, relayHeader);
        // Autolearn at the end of the same scan learns these very tokens: kept with the message, not recomputed.
        scannedTokens.AddOrUpdate(message, tokens);
        // One round trip per message: counts and tokens together.
        var (counts, known) = store.ReadForScan(tokens);
        if (counts.Spam < options.MinSpamCount || counts.Ham < options.MinHamCount) return null;
        return Combine(known.Values, counts, options.UseHapaxes, options.Combining);
    }

    /// <summary>The chi-square result for a message's known token counts (null: nothing significant).</summary>
    public static double? Combine(IEnumerable<TokenCounts> known, MessageCounts counts, bool useHapaxes = true,
        BayesCombining combining = BayesCombining.SpamAssassin)
    {
        var probabilities = new List<double>();
        foreach (TokenCounts token in known)
            if (ChiSquareCombiner.TokenProbability(token.Spam, token.Ham, counts.Spam, counts.Ham, useHapaxes) is { } p)
                probabilities.Add(p);
        if (probabilities.Count == 0) return null;

        probabilities.Sort((a, b) => Math.Abs(b - 0.5).CompareTo(Math.Abs(a - 0.5)));
        var significant = new List<double>(ChiSquareCombiner.SignificantTokens);
        foreach (double p in probabilities.Take(ChiSquareCombiner.SignificantTokens))
            if (Math.Abs(p - 0.5) >= ChiSquareCombiner.MinProbStrength) significant.Add(p);
        return ChiSquareCombiner.Combine(counts.Spam, counts.Ham, significant, combining);
    }

    public LearnOutcome Learn(IMailMessage message, IBayesStore store, LearnAction action) =>
        store.Learn(CreateRequest(message, action));

    /// <summary>Everything the store needs to learn a message; callers may prepare these in parallel.</summary>
    public LearnRequest CreateRequest(IMailMessage message, LearnAction action, Func<string, string?>? relayHeader = null)
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        long[] tokens = tokenizers.Value!.TokenKeys(message, relayHeader);
        return new LearnRequest(MessageIdentity.Ids(message), action, tokens, MessageIdentity.ReceiveTime(message, now));
    }

    /// <summary>
    /// The learn request for raw mail, parsed as this classifier parses (with its configuration's URI options),
    /// without the markup a SpamAssassin-compatible filter added (<paramref name="subjectTag"/>: rewrite_header Subject).
    /// </summary>
    public LearnRequest CreateRequest(byte[] raw, LearnAction action, string? subjectTag) =>
        CreateRequest(parse(SpamAssassinMarkup.Remove(raw, subjectTag)), action);

    /// <summary>The learn request for a message this classifier scored in the same scan, from its tokens then.</summary>
    private LearnRequest CreateScannedRequest(IMailMessage message, LearnAction action, Func<string, string?>? relayHeader)
    {
        if (!scannedTokens.TryGetValue(message, out var tokens)) return CreateRequest(message, action, relayHeader);
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return new LearnRequest(MessageIdentity.Ids(message), action, tokens, MessageIdentity.ReceiveTime(message, now));
    }

    /// <summary>
    /// Autolearn: learns a scanned message into the user's database, but never relearns one already learned
    /// (as SpamAssassin's autolearn, which runs with no_relearn). True when the database changed.
    /// </summary>
    public bool AutoLearn(IMailMessage message, string? user, bool asSpam, Func<string, string?>? relayHeader = null)
    {
        var request = CreateScannedRequest(message, asSpam ? LearnAction.Spam : LearnAction.Ham, relayHeader) with { NoRelearn = true };
        return stores.For(user).Learn(request) == LearnOutcome.Done;
    }

    public LearnOutcome Learn(ReadOnlyMemory<byte> message, string? user, LearnAction action, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // Mail that went through a SpamAssassin-compatible filter is learned as it was before the filter.
        return Learn(parse(SpamAssassinMarkup.Remove(message.ToArray(), subjectTag: null)), stores.For(user), action);
    }
}
