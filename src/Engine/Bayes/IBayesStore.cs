using Spamd.Engine.Learning;

namespace Spamd.Engine.Bayes;

/// <summary>
/// A Bayes database. Reads take all of a message's tokens at once so a network store costs one round trip per
/// message. Implementations are thread-safe; learning one message is atomic.
/// </summary>
public interface IBayesStore : IDisposable
{
    MessageCounts GetMessageCounts();

    /// <summary>Counts for those of <paramref name="keys"/> the database knows, in one query.</summary>
    Dictionary<long, TokenCounts> GetTokens(IReadOnlyCollection<long> keys);

    /// <summary>What scanning a message needs, in one query: the message counts and the known tokens.</summary>
    (MessageCounts Messages, Dictionary<long, TokenCounts> Tokens) ReadForScan(IReadOnlyCollection<long> keys);

    /// <summary>Learns or forgets one message atomically, honouring the seen-message ids.</summary>
    LearnOutcome Learn(LearnRequest request);

    /// <summary>Learns several messages in one transaction (bulk learning): all or none are stored.</summary>
    IReadOnlyList<LearnOutcome> LearnBatch(IReadOnlyList<LearnRequest> requests);

    BayesMagic GetMagic();

    /// <summary>Removes rarely used old tokens when the database has grown past <paramref name="maxTokens"/>.</summary>
    /// <returns>The number of tokens removed.</returns>
    long ExpireOldTokens(int maxTokens, long now, bool force);

    void Clear();

    /// <summary>Writes the database in <c>sa-learn --backup</c>'s text format.</summary>
    void Backup(TextWriter output);

    /// <summary>Replaces the database's contents with a <c>sa-learn --backup</c> file.</summary>
    void Restore(TextReader input);
}
