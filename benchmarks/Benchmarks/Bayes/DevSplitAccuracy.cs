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

    /// <summary>Configuration both the learner and the scanner read, after the stock files (SPAMD_BAYES_CF adds lines, ';'-separated).</summary>
    private static readonly string[] ExtraConfig =
        ["bayes_auto_learn 0", .. (Environment.GetEnvironmentVariable("SPAMD_BAYES_CF") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries)];

    /// <summary>
    /// Options: --limit N (messages per group), --bayes-only, --details FILE (per-message scores and hits),
    /// --reverse (train on easy-ham-2 + spam-2, evaluate on easy-ham-1 + spam-1: a check that a choice made on the
    /// dev split is not fitted to it; hard-ham-1 stays unread either way).
    /// </summary>
    public static int Run(string[] args)
    {
        int limit = int.MaxValue;
        bool bayesOnly = false;
        string? details = null;
        string? explain = null;
        bool reverse = false;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--limit": limit = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--bayes-only": bayesOnly = true; break;
                case "--details": details = args[++i]; break;
                case "--explain": explain = args[++i]; break;
                case "--reverse": reverse = true; break;
                default: Console.Error.WriteLine($"bayes-accuracy: unknown option {args[i]}"); return 2;
            }
        }
        string dir = Path.Combine(Path.GetTempPath(), "spamd-dev-accuracy-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            Console.WriteLine(Measure(Path.Combine(dir, "bayes"), limit, bayesOnly, details, explain, reverse));
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    public static string Measure(string bayesPath, int limit = int.MaxValue, bool bayesOnly = false, string? detailsFile = null, string? explainFile = null,
        bool reverse = false)
    {
        var (trainHamGroup, trainSpamGroup, evalHamGroup, evalSpamGroup) = reverse
            ? ("easy-ham-2", "spam-2", "easy-ham-1", "spam-1")
            : ("easy-ham-1", "spam-1", "easy-ham-2", "spam-2");
        byte[][] trainHam = BayesAccuracy.Load(trainHamGroup).Take(limit).ToArray(), trainSpam = BayesAccuracy.Load(trainSpamGroup).Take(limit).ToArray();
        byte[][] evalHam = BayesAccuracy.Load(evalHamGroup).Take(limit).ToArray(), evalSpam = BayesAccuracy.Load(evalSpamGroup).Take(limit).ToArray();
        string[] evalNames = [.. BayesAccuracy.Files(evalHamGroup).Take(limit), .. BayesAccuracy.Files(evalSpamGroup).Take(limit)];
        var report = new StringBuilder();
        var config = new BayesConfig();
        foreach (string line in ExtraConfig) config.Apply(line);

        // Learning: CPU time of this process over wall time, the database on local disk.
        double learnRate, learnCpuRate;
        using (var stores = new BayesStoreProvider(bayesPath))
        {
            var learner = new BayesClassifier(stores, Parse, config.Options);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            BayesAccuracy.Learn(learner, stores.For(null), trainHam, LearnAction.Ham);
            BayesAccuracy.Learn(learner, stores.For(null), trainSpam, LearnAction.Spam);
            int learned = trainHam.Length + trainSpam.Length;
            learnRate = learned / clock.Elapsed.TotalSeconds;
            learnCpuRate = learned / (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            if (explainFile != null) BayesExplain.Write(explainFile, evalNames, [.. evalHam, .. evalSpam], stores.For(null), config.Options, evalHam.Length);
        }

        var options = new DaemonOptions { BayesPath = bayesPath, LocalOnly = true };
        options.ConfigLines.AddRange(ExtraConfig);
        var generation = ScannerLoader.Load(options);
        var scanner = (RuleScanner)generation.Scanner;
        var classifier = (BayesClassifier)generation.Learner!;

        double[] BayesScores(byte[][] messages) => messages.AsParallel().AsOrdered().WithDegreeOfParallelism(2)
            .Select(raw => classifier.Probability(Parse(raw), user: null) ?? 0.5).ToArray();

        // One scan per message gives both rule figures: no stock meta rule reads a BAYES_* rule, so the hits
        // without Bayes are these hits less BAYES_*, scored with score set 0 (what a scan without Bayes uses).
        int errors = 0;
        (double WithBayes, double RulesAlone, string Hits)[] ScanScores(byte[][] messages) => messages.AsParallel().AsOrdered().WithDegreeOfParallelism(2)
            .Select(raw =>
            {
                try
                {
                    var result = scanner.Scan(raw, scanner.DefaultSettings, CancellationToken.None);
                    double rulesAlone = result.Hits.Where(h => !h.Name.StartsWith("BAYES_", StringComparison.Ordinal))
                        .Sum(h => scanner.RuleSet.Find(h.Name)?.Scores[0] ?? h.Score);
                    return (result.Score, Math.Round(rulesAlone, 3), string.Join(',', result.Hits.Select(h => h.Name)));
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref errors);
                    return (0.0, 0.0, "error");
                }
            }).ToArray();

        var scanClock = Stopwatch.StartNew();
        double[] bayesHam = BayesScores(evalHam), bayesSpam = BayesScores(evalSpam);
        var scannedHam = bayesOnly ? [] : ScanScores(evalHam);
        var scannedSpam = bayesOnly ? [] : ScanScores(evalSpam);
        double[] rulesHam = scannedHam.Select(s => s.RulesAlone).ToArray(), rulesSpam = scannedSpam.Select(s => s.RulesAlone).ToArray();
        double[] bothHam = scannedHam.Select(s => s.WithBayes).ToArray(), bothSpam = scannedSpam.Select(s => s.WithBayes).ToArray();
        if (detailsFile != null)
        {
            var lines = evalNames.Select((name, i) =>
            {
                bool spam = i >= evalHam.Length;
                int k = spam ? i - evalHam.Length : i;
                var scanned = bayesOnly ? default : (spam ? scannedSpam : scannedHam)[k];
                return string.Create(CultureInfo.InvariantCulture,
                    $"{(spam ? "spam" : "ham")}\t{Path.GetFileName(name)}\t{(spam ? bayesSpam : bayesHam)[k]:0.0000}\t{scanned.RulesAlone}\t{scanned.WithBayes}\t{scanned.Hits}");
            });
            File.WriteAllLines(detailsFile, lines);
        }

        report.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Trained on {trainHam.Length} ham + {trainSpam.Length} spam: {learnRate:0} messages/s wall, {learnCpuRate:0} per CPU-second."));
        report.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Evaluated {evalHam.Length} ham + {evalSpam.Length} spam in {scanClock.Elapsed.TotalSeconds:0} s, {errors} scan errors (Bayes with no verdict counts as 0.5)."));
        report.AppendLine("| classifier | spam at | ham false positives | spam recall | 1-AUC |");
        report.AppendLine("|---|---|---:|---:|---:|");
        report.AppendLine(AccuracyLine.From("Bayes alone", bayesHam, bayesSpam, 0.5, "p >= 0.5").Row);
        report.AppendLine(AccuracyLine.From("Bayes alone", bayesHam, bayesSpam, 0.9, "p >= 0.9").Row);
        if (bayesOnly) return report.ToString();
        report.AppendLine(AccuracyLine.From("rules alone (score set 0)", rulesHam, rulesSpam, 5.0, "score >= 5.0").Row);
        report.AppendLine(AccuracyLine.From("rules + Bayes (score set 2)", bothHam, bothSpam, 5.0, "score >= 5.0").Row);
        return report.ToString();
    }
}
