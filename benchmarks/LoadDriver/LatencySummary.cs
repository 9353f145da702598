using System.Diagnostics;

namespace Spamd.LoadDriver;

/// <summary>Latency of successful requests in milliseconds (nearest-rank percentiles).</summary>
public sealed record LatencySummary(double Mean, double P50, double P95, double P99, double Max)
{
    public static LatencySummary FromTicks(List<long> ticks)
    {
        if (ticks.Count == 0) return new LatencySummary(0, 0, 0, 0, 0);
        ticks.Sort();
        double sum = 0;
        foreach (var t in ticks) sum += t;
        return new LatencySummary(
            ToMs(sum / ticks.Count), ToMs(Rank(ticks, 0.50)), ToMs(Rank(ticks, 0.95)), ToMs(Rank(ticks, 0.99)), ToMs(ticks[^1]));
    }

    private static long Rank(List<long> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static double ToMs(double ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
