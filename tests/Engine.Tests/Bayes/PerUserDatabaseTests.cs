using Spamd.Engine.Bayes;
using Spamd.Engine.Learning;
using Spamd.Engine.Mime;

namespace Spamd.Engine.Tests.Bayes;

/// <summary>
/// spamd with users: "~" in bayes_path is each user's own directory, and many users learning (TELL, autolearn)
/// and scanning at once never see a lock error nor each other's messages.
/// </summary>
public class PerUserDatabaseTests
{
    [Fact]
    public void A_tilde_path_gives_each_user_a_database_in_their_directory()
    {
        using var dir = new TempDirectory();
        using var stores = new BayesStoreProvider("~/.spamassassin/bayes", user => user == "ghost" ? null : Path.Combine(dir.Path, user));
        Assert.Equal(Path.Combine(dir.Path, "alice", ".spamassassin", "bayes.sqlite"), stores.PathFor("alice"));
        string shared = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".spamassassin", "bayes.sqlite");
        Assert.Equal(shared, stores.PathFor(null));
        Assert.Equal(shared, stores.PathFor("ghost"));
        // A site path without "~" is shared by everyone, as in SpamAssassin.
        using var site = new BayesStoreProvider(dir.File("site/bayes"), user => Path.Combine(dir.Path, user));
        Assert.Equal(site.PathFor(null), site.PathFor("alice"));
    }

    [Fact]
    public async Task Users_learn_and_scan_concurrently_without_lock_errors()
    {
        using var dir = new TempDirectory();
        string[] users = ["alice", "bob", "carol"];
        using var stores = new BayesStoreProvider("~/bayes", user => Path.Combine(dir.Path, user));
        var options = BayesOptions.Default with { MinSpamCount = 1, MinHamCount = 1 };
        var classifier = new BayesClassifier(stores, raw => MailMessage.Parse(raw), options);
        byte[][] ham = CorpusFiles.Messages("easy-ham-1", 40).Select(File.ReadAllBytes).ToArray();
        byte[][] spam = CorpusFiles.Messages("spam-1", 40).Select(File.ReadAllBytes).ToArray();

        // Per user: one TELL-style learner, one autolearner of the other half, two scanners; all at once.
        var jobs = new List<Task>();
        int scored = 0;
        foreach (string user in users)
        {
            Task[] learners =
            [
                Task.Run(() =>
                {
                    for (int i = 0; i < 20; i++)
                    {
                        Assert.Equal(LearnOutcome.Done, classifier.Learn(ham[i], user, LearnAction.Ham, default));
                        Assert.Equal(LearnOutcome.Done, classifier.Learn(spam[i], user, LearnAction.Spam, default));
                    }
                }),
                Task.Run(() =>
                {
                    for (int i = 20; i < 40; i++)
                    {
                        Assert.True(classifier.AutoLearn(MailMessage.Parse(ham[i]), user, asSpam: false));
                        Assert.True(classifier.AutoLearn(MailMessage.Parse(spam[i]), user, asSpam: true));
                    }
                }),
            ];
            jobs.AddRange(learners);
            for (int s = 0; s < 2; s++)
                jobs.Add(Task.Run(() =>
                {
                    // Scans go on while this user's learning does (Bayes answers only once enough is learned), then
                    // once more: a fast scanner must not finish before the minimum counts are reached.
                    bool learning;
                    do
                    {
                        learning = !Array.TrueForAll(learners, t => t.IsCompleted);
                        for (int i = 0; i < 40; i++)
                            if (classifier.Probability(MailMessage.Parse(i % 2 == 0 ? ham[i] : spam[i]), user) is double p)
                            {
                                Assert.InRange(p, 0, 1);
                                Interlocked.Increment(ref scored);
                            }
                    } while (learning);
                }));
        }
        await Task.WhenAll(jobs);

        Assert.True(scored > 0);
        foreach (string user in users)
        {
            Assert.True(File.Exists(Path.Combine(dir.Path, user, "bayes.sqlite")));
            Assert.Equal(new MessageCounts(40, 40), stores.For(user).GetMessageCounts());
            // Autolearn never relearns: a message TELL learned as ham stays ham.
            Assert.False(classifier.AutoLearn(MailMessage.Parse(ham[0]), user, asSpam: true));
        }
    }
}
