using System.Diagnostics;
using Spamd.Engine.Bayes;

namespace Spamd.Engine.Learning;

/// <summary>
/// Learns many messages into one database, as sa-learn does: messages are read, parsed and tokenized on
/// every core while the calling thread writes them in their order, a batch per transaction. A batch holds
/// up to <see cref="BatchSize"/> messages (large batches write each common token once for many messages) and
/// closes after <see cref="MaxBatchAge"/>, so progress shows steadily and a crash loses little: a batch is
/// reported only once committed, and a killed learner loses at most the batch in flight, never part of one.
/// </summary>
/// <param name="subjectTag"><c>rewrite_header Subject</c>: the tag taken off mail that went through a filter.</param>
public sealed class BulkLearner(BayesClassifier classifier, IBayesStore store, string? subjectTag = null)
{
    public int BatchSize { get; init; } = 1000;

    public TimeSpan MaxBatchAge { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Threads that read and tokenize; the writer is the calling thread.</summary>
    public int Workers { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// Learns (or forgets) the messages in their order. Each is given as a function that reads it, run on a
    /// worker; a null message (too large, say) is skipped and not counted. <paramref name="committed"/> hears
    /// each batch's outcomes once its transaction has committed.
    /// </summary>
    public void Learn(IEnumerable<Func<byte[]?>> messages, LearnAction action, Action<IReadOnlyList<LearnOutcome>>? committed = null)
    {
        var batch = new List<LearnRequest>(BatchSize);
        var batchAge = Stopwatch.StartNew();
        // Room for a batch being written and the next one being prepared, and no more.
        var requests = OrderedParallel.Map(messages, read => Prepare(read, action), Workers, window: 2 * BatchSize);
        foreach (LearnRequest? request in requests)
        {
            if (request == null) continue;
            batch.Add(request);
            if (batch.Count >= BatchSize || batchAge.Elapsed >= MaxBatchAge) Commit();
        }
        Commit();

        void Commit()
        {
            if (batch.Count == 0) return;
            var outcomes = store.LearnBatch(batch);
            batch.Clear();
            batchAge.Restart();
            committed?.Invoke(outcomes);
        }
    }

    private LearnRequest? Prepare(Func<byte[]?> read, LearnAction action)
    {
        byte[]? raw = read();
        if (raw == null) return null;
        // Mail that went through a SpamAssassin-compatible filter is learned as it was before the filter.
        return classifier.CreateRequest(raw, action, subjectTag);
    }
}
