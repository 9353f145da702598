using BenchmarkDotNet.Attributes;
using Spamd.Benchmarks.Bayes;
using Spamd.Engine.Config;
using Spamd.Engine.Mime;
using Spamd.Engine.Rules;

namespace Spamd.Benchmarks.Rules;

/// <summary>
/// The daemon's scanner (stock ruleset, real MIME parser, loaded as <c>spamd -L</c> loads it, no Bayes) over
/// 120 corpus messages (the first 60 of easy-ham-2 and of spam-2) per operation: divide by 120 for the cost
/// of one message. Needs the corpus (SPAMD_CORPUS_DIR). <see cref="FastPaths"/> false turns off the shortcuts
/// that leave answers unchanged (ASCII forms of regexes and their gates, compilation of hot regexes): the
/// before/after comparison in one run.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3, invocationCount: 1)]
public class RuleCorpusBenchmarks
{
    public const int MessagesPerOperation = 120;

    private RuleScanner scanner = null!;
    private byte[][] messages = null!;

    [Params(true, false)]
    public bool FastPaths { get; set; } = true;

    [GlobalSetup]
    public void Setup()
    {
        messages = BayesAccuracy.Load("easy-ham-2").Take(MessagesPerOperation / 2)
            .Concat(BayesAccuracy.Load("spam-2").Take(MessagesPerOperation / 2)).ToArray();
        // As the daemon's ScannerLoader loads it (-L, no Bayes).
        scanner = RuleScanner.Load(new RuleLoadOptions
        {
            CompileRegexesInBackground = false,
            MessageParser = raw => MailMessage.Parse(raw),
            UseFastPaths = FastPaths,
            CompileHotRegexes = FastPaths,
        });
        scanner.GatesTask.Wait();
        // Two passes, then time for the background compilation of the regexes they found hot.
        for (int pass = 0; pass < 2; pass++)
            foreach (var message in messages) scanner.Scan(message, scanner.DefaultSettings, CancellationToken.None);
        Thread.Sleep(5000);
    }

    [Benchmark(OperationsPerInvoke = MessagesPerOperation)]
    public double ScanCorpusMessage()
    {
        double total = 0;
        foreach (var message in messages) total += scanner.Scan(message, scanner.DefaultSettings, CancellationToken.None).Score;
        return total;
    }
}
