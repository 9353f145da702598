using System.Text.Json;
using Spamd.Engine.Bayes;
using Spamd.Engine.Mime;

namespace Spamd.Engine.Tests.Bayes.Compat;

/// <summary>
/// A database trained by SpamAssassin's sa-learn, exported with --backup and imported into ours, gives the
/// same Bayes probabilities (and so the same BAYES_* hits) on evaluation messages, both from SpamAssassin's own
/// renderings of them and end to end from the files.
/// </summary>
public class BackupImportTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public void Imported_SpamAssassin_backup_gives_the_same_probabilities()
    {
        using var dir = new TempDirectory();
        string saDb = dir.File("sa-bayes");
        string sa = TokenCompatibilityTests.SaLearn;
        TokenCompatibilityTests.Run(sa, ["--dbpath", saDb, "--ham", .. CorpusFiles.Messages("easy-ham-1", 60)]);
        TokenCompatibilityTests.Run(sa, ["--dbpath", saDb, "--spam", .. CorpusFiles.Messages("spam-1", 60)]);
        string backup = TokenCompatibilityTests.Run(sa, ["--dbpath", saDb, "--backup"]);

        using var store = new SqliteBayesStore(dir.File("ours.sqlite"));
        store.Restore(new StringReader(backup));

        var config = new BayesConfig();
        foreach (string d in TokenCompatibilityTests.ConfigDirs) config.Load(d);
        // The Perl side lowers the minimums to 10 as well, so 60 + 60 messages are enough to score; SpamAssassin's
        // combining, to compare probabilities digit for digit.
        var options = config.Options with { MinSpamCount = 10, MinHamCount = 10, Combining = BayesCombining.SpamAssassin };
        var classifier = new BayesClassifier(new BayesStoreProvider(dir.File("unused")), _ => throw new NotSupportedException(), options);

        string[] evaluation = [.. CorpusFiles.Messages("easy-ham-2", 20), .. CorpusFiles.Messages("spam-2", 20)];
        string script = Path.Combine(TokenCompatibilityTests.SourceDir(), "sa-renderings.pl");
        string rendered = TokenCompatibilityTests.Run("/usr/bin/perl", [script, saDb, .. evaluation]);

        int compared = 0, sameBuckets = 0;
        foreach (string line in rendered.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            JsonElement json = JsonDocument.Parse(line).RootElement;
            double? theirs = json.GetProperty("score").ValueKind == JsonValueKind.Null ? null : json.GetProperty("score").GetDouble();
            var message = new RenderedMailMessage(json);
            double? ours = classifier.Probability(message, store, message.GetHeader);
            // End to end: our own MIME reader and Received parser on the file.
            double? oursEndToEnd = classifier.Probability(MailMessage.Parse(File.ReadAllBytes(message.File)), store);
            output.WriteLine($"{Path.GetFileName(message.File)}: SpamAssassin {theirs}, ours {ours}, ours end to end {oursEndToEnd}");
            Assert.Equal(theirs.HasValue, ours.HasValue);
            Assert.Equal(theirs.HasValue, oursEndToEnd.HasValue);
            if (theirs is null) continue;
            Assert.Equal(theirs.Value, ours!.Value, 9);
            Assert.Equal(theirs.Value, oursEndToEnd!.Value, 9);
            compared++;
            if (BayesRuleBuckets.RulesHit(theirs.Value).SequenceEqual(BayesRuleBuckets.RulesHit(ours.Value))) sameBuckets++;
        }
        Assert.Equal(evaluation.Length, compared);
        Assert.Equal(compared, sameBuckets);
    }

    [Fact]
    public void SpamAssassin_restores_our_backup_unchanged()
    {
        using var dir = new TempDirectory();
        string[] ours = ["-C", dir.Path, "--siteconfigpath", dir.Path, "--dbpath", dir.File("ours")];
        SaLearnProcess.Run([.. ours, "--ham", .. CorpusFiles.Messages("easy-ham-1", 10)]);
        SaLearnProcess.Run([.. ours, "--spam", .. CorpusFiles.Messages("spam-1", 10)]);
        string backup = SaLearnProcess.Run([.. ours, "--backup"]).Stdout;
        File.WriteAllText(dir.File("backup.txt"), backup);

        string saDb = dir.File("sa-bayes");
        TokenCompatibilityTests.Run(TokenCompatibilityTests.SaLearn, ["--dbpath", saDb, "--restore", dir.File("backup.txt")]);
        string roundTrip = TokenCompatibilityTests.Run(TokenCompatibilityTests.SaLearn, ["--dbpath", saDb, "--backup"]);

        Assert.Contains("v\t10\tnum_spam\n", backup);
        Assert.Equal(backup.Split('\n').Order(), roundTrip.Split('\n').Order());
    }
}
