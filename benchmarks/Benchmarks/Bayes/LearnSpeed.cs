using System.Diagnostics;
using System.Globalization;
using Spamd.Engine.Bayes;
using Spamd.Engine.Learning;
using Spamd.Engine.Mime;

namespace Spamd.Benchmarks.Bayes;

/// <summary>
/// Learning speed into SQLite as sa-learn learns (<see cref="BulkLearner"/>: each message read from its file,
/// parsed and tokenized on all cores, written in order, one transaction per batch), over the training split
/// (easy-ham-1 + spam-1) into a fresh database each round, after one unmeasured warm-up round; where one
/// thread's time goes; and optionally a published sa-learn run end to end as a user runs it (start-up included).
/// Run: dotnet run -c Release --project benchmarks/Benchmarks -- bayes-learn-speed [--rounds N] [--sa-learn PATH]
/// </summary>
public static class LearnSpeed
{
    private static readonly Func<ReadOnlyMemory<byte>, IMailMessage> Parse = raw => MailMessage.Parse(raw);

    public static int Run(string[] args)
    {
        // As sa-learn runs (its runtimeconfig sets this switch): the Received parser's regexes stay interpreted.
        // (Measured 13:45 UTC: the rounds cost the same either way, 0.51-0.56 ms per message.)
        AppContext.SetSwitch("Spamd.Engine.NoBackgroundRegexCompilation", true);
        int rounds = 3;
        string? saLearn = null;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--rounds") rounds = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (args[i] == "--sa-learn") saLearn = args[++i];
            else throw new ArgumentException($"unknown argument {args[i]}");
        }
        string[] hamFiles = BayesAccuracy.Files("easy-ham-1"), spamFiles = BayesAccuracy.Files("spam-1");
        byte[][] ham = hamFiles.Select(File.ReadAllBytes).ToArray(), spam = spamFiles.Select(File.ReadAllBytes).ToArray();
        string dir = Path.Combine(Path.GetTempPath(), "spamd-learn-speed-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            Phases(ham.Take(300).Concat(spam.Take(100)).ToArray());
            foreach (int size in new[] { 64, 256, 1024 }) StoreOnly(ham, spam, Path.Combine(dir, $"store-only-{size}"), size);
            // sa-learn runs without background collections (ConcurrentGarbageCollection false); so do the rounds.
            var latency = System.Runtime.GCSettings.LatencyMode;
            System.Runtime.GCSettings.LatencyMode = System.Runtime.GCLatencyMode.Batch;
            for (int round = 0; round <= rounds; round++)
            {
                using var stores = new BayesStoreProvider(Path.Combine(dir, $"round{round}"));
                var learner = new BulkLearner(new BayesClassifier(stores, Parse), stores.For(null));
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var gc = GcFigures.Now();
                var clock = Stopwatch.StartNew();
                learner.Learn(hamFiles.Select(Reader), LearnAction.Ham);
                learner.Learn(spamFiles.Select(Reader), LearnAction.Spam);
                double wall = clock.Elapsed.TotalSeconds, cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
                string gcShare = (GcFigures.Now() - gc).PerMessage(ham.Length + spam.Length);
                Report(round == 0 ? "warm-up" : $"round {round}", ham.Length + spam.Length, wall, cpuSeconds, gcShare);
                if (round == 0) Console.WriteLine(Contents(stores.For(null)));
                if (round == rounds) ScanTime(new BayesClassifier(stores, Parse), stores.For(null));
            }
            System.Runtime.GCSettings.LatencyMode = latency;
            if (saLearn != null) RunSaLearn(saLearn, hamFiles, spamFiles, Path.Combine(dir, "sa-learn"));
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// The daemon's Bayes step per message on one thread: tokenize and one batched read, over evaluation
    /// messages parsed, rendered and with their relay metadata beforehand (the scan has those already).
    /// </summary>
    private static void ScanTime(BayesClassifier classifier, IBayesStore store)
    {
        var messages = BayesAccuracy.Files("easy-ham-2").Take(300).Concat(BayesAccuracy.Files("spam-2").Take(100))
            .Select(file => MailMessage.Parse(File.ReadAllBytes(file)))
            .Select(message => (Message: message, Relays: RelayMetadata.Of(message, [], [])))
            .ToArray();
        foreach (var (message, relays) in messages) { _ = message.VisibleBodyText; _ = message.Uris; _ = message.InvisibleBodyText; _ = relays(""); }
        double Pass()
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            foreach (var (message, relays) in messages) classifier.Probability(message, store, relays);
            return (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / messages.Length;
        }
        for (int warm = 0; warm < 3; warm++) Pass();
        double best = Enumerable.Range(0, 5).Min(_ => Pass());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"scan-time Bayes (tokenize + one batched read), one thread, best of 5 passes: {best:0.000} ms CPU per message"));
    }

    private static Func<byte[]?> Reader(string file) => () => File.ReadAllBytes(file);

    private static void Report(string what, int count, double wall, double cpuSeconds, string extra) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what}: {count} messages in {wall:0.00} s wall = {count / wall:0} messages/s; " +
            $"{cpuSeconds:0.00} s CPU = {count / cpuSeconds:0} messages per CPU-second ({1000 * cpuSeconds / count:0.000} ms per message){extra}"));

    /// <summary>
    /// What the database holds, to compare builds: message and token counts, and a digest of its backup without
    /// the token atimes (a message without dates gets the current time).
    /// </summary>
    private static string Contents(IBayesStore store)
    {
        var magic = store.GetMagic();
        using var backup = new StringWriter();
        store.Backup(backup);
        var lines = backup.ToString().Split('\n')
            .Select(line => line.Split('\t') is ["t", var spamCount, var hamCount, _, var key] ? $"t {spamCount} {hamCount} {key}" : line)
            .Order(StringComparer.Ordinal);
        string digest = Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', lines))))[..16];
        return string.Create(CultureInfo.InvariantCulture,
            $"database: {magic.Spam} spam, {magic.Ham} ham, {magic.TokenCount} tokens; backup digest without atimes {digest}");
    }

    /// <summary>
    /// A published sa-learn as users run it, two processes (ham, then spam) into a fresh database: wall time and
    /// the children's CPU time (from /proc/self/stat, after each has exited), start-up included.
    /// </summary>
    private static void RunSaLearn(string exe, string[] hamFiles, string[] spamFiles, string prefix)
    {
        var clock = Stopwatch.StartNew();
        double cpuBefore = ChildrenCpuSeconds();
        foreach (var (flag, files) in new[] { ("--ham", hamFiles), ("--spam", spamFiles) })
        {
            var start = new ProcessStartInfo(exe) { RedirectStandardOutput = true };
            foreach (string arg in (string[])["--dbpath", prefix, flag, .. files]) start.ArgumentList.Add(arg);
            using var process = Process.Start(start)!;
            Console.WriteLine("sa-learn: " + process.StandardOutput.ReadToEnd().Trim());
            process.WaitForExit();
        }
        Report("sa-learn process", hamFiles.Length + spamFiles.Length, clock.Elapsed.TotalSeconds, ChildrenCpuSeconds() - cpuBefore, "");
    }

    private static double ChildrenCpuSeconds()
    {
        // Fields 16 and 17 (cutime, cstime) after the command name, in clock ticks of 1/100 s.
        string stat = File.ReadAllText("/proc/self/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture)) / 100.0;
    }

    /// <summary>The store's share: the same batches written from requests prepared beforehand.</summary>
    private static void StoreOnly(byte[][] ham, byte[][] spam, string path, int batchSize)
    {
        using var stores = new BayesStoreProvider(path);
        var classifier = new BayesClassifier(stores, Parse);
        var requests = ham.Select(raw => classifier.CreateRequest(Parse(raw), LearnAction.Ham))
            .Concat(spam.Select(raw => classifier.CreateRequest(Parse(raw), LearnAction.Spam))).ToArray();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        foreach (var chunk in requests.Chunk(batchSize)) stores.For(null).LearnBatch(chunk);
        double cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"store only, {batchSize} per transaction: {requests.Length} prepared messages in {clock.Elapsed.TotalSeconds:0.00} s wall, {cpuMs / requests.Length:0.000} ms CPU per message"));
    }

    /// <summary>
    /// CPU time per message of each phase on one thread (the store's write excluded): passes that stop after
    /// parsing, after the renderings, after the relays and after tokenizing, each minus the one before. CPU
    /// time, because wall time on a shared machine measures the neighbours.
    /// </summary>
    private static void Phases(byte[][] messages)
    {
        var tokenizer = new BayesTokenizer();
        (double Cpu, double Allocated) Pass(int phases)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            long allocated = GC.GetAllocatedBytesForCurrentThread();
            for (int repeat = 0; repeat < 3; repeat++)
                foreach (byte[] raw in messages)
                {
                    var message = MailMessage.Parse(raw);
                    if (phases < 2) continue;
                    _ = message.Headers; _ = message.VisibleBodyText; _ = message.InvisibleBodyText; _ = message.Uris;
                    if (phases < 3) continue;
                    var relayHeader = RelayMetadata.Of(message, [], []);
                    if (phases < 4) continue;
                    tokenizer.TokenKeys(message, relayHeader);
                    if (phases < 5) continue;
                    _ = MessageIdentity.Ids(message);
                    _ = MessageIdentity.ReceiveTime(message, 0);
                }
            return ((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / (3.0 * messages.Length),
                (GC.GetAllocatedBytesForCurrentThread() - allocated) / 1024.0 / (3.0 * messages.Length));
        }
        // Enough passes for the tiered JIT to settle.
        for (int warm = 0; warm < 4; warm++) Pass(5);
        var (parse, render, relays, tokenize, ids) = (Pass(1), Pass(2), Pass(3), Pass(4), Pass(5));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"CPU per message, one thread: parse {parse.Cpu:0.000} ms, renderings {render.Cpu - parse.Cpu:0.000} ms, relays {relays.Cpu - render.Cpu:0.000} ms, " +
            $"tokenize {tokenize.Cpu - relays.Cpu:0.000} ms, ids {ids.Cpu - tokenize.Cpu:0.000} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"allocated per message: parse {parse.Allocated:0.0} KB, renderings {render.Allocated - parse.Allocated:0.0} KB, relays {relays.Allocated - render.Allocated:0.0} KB, " +
            $"tokenize {tokenize.Allocated - relays.Allocated:0.0} KB, ids {ids.Allocated - tokenize.Allocated:0.0} KB"));
    }

    /// <summary>Allocation and collections between two moments: the garbage collector's share of a run.</summary>
    private readonly record struct GcFigures(long Allocated, TimeSpan Paused, int Gen0, int Gen1, int Gen2)
    {
        public static GcFigures Now() => new(GC.GetTotalAllocatedBytes(precise: false), GC.GetTotalPauseDuration(),
            GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));

        public static GcFigures operator -(GcFigures a, GcFigures b) =>
            new(a.Allocated - b.Allocated, a.Paused - b.Paused, a.Gen0 - b.Gen0, a.Gen1 - b.Gen1, a.Gen2 - b.Gen2);

        public string PerMessage(int count) => string.Create(CultureInfo.InvariantCulture,
            $"; allocated {Allocated / 1024.0 / count:0} KB per message, GC paused {Paused.TotalMilliseconds:0} ms, collections gen0/1/2 {Gen0}/{Gen1}/{Gen2}");
    }
}
