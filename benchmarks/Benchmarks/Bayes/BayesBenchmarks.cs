using BenchmarkDotNet.Attributes;
using Spamd.Engine.Bayes;
using Spamd.Engine.Learning;
using Spamd.Engine.Mime;
using Spamd.Learn;

namespace Spamd.Benchmarks.Bayes;

/// <summary>
/// Bayes learning and scoring speed on the dev corpus; the accuracy report (Bayes alone on the dev split) is
/// printed once per run. Run: dotnet run -c Release --project benchmarks/Benchmarks -- --filter '*BayesBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class BayesBenchmarks
{
    private static readonly Func<ReadOnlyMemory<byte>, IMailMessage> Parse = raw => MailMessage.Parse(raw);
    private readonly string dir = Path.Combine(Path.GetTempPath(), "spamd-bayes-bench-" + Guid.NewGuid().ToString("N"));
    private byte[][] ham = [];
    private BayesStoreProvider? stores;
    private BayesClassifier? classifier;
    private IMailMessage? sample;
    private int round;

    [GlobalSetup]
    public void Setup()
    {
        Directory.CreateDirectory(dir);
        var report = BayesAccuracy.Measure(Parse, BayesOptions.Default, Path.Combine(dir, "accuracy"));
        Console.WriteLine(report);
        if (Environment.GetEnvironmentVariable("SPAMD_BAYES_COMPARE_BIGRAMS") == "1")
        {
            Console.WriteLine("With body bigrams:");
            Console.WriteLine(BayesAccuracy.Measure(Parse, BayesOptions.Default with { BodyBigrams = true }, Path.Combine(dir, "bigrams")));
        }

        ham = BayesAccuracy.Load("easy-ham-1").Take(500).ToArray();
        stores = new BayesStoreProvider(Path.Combine(dir, "accuracy"));
        classifier = new BayesClassifier(stores, Parse);
        sample = Parse(BayesAccuracy.Load("spam-2")[0]);
    }

    /// <summary>500 messages into a fresh database: messages per second = 500 / time.</summary>
    [Benchmark(OperationsPerInvoke = 500)]
    public void Learn500()
    {
        using var fresh = new BayesStoreProvider(Path.Combine(dir, $"learn{round++}"));
        BayesAccuracy.Learn(new BayesClassifier(fresh, Parse), fresh.For(null), ham, LearnAction.Ham);
    }

    [Benchmark]
    public double? ScoreOneMessage() => classifier!.Probability(sample!, stores!.For(null));

    [Benchmark]
    public int TokenizeOneMessage() => new BayesTokenizer().Tokenize(sample!).Count;

    [GlobalCleanup]
    public void Cleanup()
    {
        stores?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }
}
