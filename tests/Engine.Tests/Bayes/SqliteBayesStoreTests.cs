using Microsoft.Data.Sqlite;
using Spamd.Engine.Bayes;
using Spamd.Engine.Learning;

namespace Spamd.Engine.Tests.Bayes;

public class SqliteBayesStoreTests
{
    private static LearnRequest Request(string id, LearnAction action, params long[] tokens) =>
        new([id, id + "-alt"], action, tokens, 1_000_000);

    [Fact]
    public void Learning_twice_is_a_no_op_and_relearning_moves_counts()
    {
        using var dir = new TempDirectory();
        using var store = new SqliteBayesStore(dir.File("bayes.sqlite"));

        Assert.Equal(LearnOutcome.Done, store.Learn(Request("m1", LearnAction.Spam, 1, 2, 3)));
        Assert.Equal(LearnOutcome.NothingDone, store.Learn(Request("m1", LearnAction.Spam, 1, 2, 3)));
        Assert.Equal(new MessageCounts(1, 0), store.GetMessageCounts());
        Assert.Equal(new TokenCounts(1, 0, 1_000_000), store.GetTokens([1])[1]);

        Assert.Equal(LearnOutcome.Done, store.Learn(Request("m1", LearnAction.Ham, 1, 2, 3)));
        Assert.Equal(new MessageCounts(0, 1), store.GetMessageCounts());
        Assert.Equal(new TokenCounts(0, 1, 1_000_000), store.GetTokens([2])[2]);
    }

    [Fact]
    public void Scan_reads_counts_and_tokens_together()
    {
        using var dir = new TempDirectory();
        using var store = new SqliteBayesStore(dir.File("bayes.sqlite"));
        var (empty, none) = store.ReadForScan([1, 2]);
        Assert.Equal(new MessageCounts(0, 0), empty);
        Assert.Empty(none);

        store.Learn(Request("a", LearnAction.Spam, 1, 2));
        store.Learn(Request("b", LearnAction.Ham, 2, 3));
        var (counts, tokens) = store.ReadForScan([2, 3, 4]);
        Assert.Equal(new MessageCounts(1, 1), counts);
        Assert.Equal(new TokenCounts(1, 1, 1_000_000), tokens[2]);
        Assert.Equal(2, tokens.Count);
    }

    [Fact]
    public void Forgetting_undoes_learning()
    {
        using var dir = new TempDirectory();
        using var store = new SqliteBayesStore(dir.File("bayes.sqlite"));
        store.Learn(Request("a", LearnAction.Ham, 1, 2));
        store.Learn(Request("b", LearnAction.Ham, 2, 3));

        Assert.Equal(LearnOutcome.Done, store.Learn(Request("a", LearnAction.Forget, 1, 2)));
        Assert.Equal(LearnOutcome.NothingDone, store.Learn(Request("a", LearnAction.Forget, 1, 2)));
        Assert.Equal(new MessageCounts(0, 1), store.GetMessageCounts());
        var tokens = store.GetTokens([1, 2, 3]);
        Assert.False(tokens.ContainsKey(1));
        Assert.Equal(1, tokens[2].Ham);
        Assert.Equal(1, tokens[3].Ham);
    }

    [Fact]
    public void A_message_is_recognised_by_its_Message_Id_from_older_databases()
    {
        using var dir = new TempDirectory();
        using var store = new SqliteBayesStore(dir.File("bayes.sqlite"));
        store.Restore(new StringReader("v\t3\tdb_version\nv\t1\tnum_spam\nv\t0\tnum_nonspam\ns\ts\tmid@x\n"));
        Assert.Equal(LearnOutcome.NothingDone, store.Learn(new LearnRequest(["generated-2", "mid@x"], LearnAction.Spam, [7], 5)));
    }

    [Fact]
    public void A_batch_applies_its_messages_in_order()
    {
        using var dir = new TempDirectory();
        using var store = new SqliteBayesStore(dir.File("bayes.sqlite"));
        store.Learn(Request("old", LearnAction.Ham, 5, 6));

        var outcomes = store.LearnBatch(
        [
            Request("a", LearnAction.Spam, 1, 2),
            Request("a", LearnAction.Spam, 1, 2),      // already learned, earlier in this batch
            Request("b", LearnAction.Ham, 2, 3),
            Request("b", LearnAction.Forget, 2, 3),    // forgotten again
            Request("old", LearnAction.Spam, 5, 6),    // relearned as the other class
        ]);

        Assert.Equal([LearnOutcome.Done, LearnOutcome.NothingDone, LearnOutcome.Done, LearnOutcome.Done, LearnOutcome.Done], outcomes);
        Assert.Equal(new MessageCounts(2, 0), store.GetMessageCounts());
        var tokens = store.GetTokens([1, 2, 3, 5, 6]);
        Assert.Equal(new TokenCounts(1, 0, 1_000_000), tokens[1]);
        Assert.Equal(new TokenCounts(1, 0, 1_000_000), tokens[2]);
        Assert.False(tokens.ContainsKey(3));
        Assert.Equal(new TokenCounts(1, 0, 1_000_000), tokens[5]);
        Assert.Equal(LearnOutcome.NothingDone, store.Learn(Request("b", LearnAction.Forget, 2, 3)));
    }

    [Fact]
    public void Backup_and_restore_round_trip_in_sa_learn_format()
    {
        using var dir = new TempDirectory();
        using var store = new SqliteBayesStore(dir.File("a.sqlite"));
        store.Learn(Request("x", LearnAction.Spam, 0x0102030405, 42));
        store.Learn(Request("y", LearnAction.Ham, 42));
        var backup = new StringWriter();
        store.Backup(backup);
        string text = backup.ToString();
        Assert.StartsWith("v\t3\tdb_version # this must be the first line!!!\nv\t1\tnum_spam\nv\t1\tnum_nonspam\n", text);
        Assert.Contains("t\t1\t0\t1000000\t0102030405\n", text);
        Assert.Contains("s\ts\tx\n", text);

        using var copy = new SqliteBayesStore(dir.File("b.sqlite"));
        copy.Restore(new StringReader(text));
        Assert.Equal(store.GetMessageCounts(), copy.GetMessageCounts());
        Assert.Equal(store.GetTokens([42, 0x0102030405]), copy.GetTokens([42, 0x0102030405]));
        Assert.Equal(LearnOutcome.NothingDone, copy.Learn(Request("y", LearnAction.Ham, 42)));
    }

    [Fact]
    public void Restore_rejects_a_file_without_version_line()
    {
        using var dir = new TempDirectory();
        using var store = new SqliteBayesStore(dir.File("a.sqlite"));
        Assert.Throws<FormatException>(() => store.Restore(new StringReader("t\t1\t0\t5\tabcdefabcd\n")));
    }

    [Fact]
    public void Expiry_drops_old_tokens_down_towards_the_goal()
    {
        using var dir = new TempDirectory();
        using var store = new SqliteBayesStore(dir.File("a.sqlite"));
        const long now = 2_000_000_000;
        // 102,000 recent tokens and 5,000 a year old: the old ones go, the database keeps 100,000+.
        store.Learn(new LearnRequest(["old"], LearnAction.Ham, Enumerable.Range(1, 5_000).Select(i => (long)i).ToArray(), now - 365 * 86_400));
        store.Learn(new LearnRequest(["new"], LearnAction.Ham, Enumerable.Range(10_001, 102_000).Select(i => (long)i).ToArray(), now));
        long removed = store.ExpireOldTokens(maxTokens: 100_000, now, force: false);
        Assert.Equal(5_000, removed);
        var magic = store.GetMagic();
        Assert.Equal(102_000, magic.TokenCount);
        Assert.Equal(5_000, magic.LastExpireReduction);
    }

    [Fact]
    public void Readers_are_not_blocked_by_an_open_write_transaction()
    {
        using var dir = new TempDirectory();
        string path = dir.File("a.sqlite");
        using var store = new SqliteBayesStore(path);
        store.Learn(Request("x", LearnAction.Spam, 9));

        using var other = new SqliteConnection($"Data Source={path}");
        other.Open();
        using var transaction = other.BeginTransaction(deferred: false);
        using (var write = other.CreateCommand())
        {
            write.Transaction = transaction;
            write.CommandText = "UPDATE tokens SET spam = 99";
            write.ExecuteNonQuery();
        }
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(1, store.GetTokens([9])[9].Spam);   // the committed value, at once
        Assert.True(watch.ElapsedMilliseconds < 1000);
        transaction.Rollback();
    }
}
