using Spamd.Benchmarks.Bayes;
using Spamd.Engine.Config;
using Spamd.Engine.Mime;
using Spamd.Engine.Rules;

namespace Spamd.Benchmarks.Rules;

/// <summary>
/// Scan CPU per corpus message with the shortcuts off ("full") and on ("fast"), side by side in one process, in
/// the scanning thread's CPU time (immune to other jobs on a busy machine, unlike BenchmarkDotNet's wall
/// clock); optionally the time per phase and the costliest rules.
/// <c>dotnet run -c Release --project benchmarks/Benchmarks -- rule-profile [messages] [passes] [--rules N] [--fast-only]</c>.
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
        foreach (var (_, scanner) in scanners)
            for (int pass = 0; pass < 2; pass++) // warm: JIT, gates, hot regexes found and compiled
                foreach (var message in messages) scanner.Scan(message, scanner.DefaultSettings, CancellationToken.None);
        Thread.Sleep(3000);
        var clock = new ScanProfile { ThreadCpuTime = true };
        var profiles = scanners.Select(_ => new ScanProfile { ThreadCpuTime = true, RuleTimes = topRules > 0 }).ToArray();
        var ticks = new long[scanners.Length];
        for (int pass = 0; pass < passes; pass++)
            for (int k = 0; k < scanners.Length; k++)
            {
                var scanner = scanners[k].Item2;
                long start = clock.Now();
                foreach (var message in messages) scanner.Scan(message, scanner.DefaultSettings, CancellationToken.None, profiles[k]);
                ticks[k] += clock.Now() - start;
            }
        int scans = passes * messages.Length;
        for (int k = 0; k < scanners.Length; k++)
        {
            Console.WriteLine($"{scanners[k].Item1}: {ScanProfile.Milliseconds(ticks[k]) / scans:F2} ms CPU per message ({scans} scans)");
            foreach (var (phase, t) in profiles[k].PhaseTicks.OrderByDescending(kv => kv.Value))
                Console.WriteLine($"  phase {phase,-12} {ScanProfile.Milliseconds(t) / scans,8:F3} ms");
            foreach (var (rule, t) in profiles[k].RuleTicks.OrderByDescending(kv => kv.Value).Take(topRules))
                Console.WriteLine($"  rule {rule,-32} {ScanProfile.Milliseconds(t) / scans,8:F3} ms");
        }
    }

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
            CompileHotRegexes = fastPaths,
        });
        var loaded = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        scanner.GatesTask.Wait();
        long retained = GC.GetTotalMemory(forceFullCollection: true) - before;
        Console.WriteLine($"{(fastPaths ? "fast" : "full")}: load {loaded.TotalMilliseconds:F0} ms wall, " +
                          $"{retained / 1e6:F0} MB retained once the gates are built");
        return scanner;
    }
}
