using BenchmarkDotNet.Attributes;
using Spamd.Engine.Config;
using Spamd.Engine.Rules;

namespace Spamd.Benchmarks.Rules;

/// <summary>Loading the stock ruleset (/usr/share/spamassassin + /etc/spamassassin): time, allocations, retained size.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class RuleLoadBenchmarks
{
    private static readonly RuleLoadOptions Options = new() { Locale = "C", CompileRegexesInBackground = false };

    [GlobalSetup]
    public void ReportRetainedMemory()
    {
        long before = GC.GetTotalMemory(forceFullCollection: true);
        var scanner = RuleScanner.Load(Options);
        long after = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"// Loaded ruleset: {scanner.Report.RuleCount} rules, retained {(after - before) / 1048576.0:F1} MB");
        Console.WriteLine("// " + scanner.Report.Summary().Replace("\n", "\n// "));
        GC.KeepAlive(scanner);
    }

    [Benchmark(Description = "Load stock ruleset (interpreted regexes)")]
    public RuleScanner Load() => RuleScanner.Load(Options);

    [Benchmark(Description = "Parse configuration only")]
    public ConfigBuilder ParseConfiguration() => ConfigLoader.Load(Options);
}
