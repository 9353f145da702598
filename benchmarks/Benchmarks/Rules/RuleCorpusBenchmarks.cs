using BenchmarkDotNet.Attributes;
using Spamd.Benchmarks.Bayes;
using Spamd.Daemon.Options;
using Spamd.Daemon.Scanning;
using Spamd.Engine.Rules;

namespace Spamd.Benchmarks.Rules;

/// <summary>
/// The daemon's scanner (stock ruleset, real MIME parser, loaded as <c>spamd -L</c> loads it, no Bayes) over
/// 120 corpus messages (the first 60 of easy-ham-2 and of spam-2) per operation: divide by 120 for the cost
/// of one message. Needs the corpus (SPAMD_CORPUS_DIR).
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3, invocationCount: 1)]
public class RuleCorpusBenchmarks
{
    public const int MessagesPerOperation = 120;

    private RuleScanner scanner = null!;
    private byte[][] messages = null!;

    [GlobalSetup]
    public void Setup()
    {
        messages = BayesAccuracy.Load("easy-ham-2").Take(MessagesPerOperation / 2)
            .Concat(BayesAccuracy.Load("spam-2").Take(MessagesPerOperation / 2)).ToArray();
        scanner = ScannerLoader.Load(OptionParser.Parse(["-L"]), bayes: null);
        foreach (var message in messages) scanner.Scan(message, scanner.DefaultSettings, CancellationToken.None);
    }

    [Benchmark(OperationsPerInvoke = MessagesPerOperation)]
    public double ScanCorpusMessage()
    {
        double total = 0;
        foreach (var message in messages) total += scanner.Scan(message, scanner.DefaultSettings, CancellationToken.None).Score;
        return total;
    }
}
