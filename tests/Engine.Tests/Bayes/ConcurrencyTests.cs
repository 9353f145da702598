using Spamd.Engine.Mime;
using Spamd.Engine.Bayes;
using Spamd.Engine.Learning;
using Spamd.Learn;

namespace Spamd.Engine.Tests.Bayes;

/// <summary>Learning (in this process and in a concurrent sa-learn process) while scanning: no lock errors.</summary>
public class ConcurrencyTests
{
    [Fact]
    public async Task Scanning_and_learning_at_once_from_two_processes()
    {
        using var dir = new TempDirectory();
        string prefix = dir.File("bayes");
        var options = BayesOptions.Default with { MinSpamCount = 1, MinHamCount = 1 };
        using var stores = new BayesStoreProvider(prefix);
        var classifier = new BayesClassifier(stores, raw => MailMessage.Parse(raw), options);
        IBayesStore store = stores.For(null);

        string[] hamFiles = CorpusFiles.Messages("easy-ham-1", 160);
        string[] spamFiles = CorpusFiles.Messages("spam-1", 60);
        var ham = hamFiles.Take(60).Select(File.ReadAllBytes).ToArray();
        var spam = spamFiles.Select(File.ReadAllBytes).ToArray();
        classifier.Learn(ham[0], null, LearnAction.Ham, default);
        classifier.Learn(spam[0], null, LearnAction.Spam, default);

        // Another process learns 100 other ham messages into the same database meanwhile.
        using var other = SaLearnProcess.Start(["-C", dir.Path, "--siteconfigpath", dir.Path, "--dbpath", prefix, "--ham", .. hamFiles.Skip(60)]);
        var otherOutput = other.StandardOutput.ReadToEndAsync();
        var otherErrors = other.StandardError.ReadToEndAsync();

        var learners = new[] { (ham, LearnAction.Ham), (spam, LearnAction.Spam) }.Select(job => Task.Run(() =>
        {
            foreach (byte[] message in job.Item1) classifier.Learn(message, null, job.Item2, default);
        }));
        int scored = 0;
        var scanners = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            for (int i = 0; i < 60; i++)
            {
                var message = MailMessage.Parse(i % 2 == 0 ? ham[i] : spam[i]);
                double? p = classifier.Probability(message, store);
                if (p is double v) { Assert.InRange(v, 0, 1); Interlocked.Increment(ref scored); }
            }
        }));
        await Task.WhenAll([.. learners, .. scanners]);
        await other.WaitForExitAsync();

        Assert.True(other.ExitCode == 0, await otherErrors);
        Assert.Contains("Learned tokens from 100 message(s)", await otherOutput);
        Assert.True(scored > 0);
        var counts = store.GetMessageCounts();
        Assert.Equal(60, counts.Spam);
        Assert.Equal(160, counts.Ham);
    }
}
