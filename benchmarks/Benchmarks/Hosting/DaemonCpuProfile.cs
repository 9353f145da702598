using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Spamd.Benchmarks.Bayes;
using Spamd.Daemon.Connections;
using Spamd.Daemon.Logging;
using Spamd.Daemon.Options;
using Spamd.Daemon.Scanning;
using Spamd.Engine.Bayes;
using Spamd.Engine.Mime;
using Spamd.Engine.Rules;
using Spamd.Engine.Scanning;

namespace Spamd.Benchmarks.Hosting;

/// <summary>
/// Where the daemon's CPU goes per request, in the thread's CPU time and allocated bytes: the whole request as
/// the daemon serves it (connection handler, protocol, scan, reply, log lines) over an in-memory pipe, against
/// the scan alone and the Bayes part of it (relays, tokenizing, the store read). The difference between
/// the first two is what the daemon adds around the scan. The scanner is loaded as the daemon loads it.
/// <c>dotnet run -c Release --project benchmarks/Benchmarks -- daemon-cpu [messages] [passes] [daemon options...]</c>
/// (default 200 messages, 2 passes, <c>-L</c>; e.g. <c>-L --siteconfigpath DIR</c> for a trained Bayes database,
/// <c>-s /tmp/spamd.log</c> to include writing the log lines). Environment: <c>SPAMD_HOT=1</c> adds the scan without
/// Bayes with hot regexes interpreted (as the daemon runs) and compiled (as <c>rule-profile</c> measures);
/// <c>SPAMD_STAGES=TEXT</c> keeps only the stages whose name contains TEXT. First it prints the distribution of
/// scan CPU over the messages and the slowest ones: a request's latency cannot be lower than its scan.
/// </summary>
public static class DaemonCpuProfile
{
    public static void Run(string[] args)
    {
        int count = args.Length > 0 && int.TryParse(args[0], out int c) ? c : 200;
        int passes = args.Length > 1 && int.TryParse(args[1], out int p) ? p : 2;
        var daemonArgs = args.Length > 2 ? args[2..] : ["-L"];
        var options = OptionParser.Parse(daemonArgs);
        var messages = BayesAccuracy.Load("easy-ham-2").Take(count / 2).Concat(BayesAccuracy.Load("spam-2").Take(count / 2)).ToArray();
        var requests = messages.Select(Encode).ToArray();
        var names = BayesAccuracy.Files("easy-ham-2").Take(count / 2).Concat(BayesAccuracy.Files("spam-2").Take(count / 2)).Select(Path.GetFileName).ToArray();

        var generation = ScannerLoader.Load(options);
        if (generation.Scanner is RuleScanner rules) rules.GatesTask.Wait();
        using var log = DaemonLog.Open(options.Syslog, debug: false, out _);
        var daemon = new DaemonContext(options, log, new ScannerHolder(generation));
        daemon.MarkStarted();
        var handler = new SpamdConnectionHandler(daemon);
        var scanner = generation.Scanner;
        var settings = scanner.DefaultSettings;
        var classifier = generation.Learner as BayesClassifier;
        var store = classifier is null ? null : new BayesStoreProvider(BayesPathOf(options)).For(null);
        var tokenizer = new BayesTokenizer();

        // The same daemon around a scanner that only looks for GTUBE: what serving costs without the scan.
        var gtubeOnly = new DaemonContext(options, log, new ScannerHolder(new ScannerGeneration(new GtubeScanner(), null)));
        gtubeOnly.MarkStarted();
        var plumbing = new SpamdConnectionHandler(gtubeOnly);
        var stages = new List<(string Name, Action<int> Run)>
        {
            ("request (daemon, in-memory pipe)", i => Serve(handler, requests[i])),
            ("request around a GTUBE-only scan", i => Serve(plumbing, requests[i])),
            ("scan (parse + rules + Bayes)", i => scanner.Scan(messages[i], settings, CancellationToken.None)),
        };
        if (Environment.GetEnvironmentVariable("SPAMD_HOT") == "1")
            foreach (bool hot in new[] { false, true })
            {
                var alone = RuleScanner.Load(new Spamd.Engine.Config.RuleLoadOptions
                {
                    CompileRegexesInBackground = false, CompileHotRegexes = hot, MessageParser = raw => MailMessage.Parse(raw),
                    SiteDirectory = options.SiteConfigPath ?? Spamd.Engine.Config.RuleLoadOptions.DefaultSiteDirectory,
                });
                alone.GatesTask.Wait();
                var plain = alone.DefaultSettings with { UseBayes = false };
                stages.Add(($"scan without Bayes, hot regexes {(hot ? "compiled" : "interpreted")}", i => alone.Scan(messages[i], plain, CancellationToken.None)));
            }
        if (classifier is not null)
        {
            stages.Add(("Bayes: relays + tokenize + read + combine", i =>
            {
                var message = MailMessage.Parse(messages[i]);
                classifier.Probability(message, (string?)null, RelayMetadata.Of(message, settings.TrustedNetworks, settings.InternalNetworks));
            }));
            stages.Add(("  Bayes tokenize (+ relays, parse)", i =>
            {
                var message = MailMessage.Parse(messages[i]);
                tokenizer.Tokenize(message, RelayMetadata.Of(message, settings.TrustedNetworks, settings.InternalNetworks));
            }));
            var keys = messages.Select(m => tokenizer.Tokenize(MailMessage.Parse(m)).Keys.ToArray()).ToArray();
            stages.Add(("  Bayes store read", i => store!.ReadForScan(keys[i])));
        }

        if (classifier is not null) Console.WriteLine($"Bayes tokens per message: {messages.Average(m => tokenizer.Tokenize(MailMessage.Parse(m)).Count):F0}");
        if (Environment.GetEnvironmentVariable("SPAMD_STAGES") is { } only) stages.RemoveAll(s => !s.Name.Contains(only));
        for (int warm = 0; warm < 2; warm++)
            foreach (var (_, run) in stages)
                for (int i = 0; i < messages.Length; i++) run(i);
        Thread.Sleep(1000);

        var clock = new ScanProfile { ThreadCpuTime = true };
        var perMessage = new double[messages.Length];
        for (int i = 0; i < messages.Length; i++)
        {
            long t = clock.Now();
            scanner.Scan(messages[i], settings, CancellationToken.None);
            perMessage[i] = ScanProfile.Milliseconds(clock.Now() - t);
        }
        var slowest = Enumerable.Range(0, messages.Length).OrderByDescending(i => perMessage[i]).Take(5).ToArray();
        var order = (double[])perMessage.Clone();
        Array.Sort(order);
        double Rank(double q) => order[Math.Min(order.Length - 1, (int)Math.Ceiling(q * order.Length) - 1)];
        Console.WriteLine($"scan CPU per message: p50 {Rank(0.5):F1} ms, p90 {Rank(0.9):F1}, p99 {Rank(0.99):F1}, max {order[^1]:F1}, mean {order.Average():F1}");
        foreach (int i in slowest)
        {
            long t = clock.Now();
            var parsed = MailMessage.Parse(messages[i]);
            classifier?.Probability(parsed, (string?)null, RelayMetadata.Of(parsed, settings.TrustedNetworks, settings.InternalNetworks));
            double bayes = ScanProfile.Milliseconds(clock.Now() - t);
            var profile = new ScanProfile { ThreadCpuTime = true };
            ((RuleScanner)scanner).Scan(messages[i], settings, CancellationToken.None, profile);
            string Top(Dictionary<string, long> ticks) => string.Join(", ", ticks.OrderByDescending(kv => kv.Value).Take(3)
                .Select(kv => $"{kv.Key} {ScanProfile.Milliseconds(kv.Value):F1}"));
            Console.WriteLine($"  slow: {names[i]} {messages[i].Length / 1024.0:F0} KB: scan {perMessage[i]:F1} ms, of which Bayes ~{bayes:F1} ms; " +
                              $"phases {Top(profile.PhaseTicks)}; rules {Top(profile.RuleTicks)}");
        }
        if (Environment.GetEnvironmentVariable("SPAMD_ALLOC") == "1")
        {
            using var sampler = new AllocationSampler { Recording = true };
            for (int i = 0; i < messages.Length; i++) Serve(handler, requests[i]);
            sampler.Recording = false;
            sampler.Print(25, messages.Length);
        }
        Console.WriteLine($"{messages.Length} messages x {passes} passes, {string.Join(' ', daemonArgs)}; thread CPU and allocations per message:");
        foreach (var (name, run) in stages)
        {
            int gcs = GC.CollectionCount(0), gen2 = GC.CollectionCount(2);
            long allocated = GC.GetAllocatedBytesForCurrentThread();
            long started = clock.Now();
            for (int pass = 0; pass < passes; pass++)
                for (int i = 0; i < messages.Length; i++) run(i);
            double ms = ScanProfile.Milliseconds(clock.Now() - started) / (passes * messages.Length);
            double kb = (GC.GetAllocatedBytesForCurrentThread() - allocated) / 1024.0 / (passes * messages.Length);
            Console.WriteLine($"  {name,-42} {ms,7:F3} ms {kb,8:F0} KB   GCs {GC.CollectionCount(0) - gcs} (gen2 {GC.CollectionCount(2) - gen2})");
        }
    }

    private static string BayesPathOf(DaemonOptions options)
    {
        var config = new BayesConfig();
        config.Load(options.ConfigPath ?? Spamd.Engine.Config.RuleLoadOptions.DefaultRulesDirectory);
        config.Load(options.SiteConfigPath ?? Spamd.Engine.Config.RuleLoadOptions.DefaultSiteDirectory);
        return config.BayesPath ?? "~/.spamassassin/bayes";
    }

    private static byte[] Encode(byte[] message) =>
        [.. Encoding.ASCII.GetBytes($"CHECK SPAMC/1.5\r\nContent-length: {message.Length}\r\n\r\n"), .. message];

    /// <summary>One connection: the request already written and half-closed, served to the end, the reply read.</summary>
    private static void Serve(SpamdConnectionHandler handler, byte[] request)
    {
        var toServer = new Pipe(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false));
        var toClient = new Pipe(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false));
        toServer.Writer.Write(request);
        toServer.Writer.Complete();
        var connection = new DefaultConnectionContext("bench", new Duplex(toServer.Reader, toClient.Writer), new Duplex(toClient.Reader, toServer.Writer))
        {
            RemoteEndPoint = new IPEndPoint(IPAddress.Loopback, 40000),
            LocalEndPoint = new IPEndPoint(IPAddress.Loopback, 783),
        };
        handler.OnConnectedAsync(connection).GetAwaiter().GetResult();
        toClient.Writer.Complete();
        if (!toClient.Reader.TryRead(out var reply) || reply.Buffer.Length == 0) throw new InvalidOperationException("no reply");
        toClient.Reader.AdvanceTo(reply.Buffer.End);
    }

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;
        public PipeWriter Output { get; } = output;
    }
}
