using BenchmarkDotNet.Attributes;
using Spamd.Engine.Config;
using Spamd.Engine.Rules;
using Spamd.Engine.Scanning;

namespace Spamd.Benchmarks.Rules;

/// <summary>
/// Scan cost with the stock ruleset, whole and per rule phase: each phase is measured with a ruleset that keeps
/// only that phase's rules (header, body, rawbody, uri, full, eval) so the numbers add up to roughly the whole.
/// Messages are parsed with the built-in <see cref="PlainMailMessage"/>; "parse" isolates that cost.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class RuleScanBenchmarks
{
    private RuleScanner scanner = null!;
    private byte[] message = null!;

    [Params("ham", "spam", "large")]
    public string Message { get; set; } = "ham";

    [Params("all", "header", "body", "rawbody", "uri", "full", "eval")]
    public string Phase { get; set; } = "all";

    [GlobalSetup]
    public void Setup()
    {
        var options = new RuleLoadOptions { Locale = "C", CompileRegexesInBackground = false };
        var config = ConfigLoader.Load(options);
        if (Phase != "all")
            foreach (var name in config.Rules.Values.Where(r => !InPhase(r.Kind)).Select(r => r.Name).ToList())
                config.Rules.Remove(name);
        scanner = new RuleScanner(RuleSetCompiler.Compile(config, options.RegexTimeout), raw => new PlainMailMessage(raw));
        scanner.CompileRegexes();
        // Warm up past the point where expensive regexes get their non-backtracking gates, as in a running daemon.
        var warmup = Message switch { "spam" => SyntheticMessages.Spam, "large" => SyntheticMessages.Large, _ => SyntheticMessages.Ham };
        for (int i = 0; i < 20; i++) scanner.Scan(warmup, scanner.DefaultSettings, CancellationToken.None);
        Thread.Sleep(2000);
        message = Message switch
        {
            "spam" => SyntheticMessages.Spam,
            "large" => SyntheticMessages.Large,
            _ => SyntheticMessages.Ham,
        };
    }

    private bool InPhase(RuleKind kind) => Phase switch
    {
        "header" => kind == RuleKind.Header,
        "body" => kind == RuleKind.Body,
        "rawbody" => kind == RuleKind.RawBody,
        "uri" => kind == RuleKind.Uri,
        "full" => kind == RuleKind.Full,
        "eval" => kind is RuleKind.HeaderEval or RuleKind.BodyEval or RuleKind.RawBodyEval or RuleKind.FullEval,
        _ => true,
    };

    [Benchmark]
    public ScanResult Scan() => scanner.Scan(message, scanner.DefaultSettings, CancellationToken.None);
}

/// <summary>The cost of turning bytes into the rule engine's message view, and of metas over a full hit vector.</summary>
[MemoryDiagnoser]
public class RuleParseBenchmarks
{
    [Benchmark]
    public int ParseHam() => new PlainMailMessage(SyntheticMessages.Ham).BodyText.Count;

    [Benchmark]
    public int ParseLarge() => new PlainMailMessage(SyntheticMessages.Large).BodyText.Count;
}
