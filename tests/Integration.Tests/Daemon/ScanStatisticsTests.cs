using Spamd.Daemon.Scanning;

namespace Spamd.Integration.Tests.Daemon;

public class ScanStatisticsTests
{
    [Fact]
    public void The_summary_averages_the_scans_cpu()
    {
        var statistics = new ScanStatistics();
        for (int i = 0; i < 10; i++) Assert.Null(statistics.AddScan(2_000_000, debug: true));
        var summary = statistics.Summary();
        Assert.StartsWith("10 scans: CPU per scan ", summary);
        Assert.Contains(" 2.00 ms in the scans", summary);
        Assert.Contains("collections (gen 0/1/2)", summary);
    }

    [Fact]
    public void With_debug_every_interval_gets_a_line_of_its_own()
    {
        var statistics = new ScanStatistics();
        var lines = Enumerable.Range(0, 2 * ScanStatistics.DebugInterval)
            .Select(i => statistics.AddScan(i < ScanStatistics.DebugInterval ? 1_000_000 : 3_000_000, debug: true))
            .Where(line => line != null).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Contains($"{ScanStatistics.DebugInterval} scans: ", lines[0]);
        Assert.Contains(" 1.00 ms in the scans", lines[0]);
        Assert.Contains(" 3.00 ms in the scans", lines[1]);
        Assert.All(Enumerable.Range(0, ScanStatistics.DebugInterval), _ => Assert.Null(statistics.AddScan(1, debug: false)));
    }

    [Fact]
    public void The_thread_clock_counts_this_threads_work()
    {
        long before = ScanStatistics.ThreadCpuNow();
        double x = 0;
        for (int i = 0; i < 20_000_000; i++) x += Math.Sqrt(i);
        Assert.True(x > 0);
        Assert.True(ScanStatistics.ThreadCpuNow() - before > 1_000_000, "20 million square roots take more than 1 ms of CPU");
    }
}
