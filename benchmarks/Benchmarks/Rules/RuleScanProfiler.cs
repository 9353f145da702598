using Spamd.Benchmarks.Bayes;
using Spamd.Engine.Config;
using Spamd.Engine.Mime;
using Spamd.Engine.Rules;

namespace Spamd.Benchmarks.Rules;

/// <summary>
/// Scan CPU per corpus message with the shortcuts off ("full") and on ("fast"), side by side in one process, in
/// the scanning thread's CPU time (immune to other jobs on a busy machine, unlike BenchmarkDotNet's wall
/// clock). The headline figure times whole scans only; one more pass then reads the clock around every phase
/// (and every rule with <c>--rules</c>: a system call each, ~10% of the scan) to split the time.
/// <c>dotnet run -c Release --project benchmarks/Benchmarks -- rule-profile [messages] [passes] [--rules N] [--fast-only] [--warm N]</c>.
/// </summary>
public static class RuleScanProfiler
{
    public static void Run(string[] args)
    {
        int count = args.Length > 0 && int.TryParse(args[0], out int c) ? c : 200;
        int passes = args.Length > 1 && int.TryParse(args[1], out int p) ? p : 2;
        int topRules = args.SkipWhile(a => a != "--rules").Skip(1).Select(int.Parse).FirstOrDefault();
        var messages = BayesAccuracy.Load("easy-ham-2").Take(count / 2).Concat(BayesAccuracy.Load("spam-2").Take(count / 2)).ToArray();
        // "--fast-only": the default scanner alone (to compare two builds run one after the other).
        var scanners = args.Contains("--fast-only") ? new[] { ("fast", Load(fastPaths: true)) }
            : new[] { ("full", Load(fastPaths: false)), ("fast", Load(fastPaths: true)) };
        int warmPasses = args.SkipWhile(a => a != "--warm").Skip(1).Select(int.Parse).FirstOrDefault(2);
        foreach (var (_, scanner) in scanners)
            for (int pass = 0; pass < warmPasses; pass++) // warm: JIT, gates, hot regexes found and compiled
                foreach (var message in messages) scanner.Scan(message, scanner.DefaultSettings, CancellationToken.None);
        Thread.Sleep(3000);
        long heap = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"heap after {warmPasses} warm-up passes: {heap / 1e6:F0} MB (every scanner loaded)");
        foreach (var (name, scanner) in scanners)
        {
            var regexes = scanner.RuleSet.Rules.Select(r => r.Regex).OfType<RuleRegex>().ToArray();
            Console.WriteLine($"{name}: {regexes.Count(r => r.IsCompiled)} of {regexes.Length} rule regexes compiled to IL");
        }
        // The headline: whole scans on the scanning thread's CPU clock, nothing timed inside them.
        var clock = new ScanProfile { ThreadCpuTime = true };
        var ticks = new long[scanners.Length];
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        for (int pass = 0; pass < passes; pass++)
            for (int k = 0; k < scanners.Length; k++)
                ticks[k] += TimePass(scanners[k].Item2, messages, clock, profile: null);
        double allocatedPerScan = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / (double)(passes * messages.Length * scanners.Length);
        // Then one more pass per scanner with a clock reading around every phase (and every rule with --rules),
        // which inflates that pass: its phases are shares, not the headline.
        var profiles = scanners.Select(_ => new ScanProfile { ThreadCpuTime = true, RuleTimes = topRules > 0 }).ToArray();
        var profiledTicks = new long[scanners.Length];
        for (int k = 0; k < scanners.Length; k++)
            profiledTicks[k] = TimePass(scanners[k].Item2, messages, clock, profiles[k]);
        int scans = passes * messages.Length;
        for (int k = 0; k < scanners.Length; k++)
        {
            Console.WriteLine($"{scanners[k].Item1}: {ScanProfile.Milliseconds(ticks[k]) / scans:F2} ms CPU per message ({scans} scans, untimed inside)" +
                              (scanners.Length == 1 ? $", {allocatedPerScan / 1e3:F0} KB allocated per scan" : ""));
            Console.WriteLine($"  one more pass timed by phase{(topRules > 0 ? " and rule" : "")}: " +
                              $"{ScanProfile.Milliseconds(profiledTicks[k]) / messages.Length:F2} ms per message");
            foreach (var (phase, t) in profiles[k].PhaseTicks.OrderByDescending(kv => kv.Value))
                Console.WriteLine($"  phase {phase,-12} {ScanProfile.Milliseconds(t) / messages.Length,8:F3} ms");
            var byName = scanners[k].Item2.RuleSet.Rules.ToDictionary(r => r.Name);
            foreach (var (rule, t) in profiles[k].RuleTicks.OrderByDescending(kv => kv.Value).Take(topRules))
                Console.WriteLine($"  rule {rule,-32} {ScanProfile.Milliseconds(t) / messages.Length,8:F3} ms  {Describe(byName[rule])}");
        }
    }

    private static long TimePass(RuleScanner scanner, byte[][] messages, ScanProfile clock, ScanProfile? profile)
    {
        long start = clock.Now();
        foreach (var message in messages) scanner.Scan(message, scanner.DefaultSettings, CancellationToken.None, profile);
        return clock.Now() - start;
    }

    /// <summary>The rule's kind and how its regex runs (interpreted or compiled, ASCII forms, gate).</summary>
    private static string Describe(Rule rule) => rule.Regex is not { } regex ? rule.Kind.ToString()
        : $"{rule.Kind} {(regex.IsNonBacktracking ? "non-backtracking" : regex.IsCompiled ? "compiled" : "interpreted")}" +
          $"{(regex.HasAsciiForm ? " ascii-form" : "")}{(regex.HasGate ? " gated" : "")} {regex.Pattern.Length} chars" +
          (regex.Pattern.Length <= 60 ? $" {regex.Pattern}" : "");

    /// <summary>As the daemon's ScannerLoader loads it (-L, no Bayes), with or without the shortcuts.</summary>
    private static RuleScanner Load(bool fastPaths)
    {
        long before = GC.GetTotalMemory(forceFullCollection: true);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var scanner = RuleScanner.Load(new RuleLoadOptions
        {
            CompileRegexesInBackground = false,
            MessageParser = raw => MailMessage.Parse(raw),
            UseFastPaths = fastPaths,
            // As the daemon's ScannerLoader: no hot IL compilation, no non-backtracking gates (the prefilter
            // automata prove those misses). SPAMD_PROFILE_HOT=1 / SPAMD_PROFILE_GATES=1 turn them back on to compare.
            CompileHotRegexes = fastPaths && Environment.GetEnvironmentVariable("SPAMD_PROFILE_HOT") == "1",
            GateHeavyRegexes = Environment.GetEnvironmentVariable("SPAMD_PROFILE_GATES") == "1",
        });
        var loaded = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        scanner.GatesTask.Wait();
        long retained = GC.GetTotalMemory(forceFullCollection: true) - before;
        Console.WriteLine($"{(fastPaths ? "fast" : "full")}: load {loaded.TotalMilliseconds:F0} ms wall, " +
                          $"{retained / 1e6:F0} MB retained once the gates are built");
        return scanner;
    }
}
