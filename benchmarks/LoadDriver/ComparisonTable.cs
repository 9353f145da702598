using System.Globalization;
using System.Text;

namespace Spamd.LoadDriver;

/// <summary>Two runs side by side (typically ours and SpamAssassin's spamd) with the ratio first/second.</summary>
public static class ComparisonTable
{
    public static string Render(LoadReport first, LoadReport second)
    {
        var rows = new List<(string Name, string A, string B, string Ratio)>
        {
            ("requests", first.Requests.ToString(), second.Requests.ToString(), ""),
            Row("messages/s", first.MessagesPerSecond, second.MessagesPerSecond, "F1"),
            Row("MB/s", first.MegabytesPerSecond, second.MegabytesPerSecond, "F3"),
            Row("latency p50 ms", first.LatencyMs.P50, second.LatencyMs.P50, "F1"),
            Row("latency p95 ms", first.LatencyMs.P95, second.LatencyMs.P95, "F1"),
            Row("latency p99 ms", first.LatencyMs.P99, second.LatencyMs.P99, "F1"),
            Row("latency max ms", first.LatencyMs.Max, second.LatencyMs.Max, "F1"),
            ("errors", Errors(first), Errors(second), ""),
            ("spam recall", LoadReport.Percent(first.Verdicts.SpamRecall), LoadReport.Percent(second.Verdicts.SpamRecall), ""),
            ("ham false positives", LoadReport.Percent(first.Verdicts.HamFalsePositiveRate), LoadReport.Percent(second.Verdicts.HamFalsePositiveRate), ""),
        };
        if (first.PeakRssBytes is not null || second.PeakRssBytes is not null)
            rows.Add(Row("peak RSS MiB", first.PeakRssBytes / 1048576.0, second.PeakRssBytes / 1048576.0, "F1"));

        var header = (Name: "", A: first.Target, B: second.Target, Ratio: "ratio");
        int w0 = rows.Max(r => r.Name.Length);
        int w1 = Math.Max(header.A.Length, rows.Max(r => r.A.Length));
        int w2 = Math.Max(header.B.Length, rows.Max(r => r.B.Length));
        var s = new StringBuilder();
        s.AppendLine($"{header.Name.PadRight(w0)}  {header.A.PadLeft(w1)}  {header.B.PadLeft(w2)}  {header.Ratio}");
        foreach (var r in rows)
            s.AppendLine($"{r.Name.PadRight(w0)}  {r.A.PadLeft(w1)}  {r.B.PadLeft(w2)}  {r.Ratio}".TrimEnd());
        return s.ToString();
    }

    private static (string, string, string, string) Row(string name, double? a, double? b, string format)
    {
        var c = CultureInfo.InvariantCulture;
        string ratio = a is double x && b is double y && y != 0 ? Ratio(x / y) : "";
        return (name, a?.ToString(format, c) ?? "n/a", b?.ToString(format, c) ?? "n/a", ratio);
    }

    /// <summary>Three significant digits whatever the magnitude: 791x, 1.23x, 0.000535x.</summary>
    private static string Ratio(double r) =>
        (Math.Abs(r) >= 100 ? r.ToString("F0", CultureInfo.InvariantCulture)
            : Math.Abs(r) >= 1 || r == 0 ? r.ToString("F2", CultureInfo.InvariantCulture)
            : r.ToString("G3", CultureInfo.InvariantCulture)) + "x";

    private static string Errors(LoadReport r) =>
        r.Failed == 0 ? "0" : $"{r.Failed} ({string.Join(", ", r.Errors.Select(e => $"{e.Key} {e.Value}"))})";
}
