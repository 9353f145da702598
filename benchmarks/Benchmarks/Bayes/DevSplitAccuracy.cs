using System.Diagnostics;
using System.Globalization;
using System.Text;
using Spamd.Daemon.Options;
using Spamd.Daemon.Scanning;
using Spamd.Engine.Bayes;
using Spamd.Engine.Learning;
using Spamd.Engine.Mime;
using Spamd.Engine.Rules;
using Spamd.Engine.Scanning;

namespace Spamd.Benchmarks.Bayes;

/// <summary>Ham false positives, spam recall at a threshold, and 1-AUC for one classifier's scores.</summary>
public sealed record AccuracyLine(string Name, string Threshold, double HamFalsePositivePercent, double SpamRecallPercent, double OneMinusAucPercent)
{
    public static AccuracyLine From(string name, double[] ham, double[] spam, double threshold, string thresholdText) => new(
        name, thresholdText,
        100.0 * ham.Count(s => s >= threshold) / ham.Length,
        100.0 * spam.Count(s => s >= threshold) / spam.Length,
        (1 - BayesAccuracy.Auc(ham, spam)) * 100);

    public string Row => string.Create(CultureInfo.InvariantCulture,
        $"| {Name} | {Threshold} | {HamFalsePositivePercent:0.00}% | {SpamRecallPercent:0.00}% | {OneMinusAucPercent:0.000}% |");
}

/// <summary>
/// The dev split as the issue defines it: a Bayes database trained on easy-ham-1 + spam-1 (batched, as sa-learn
/// learns), then easy-ham-2 + spam-2 scored by Bayes alone, by the daemon's scanner without Bayes (score set 0)
/// and by the daemon's scanner with that database (score set 2). hard-ham-1 is never read.
/// Run: dotnet run -c Release --project benchmarks/Benchmarks -- bayes-accuracy [--limit N]
/// </summary>
public static class DevSplitAccuracy
{
    private static readonly Func<ReadOnlyMemory<byte>, IMailMessage> Parse = raw => MailMessage.Parse(raw);

    public static int Run(string[] args)
    {
        int limit = args.Length >= 2 && args[0] == "--limit" ? int.Parse(args[1], CultureInfo.InvariantCulture) : int.MaxValue;
        string dir = Path.Combine(Path.GetTempPath(), "spamd-dev-accuracy-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            Console.WriteLine(Measure(Path.Combine(dir, "bayes"), limit));
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    public static string Measure(string bayesPath, int limit = int.MaxValue)
    {
        byte[][] trainHam = BayesAccuracy.Load("easy-ham-1").Take(limit).ToArray(), trainSpam = BayesAccuracy.Load("spam-1").Take(limit).ToArray();
        byte[][] evalHam = BayesAccuracy.Load("easy-ham-2").Take(limit).ToArray(), evalSpam = BayesAccuracy.Load("spam-2").Take(limit).ToArray();
        var report = new StringBuilder();

        // Learning: CPU time of this process over wall time, the database on local disk.
        double learnRate, learnCpuRate;
        using (var stores = new BayesStoreProvider(bayesPath))
        {
            var learner = new BayesClassifier(stores, Parse);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            BayesAccuracy.Learn(learner, stores.For(null), Parse, trainHam, LearnAction.Ham);
            BayesAccuracy.Learn(learner, stores.For(null), Parse, trainSpam, LearnAction.Spam);
            int learned = trainHam.Length + trainSpam.Length;
            learnRate = learned / clock.Elapsed.TotalSeconds;
            learnCpuRate = learned / (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        }

        var options = new DaemonOptions { BayesPath = bayesPath, LocalOnly = true };
        options.ConfigLines.Add("bayes_auto_learn 0");
        var generation = ScannerLoader.Load(options);
        var scanner = (RuleScanner)generation.Scanner;
        var classifier = (BayesClassifier)generation.Learner!;

        double[] BayesScores(byte[][] messages) => messages.AsParallel().AsOrdered().WithDegreeOfParallelism(2)
            .Select(raw => classifier.Probability(Parse(raw), user: null) ?? 0.5).ToArray();

        // One scan per message gives both rule figures: no stock meta rule reads a BAYES_* rule, so the hits
        // without Bayes are these hits less BAYES_*, scored with score set 0 (what a scan without Bayes uses).
        int errors = 0;
        (double WithBayes, double RulesAlone)[] ScanScores(byte[][] messages) => messages.AsParallel().AsOrdered().WithDegreeOfParallelism(2)
            .Select(raw =>
            {
                try
                {
                    var result = scanner.Scan(raw, scanner.DefaultSettings, CancellationToken.None);
                    double rulesAlone = result.Hits.Where(h => !h.Name.StartsWith("BAYES_", StringComparison.Ordinal))
                        .Sum(h => scanner.RuleSet.Find(h.Name)?.Scores[0] ?? h.Score);
                    return (result.Score, Math.Round(rulesAlone, 3));
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref errors);
                    return (0.0, 0.0);
                }
            }).ToArray();

        var scanClock = Stopwatch.StartNew();
        double[] bayesHam = BayesScores(evalHam), bayesSpam = BayesScores(evalSpam);
        var scannedHam = ScanScores(evalHam);
        var scannedSpam = ScanScores(evalSpam);
        double[] rulesHam = scannedHam.Select(s => s.RulesAlone).ToArray(), rulesSpam = scannedSpam.Select(s => s.RulesAlone).ToArray();
        double[] bothHam = scannedHam.Select(s => s.WithBayes).ToArray(), bothSpam = scannedSpam.Select(s => s.WithBayes).ToArray();

        report.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Trained on {trainHam.Length} ham + {trainSpam.Length} spam: {learnRate:0} messages/s wall, {learnCpuRate:0} per CPU-second."));
        report.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Evaluated {evalHam.Length} ham + {evalSpam.Length} spam in {scanClock.Elapsed.TotalSeconds:0} s, {errors} scan errors (Bayes with no verdict counts as 0.5)."));
        report.AppendLine("| classifier | spam at | ham false positives | spam recall | 1-AUC |");
        report.AppendLine("|---|---|---:|---:|---:|");
        report.AppendLine(AccuracyLine.From("Bayes alone", bayesHam, bayesSpam, 0.5, "p >= 0.5").Row);
        report.AppendLine(AccuracyLine.From("Bayes alone", bayesHam, bayesSpam, 0.9, "p >= 0.9").Row);
        report.AppendLine(AccuracyLine.From("rules alone (score set 0)", rulesHam, rulesSpam, 5.0, "score >= 5.0").Row);
        report.AppendLine(AccuracyLine.From("rules + Bayes (score set 2)", bothHam, bothSpam, 5.0, "score >= 5.0").Row);
        return report.ToString();
    }
}
