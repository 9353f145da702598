using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Spamd.LoadDriver;

/// <summary>The outcome of one measured run: what the human table and the JSON file show.</summary>
public sealed class LoadReport
{
    public string Target { get; init; } = "";
    public string Address { get; init; } = "";
    public string Method { get; init; } = "";
    public int Concurrency { get; init; }
    public DateTime StartedUtc { get; init; }
    public double ElapsedSeconds { get; init; }
    public long Requests { get; init; }
    public long Succeeded { get; init; }
    public long Failed { get; init; }
    /// <summary>Successful scans per second of wall time.</summary>
    public double MessagesPerSecond { get; init; }
    /// <summary>Message bytes of successful scans per second, in 10^6 bytes.</summary>
    public double MegabytesPerSecond { get; init; }
    public LatencySummary LatencyMs { get; init; } = new(0, 0, 0, 0, 0);
    public SortedDictionary<string, long> Errors { get; init; } = new();
    public VerdictCounts Verdicts { get; init; } = new();
    public long? PeakRssBytes { get; init; }
    public int? PeakRssProcesses { get; init; }

    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static LoadReport Create(LoadSettings settings, DateTime startedUtc, TimeSpan elapsed, SlotTally[] tallies, ProcessTreeMemory? memory)
    {
        var latencies = new List<long>();
        var errors = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var verdicts = new VerdictCounts();
        long requests = 0, bytes = 0;
        foreach (var tally in tallies)
        {
            latencies.AddRange(tally.LatencyTicks);
            foreach (var (kind, n) in tally.Errors) errors[kind] = errors.GetValueOrDefault(kind) + n;
            verdicts.Add(tally.Verdicts);
            requests += tally.Requests;
            bytes += tally.MessageBytes;
        }
        double seconds = Math.Max(elapsed.TotalSeconds, 1e-9);
        return new LoadReport
        {
            Target = settings.TargetName ?? settings.Address.Display,
            Address = settings.Address.Display,
            Method = settings.Method.WireName(),
            Concurrency = settings.Concurrency,
            StartedUtc = startedUtc,
            ElapsedSeconds = elapsed.TotalSeconds,
            Requests = requests,
            Succeeded = latencies.Count,
            Failed = requests - latencies.Count,
            MessagesPerSecond = latencies.Count / seconds,
            MegabytesPerSecond = bytes / seconds / 1e6,
            LatencyMs = LatencySummary.FromTicks(latencies),
            Errors = errors,
            Verdicts = verdicts,
            PeakRssBytes = memory?.PeakBytes,
            PeakRssProcesses = memory?.PeakProcesses,
        };
    }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions) + "\n";

    public static LoadReport FromJson(string json) =>
        JsonSerializer.Deserialize<LoadReport>(json, JsonOptions) ?? throw new JsonException("empty report");

    public string ToTable()
    {
        var c = CultureInfo.InvariantCulture;
        var s = new StringBuilder();
        s.AppendLine(c, $"{Target}: {Method} to {Address}, concurrency {Concurrency}, {Requests} requests in {ElapsedSeconds:F2} s");
        s.AppendLine(c, $"  throughput   {MessagesPerSecond,10:F1} msg/s   {MegabytesPerSecond:F2} MB/s");
        s.AppendLine(c, $"  latency ms   p50 {LatencyMs.P50:F1}   p95 {LatencyMs.P95:F1}   p99 {LatencyMs.P99:F1}   max {LatencyMs.Max:F1}   mean {LatencyMs.Mean:F1}");
        s.Append(c, $"  errors       {Failed}");
        if (Errors.Count > 0) s.Append("  (").AppendJoin(", ", Errors.Select(e => $"{e.Key} {e.Value}")).Append(')');
        s.AppendLine();
        var v = Verdicts;
        if (Method != "PING")
        {
            s.AppendLine(c, $"  spam         {v.SpamAsSpam} of {v.SpamAsSpam + v.SpamAsHam} caught   recall {Percent(v.SpamRecall)}");
            s.AppendLine(c, $"  ham          {v.HamAsSpam} of {v.HamAsSpam + v.HamAsHam} flagged  false positives {Percent(v.HamFalsePositiveRate)}");
        }
        if (v.UnlabelledAsSpam + v.UnlabelledAsHam > 0)
            s.AppendLine(c, $"  unlabelled   {v.UnlabelledAsSpam} spam, {v.UnlabelledAsHam} ham");
        if (PeakRssBytes is long rss)
            s.AppendLine(c, $"  peak RSS     {rss / 1048576.0:F1} MiB over {PeakRssProcesses} process(es)");
        return s.ToString();
    }

    internal static string Percent(double? ratio) =>
        ratio is double r ? (r * 100).ToString("F2", CultureInfo.InvariantCulture) + " %" : "n/a";
}
