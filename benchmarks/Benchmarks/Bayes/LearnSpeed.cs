using System.Diagnostics;
using System.Globalization;
using Spamd.Engine.Bayes;
using Spamd.Engine.Learning;
using Spamd.Engine.Mime;

namespace Spamd.Benchmarks.Bayes;

/// <summary>
/// Learning speed into SQLite as sa-learn learns (parse, tokenize on all cores, one transaction per batch),
/// over the training split (easy-ham-1 + spam-1) into a fresh database, after one unmeasured warm-up pass,
/// and where one thread's time goes.
/// Run: dotnet run -c Release --project benchmarks/Benchmarks -- bayes-learn-speed [--rounds N]
/// </summary>
public static class LearnSpeed
{
    private static readonly Func<ReadOnlyMemory<byte>, IMailMessage> Parse = raw => MailMessage.Parse(raw);

    public static int Run(string[] args)
    {
        int rounds = args is ["--rounds", var n] ? int.Parse(n, CultureInfo.InvariantCulture) : 3;
        byte[][] ham = BayesAccuracy.Load("easy-ham-1"), spam = BayesAccuracy.Load("spam-1");
        string dir = Path.Combine(Path.GetTempPath(), "spamd-learn-speed-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            Phases(ham.Take(300).Concat(spam.Take(100)).ToArray());
            foreach (int size in new[] { 64, 256, 1024 }) StoreOnly(ham, spam, Path.Combine(dir, $"store-only-{size}"), size);
            for (int round = 0; round <= rounds; round++)
            {
                using var stores = new BayesStoreProvider(Path.Combine(dir, $"round{round}"));
                var classifier = new BayesClassifier(stores, Parse);
                var process = Process.GetCurrentProcess();
                var cpu = process.TotalProcessorTime;
                var gc = GcFigures.Now();
                var clock = Stopwatch.StartNew();
                BayesAccuracy.Learn(classifier, stores.For(null), Parse, ham, LearnAction.Ham);
                BayesAccuracy.Learn(classifier, stores.For(null), Parse, spam, LearnAction.Spam);
                double wall = clock.Elapsed.TotalSeconds, cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
                int count = ham.Length + spam.Length;
                string gcShare = (GcFigures.Now() - gc).PerMessage(count);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{(round == 0 ? "warm-up" : $"round {round}")}: {count} messages in {wall:0.00} s wall = {count / wall:0} messages/s; " +
                    $"{cpuSeconds:0.00} s CPU = {count / cpuSeconds:0} messages per CPU-second ({1000 * cpuSeconds / count:0.000} ms per message); {gcShare}"));
            }
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
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
                    tokenizer.Tokenize(message, relayHeader);
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
            $"allocated {Allocated / 1024.0 / count:0} KB per message, GC paused {Paused.TotalMilliseconds:0} ms, collections gen0/1/2 {Gen0}/{Gen1}/{Gen2}");
    }
}
