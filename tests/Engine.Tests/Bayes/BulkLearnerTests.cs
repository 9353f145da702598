using System.Text;
using Spamd.Engine.Bayes;
using Spamd.Engine.Learning;
using Spamd.Engine.Mime;

namespace Spamd.Engine.Tests.Bayes;

public class BulkLearnerTests
{
    [Fact]
    public void Ordered_parallel_map_keeps_the_order_and_stays_within_its_window()
    {
        int inFlight = 0, mostInFlight = 0, delivered = 0;
        var source = Enumerable.Range(0, 500).Select(i =>
        {
            // Taken but not yet delivered: never more than the window.
            int now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref mostInFlight, now - Volatile.Read(ref delivered));
            return i;
        });
        var results = new List<int>();
        foreach (int result in OrderedParallel.Map(source, i => { Thread.SpinWait((500 - i) * 20); return i * 2; }, workers: 3, window: 8))
        {
            results.Add(result);
            Interlocked.Increment(ref delivered);
        }
        Assert.Equal(Enumerable.Range(0, 500).Select(i => i * 2), results);
        // The map counts an item delivered as it hands it over, a moment before this loop counts it: one more.
        Assert.InRange(mostInFlight, 1, 8 + 1);
    }

    [Fact]
    public void A_failing_item_fails_at_its_place_after_the_items_before_it()
    {
        var received = new List<int>();
        var e = Assert.Throws<IOException>(() =>
        {
            foreach (int i in OrderedParallel.Map(Enumerable.Range(0, 100), i => i == 37 ? throw new IOException("item 37") : i, workers: 2, window: 16))
                received.Add(i);
        });
        Assert.Equal("item 37", e.Message);
        Assert.Equal(Enumerable.Range(0, 37), received);
    }

    [Fact]
    public void Learns_in_batches_in_order_skipping_missing_messages_and_repeats()
    {
        using var dir = new TempDirectory();
        using var stores = new BayesStoreProvider(dir.File("bayes"));
        var classifier = new BayesClassifier(stores, raw => MailMessage.Parse(raw));
        var learner = new BulkLearner(classifier, stores.For(null)) { BatchSize = 7, Workers = 2 };
        byte[] Message(int i) => Encoding.ASCII.GetBytes($"From: a{i}@example.com\nTo: b@example.com\nSubject: s{i}\n\nbody word{i} common words here\n");
        // 40 messages, every tenth one missing (null) and message 5 given twice.
        var messages = Enumerable.Range(0, 40).Select(i => (Func<byte[]?>)(() => i % 10 == 9 ? null : Message(i == 20 ? 5 : i)));
        var batches = new List<IReadOnlyList<LearnOutcome>>();

        learner.Learn(messages, LearnAction.Ham, batches.Add);

        Assert.All(batches, batch => Assert.InRange(batch.Count, 1, 7));
        var outcomes = batches.SelectMany(b => b).ToList();
        Assert.Equal(36, outcomes.Count);
        // The repeat of message 5 (the 19th message learned) changes nothing.
        Assert.Equal(LearnOutcome.NothingDone, outcomes[18]);
        Assert.Equal(35, outcomes.Count(o => o == LearnOutcome.Done));
        Assert.Equal(new MessageCounts(0, 35), stores.For(null).GetMessageCounts());
    }

    [Fact]
    public void Parses_with_the_classifiers_parser_and_its_uri_options()
    {
        using var dir = new TempDirectory();
        using var stores = new BayesStoreProvider(dir.File("bayes"));
        int parsed = 0;
        var classifier = new BayesClassifier(stores, raw =>
        {
            Interlocked.Increment(ref parsed);
            return MailMessage.Parse(raw);
        });
        var learner = new BulkLearner(classifier, stores.For(null)) { Workers = 2 };
        var messages = Enumerable.Range(0, 5).Select(i => (Func<byte[]?>)(() =>
            Encoding.ASCII.GetBytes($"From: a{i}@example.com\nSubject: s{i}\n\nbody word{i}\n")));

        learner.Learn(messages, LearnAction.Spam);

        // The parser carries the configuration's URI options (redirector_pattern ...): learning must not bypass it.
        Assert.Equal(5, parsed);
        Assert.Equal(new MessageCounts(5, 0), stores.For(null).GetMessageCounts());
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current) { }
    }
}
