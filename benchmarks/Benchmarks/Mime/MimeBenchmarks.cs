using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Spamd.Engine.Mime;

namespace Spamd.Benchmarks.Mime;

/// <summary>
/// Parse, render and URI extraction over a fixed sample of corpus messages. Each operation is one message
/// (OperationsPerInvoke), so Mean and Allocated read per message; the MB/s column is mail throughput on one core.
/// Run: <c>dotnet run -c Release --project benchmarks/Benchmarks -- --filter *MimeBenchmarks* --job short</c>.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class MimeBenchmarks
{
    private const int Step = 10;
    private static readonly byte[][] Messages = MimeCorpusSample.Load(Step);

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new MegabytesPerSecondColumn(Messages.Average(m => (double)m.Length)));
    }

    [GlobalSetup]
    public void Warm()
    {
        // First use compiles the URI patterns and loads the TLD list, and tiered JIT needs thousands of messages
        // before the renderer runs fully optimised (a short job alone would measure tier-0 code): warm up here.
        for (int pass = 0; pass < 40; pass++)
            foreach (var m in Messages)
            {
                var message = MailMessage.Parse(m);
                _ = message.BodyText.Count + message.RawBodyText.Count + message.Uris.Count;
            }
    }

    private static readonly int Count = Messages.Length;

    [Benchmark(OperationsPerInvoke = 280)]
    public int Parse()
    {
        int n = 0;
        for (int i = 0; i < 280; i++) n += MailMessage.Parse(Messages[i % Count]).Parts.Count;
        return n;
    }

    [Benchmark(OperationsPerInvoke = 280)]
    public int ParseAndRender()
    {
        int n = 0;
        for (int i = 0; i < 280; i++)
        {
            var m = MailMessage.Parse(Messages[i % Count]);
            n += m.BodyText.Count + m.RawBodyText.Count;
        }
        return n;
    }

    [Benchmark(OperationsPerInvoke = 280)]
    public int ParseRenderAndUris()
    {
        int n = 0;
        for (int i = 0; i < 280; i++)
        {
            var m = MailMessage.Parse(Messages[i % Count]);
            n += m.BodyText.Count + m.RawBodyText.Count + m.Uris.Count;
        }
        return n;
    }
}
