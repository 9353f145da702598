using System.Diagnostics;
using Spamd.Benchmarks.Bayes;
using Spamd.Daemon.Options;
using Spamd.Daemon.Scanning;

namespace Spamd.Benchmarks.Hosting;

/// <summary>
/// Where the daemon's memory goes: the scanner loaded exactly as the daemon loads it (same options), then dev
/// messages scanned on two threads, with the managed heap (live, fragmented, committed) and the process RSS
/// printed as it goes. RSS minus the committed heap is the runtime, JIT code, mapped images and native memory.
/// <c>dotnet run -c Release --project benchmarks/Benchmarks -- daemon-memory [scans] [daemon options...]</c>
/// (default: 2,000 scans, <c>-L</c>).
/// </summary>
public static class DaemonMemoryProfile
{
    public static void Run(string[] args)
    {
        int scans = args.Length > 0 && int.TryParse(args[0], out int n) ? n : 2000;
        var daemonArgs = args.Length > 1 ? args[1..] : ["-L"];
        var options = OptionParser.Parse(daemonArgs);
        Report("start");
        var started = Stopwatch.GetTimestamp();
        var generation = ScannerLoader.Load(options);
        Console.WriteLine($"loaded in {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms ({string.Join(' ', daemonArgs)})");
        Report("loaded");
        Collect();
        Report("loaded, after a compacting GC");
        bool census = Environment.GetEnvironmentVariable("SPAMD_CENSUS") == "1";
        if (census) ObjectGraphCensus.Print(generation);

        var messages = BayesAccuracy.Load("easy-ham-2").Concat(BayesAccuracy.Load("spam-2")).ToArray();
        var scanner = generation.Scanner;
        int next = -1;
        int step = Math.Max(1, scans / 5);
        var workers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            for (int i; (i = Interlocked.Increment(ref next)) < scans;)
            {
                scanner.Scan(messages[i % messages.Length], scanner.DefaultSettings, CancellationToken.None);
                if ((i + 1) % step == 0) Report($"{i + 1} scans");
            }
        })).ToArray();
        Task.WaitAll(workers);
        Collect();
        Report("end, after a compacting GC");
        if (census)
        {
            ObjectGraphCensus.Print(generation);
            Console.WriteLine("statics of the engine and daemon:");
            ObjectGraphCensus.Print(Statics(typeof(Spamd.Engine.Rules.RuleScanner).Assembly, typeof(ScannerLoader).Assembly));
            Console.WriteLine("statics of System.Text.RegularExpressions:");
            ObjectGraphCensus.Print(Statics(typeof(System.Text.RegularExpressions.Regex).Assembly));
        }
        var templates = typeof(Spamd.Engine.Rules.RuleScanner).Assembly.GetType("Spamd.Engine.Rules.RuleRun")!
            .GetField("TemplateRegexes", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.GetValue(null);
        Console.WriteLine($"template regexes cached: {((System.Collections.ICollection)templates!).Count}");
        GC.KeepAlive(generation);
    }

    private static List<object> Statics(params System.Reflection.Assembly[] assemblies)
    {
        var roots = new List<object>();
        foreach (var assembly in assemblies)
            foreach (var type in assembly.GetTypes())
            {
                if (type.ContainsGenericParameters) continue;
                foreach (var field in type.GetFields(System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public))
                {
                    if (field.FieldType.IsPointer || field.IsLiteral) continue;
                    try { if (field.GetValue(null) is { } value) roots.Add(value); } catch { }
                }
            }
        return roots;
    }

    private static void Collect()
    {
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
    }

    private static void Report(string when)
    {
        var info = GC.GetGCMemoryInfo(GCKind.Any);
        // SPAMD_LIVE=1: a full collection at each report, so "heap" is what stays alive (slows the run).
        long live = GC.GetTotalMemory(forceFullCollection: Environment.GetEnvironmentVariable("SPAMD_LIVE") == "1");
        using var self = Process.GetCurrentProcess();
        Console.WriteLine($"{when,-32} RSS {self.WorkingSet64 / 1048576.0,6:F0} MiB | heap {live / 1048576.0,6:F0} MiB, " +
                          $"fragmented {info.FragmentedBytes / 1048576.0,5:F0}, committed {info.TotalCommittedBytes / 1048576.0,6:F0} | " +
                          $"GCs {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}");
    }
}
