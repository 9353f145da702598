using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Spamd.Benchmarks.Hosting;

/// <summary>
/// Which types the process allocates, from the runtime's allocation sampling (one event per ~100 KB allocated,
/// naming the type that crossed the mark): the largest counts are where the bytes go.
/// </summary>
public sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, long> samples = new();
    private readonly ConcurrentDictionary<string, long> large = new();
    public bool Recording { get; set; }

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Verbose, GcKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!Recording || !e.EventName!.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.Payload is null) return;
        int name = e.PayloadNames!.IndexOf("TypeName"), kind = e.PayloadNames.IndexOf("AllocationKind");
        var type = e.Payload[name]?.ToString() ?? "?";
        samples.AddOrUpdate(type, 1, (_, n) => n + 1);
        if (kind >= 0 && Convert.ToInt32(e.Payload[kind]) == 1) large.AddOrUpdate(type, 1, (_, n) => n + 1);
    }

    public void Print(int top, int scans)
    {
        Console.WriteLine($"allocation samples (~100 KB each) per 100 scans, top {top} types (large-object heap samples in brackets):");
        foreach (var (type, n) in samples.OrderByDescending(kv => kv.Value).Take(top))
            Console.WriteLine($"  {n * 100.0 / scans,7:F1}  [{large.GetValueOrDefault(type) * 100.0 / scans,5:F1}]  {type}");
    }
}
