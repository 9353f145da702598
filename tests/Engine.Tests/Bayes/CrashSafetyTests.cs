using Spamd.Engine.Mime;
using Microsoft.Data.Sqlite;
using Spamd.Engine.Bayes;
using Spamd.Learn;

namespace Spamd.Engine.Tests.Bayes;

/// <summary>
/// SIGKILL sa-learn while it learns, several times: the database must stay intact and consistent, and every
/// message it reported as done (one dot per message, written after its batch commits) must be in it. Only the
/// batch in flight may be lost, and never in part.
/// </summary>
public class CrashSafetyTests
{
    private const int BatchSize = 1000;   // sa-learn's most messages per transaction (a batch also closes after 0.25 s)

    [Fact]
    public void Killing_the_learner_repeatedly_never_corrupts_or_loses_committed_messages()
    {
        using var dir = new TempDirectory();
        // Distinct messages only, so "learned" counts equal file counts.
        string[] files = CorpusFiles.Messages("easy-ham-1", 400)
            .DistinctBy(f => MessageIdentity.GeneratedId(MailMessage.Parse(File.ReadAllBytes(f)))).ToArray();
        string prefix = dir.File("bayes");
        // No configuration: the test tokenizes with the defaults to check the stored counts.
        string[] args = ["-C", dir.Path, "--siteconfigpath", dir.Path, "--dbpath", prefix, "--ham", "--showdots", .. files];
        var random = new Random(12345);
        int learnedBefore = 0;

        for (int round = 0; round < 4; round++)
        {
            int killAfterDots = learnedBefore + random.Next(1, 60);
            using var process = SaLearnProcess.Start(args);
            int dots = 0;
            while (dots < killAfterDots)
            {
                int c = process.StandardError.Read();
                if (c < 0) break;
                if (c == '.') dots++;
            }
            process.Kill();   // SIGKILL on Unix
            process.WaitForExit();
            // Dots already written before the kill are still in the pipe.
            dots += process.StandardError.ReadToEnd().Count(c => c == '.');

            var (seen, nham, integrity) = Inspect(prefix + BayesStoreProvider.FileSuffix);
            Assert.Equal("ok", integrity);
            Assert.Equal(seen, nham);
            int reported = Math.Max(dots, learnedBefore);
            Assert.InRange(seen, reported, reported + BatchSize);
            AssertTokenCountsMatch(prefix + BayesStoreProvider.FileSuffix, files.Take((int)seen), dir.Path);
            learnedBefore = (int)seen;
        }

        var (exitCode, stdout, _) = SaLearnProcess.Run(args);
        Assert.Equal(0, exitCode);
        Assert.Contains($"Learned tokens from {files.Length - learnedBefore} message(s) ({files.Length} message(s) examined)", stdout);
        var (finalSeen, finalHam, finalIntegrity) = Inspect(prefix + BayesStoreProvider.FileSuffix);
        Assert.Equal("ok", finalIntegrity);
        Assert.Equal(files.Length, finalSeen);
        Assert.Equal(files.Length, finalHam);
        AssertTokenCountsMatch(prefix + BayesStoreProvider.FileSuffix, files, dir.Path);
    }

    private static (long Seen, long Ham, string Integrity) Inspect(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        string integrity = Scalar<string>(connection, "PRAGMA integrity_check");
        return (Scalar<long>(connection, "SELECT count(*) FROM seen"), Scalar<long>(connection, "SELECT nham FROM bayes_vars"), integrity);
    }

    /// <summary>The stored ham counts are exactly the tokens of the learned messages: no half-learned message.</summary>
    private static void AssertTokenCountsMatch(string path, IEnumerable<string> learnedFiles, string configDir)
    {
        var tokenizer = new BayesTokenizer(BayesOptions.Default);
        // Parsed with the URI options of the configuration sa-learn was given (-C and --siteconfigpath).
        var uriOptions = Spamd.Engine.Config.ConfigLoader.Load(new Spamd.Engine.Config.RuleLoadOptions { RulesDirectory = configDir, SiteDirectory = configDir }).BuildUriOptions();
        long expected = learnedFiles.Sum(f => (long)tokenizer.Tokenize(MailMessage.Parse(File.ReadAllBytes(f), uriOptions: uriOptions)).Count);
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        Assert.Equal(expected, Scalar<long>(connection, "SELECT ifnull(sum(ham), 0) FROM tokens"));
    }

    private static T Scalar<T>(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)command.ExecuteScalar()!;
    }
}
