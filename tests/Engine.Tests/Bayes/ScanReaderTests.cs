using Spamd.Engine.Bayes;
using Spamd.Engine.Learning;

namespace Spamd.Engine.Tests.Bayes;

/// <summary>Scans keep their read connections between messages: they must still see every change.</summary>
public class ScanReaderTests
{
    private static LearnRequest Request(string id, LearnAction action, params long[] tokens) => new([id], action, tokens, 1_000_000);

    [Fact]
    public void A_kept_reader_sees_what_another_connection_learned_since()
    {
        using var dir = new TempDirectory();
        using var daemon = new SqliteBayesStore(dir.File("bayes.sqlite"));
        using var learner = new SqliteBayesStore(dir.File("bayes.sqlite")); // as sa-learn next to the daemon
        learner.Learn(Request("a", LearnAction.Spam, 1, 2));
        Assert.Equal(new MessageCounts(1, 0), daemon.ReadForScan([1]).Messages);

        learner.Learn(Request("b", LearnAction.Ham, 2, 3));
        learner.Learn(Request("a", LearnAction.Forget, 1, 2));
        var (counts, tokens) = daemon.ReadForScan([1, 2, 3]);
        Assert.Equal(new MessageCounts(0, 1), counts);
        Assert.False(tokens.ContainsKey(1));
        Assert.Equal(new TokenCounts(0, 1, 1_000_000), tokens[2]);
    }

    [Fact]
    public void Concurrent_scans_each_read_the_whole_answer()
    {
        using var dir = new TempDirectory();
        using var store = new SqliteBayesStore(dir.File("bayes.sqlite"));
        store.Learn(Request("a", LearnAction.Spam, [.. Enumerable.Range(1, 500).Select(i => (long)i)]));

        Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var (counts, tokens) = store.ReadForScan([.. Enumerable.Range(1 + i, 100).Select(k => (long)k)]);
            Assert.Equal(new MessageCounts(1, 0), counts);
            Assert.Equal(100, tokens.Count);
        });
    }
}
