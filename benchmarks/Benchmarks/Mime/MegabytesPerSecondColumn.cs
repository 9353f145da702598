using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Spamd.Benchmarks.Mime;

/// <summary>Mail throughput: mean bytes per operation (one message) divided by the mean time per operation.</summary>
internal sealed class MegabytesPerSecondColumn(double bytesPerOperation) : IColumn
{
    public string Id => nameof(MegabytesPerSecondColumn);
    public string ColumnName => "MB/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Megabytes of mail per second on one thread (mean message size / mean time per message)";
    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var stats = summary[benchmarkCase]?.ResultStatistics;
        if (stats == null || stats.Mean <= 0) return "-";
        return (bytesPerOperation / stats.Mean * 1e9 / 1e6).ToString("F1", System.Globalization.CultureInfo.InvariantCulture);
    }
}
