using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Spamd.Daemon.Scanning;

/// <summary>
/// What the daemon's scans cost, for the log: the scans' own CPU (the scanning thread's clock around each
/// scan) against the whole process's, and the garbage collector's share. The difference is what serving costs
/// around the scans (sockets, protocol, replies, logging, the runtime). With -D a line every
/// <see cref="DebugInterval"/> scans covers the scans since the previous one; at shutdown one covers them all.
/// </summary>
public sealed class ScanStatistics
{
    public const int DebugInterval = 500;

    private readonly Lock gate = new();
    private Snapshot start = Snapshot.Take(0, 0);
    private Snapshot last = Snapshot.Take(0, 0);
    private long scans;
    private long scanCpuNanoseconds;

    /// <summary>The calling thread's CPU time in nanoseconds (0 where the clock is not available).</summary>
    public static long ThreadCpuNow()
    {
        if (!OperatingSystem.IsLinux()) return 0;
        clock_gettime(3 /* CLOCK_THREAD_CPUTIME_ID */, out var time);
        return time.Seconds * 1_000_000_000L + time.Nanoseconds;
    }

    /// <returns>A line for the debug log when this scan completes an interval, else null.</returns>
    public string? AddScan(long cpuNanoseconds, bool debug)
    {
        long cpu = Interlocked.Add(ref scanCpuNanoseconds, cpuNanoseconds);
        long n = Interlocked.Increment(ref scans);
        if (!debug || n % DebugInterval != 0) return null;
        lock (gate)
        {
            var now = Snapshot.Take(n, cpu);
            var line = Describe(last, now);
            last = now;
            return line;
        }
    }

    /// <summary>Everything since start-up.</summary>
    public string Summary() => Describe(start, Snapshot.Take(Volatile.Read(ref scans), Volatile.Read(ref scanCpuNanoseconds)));

    private static string Describe(Snapshot from, Snapshot to)
    {
        long n = Math.Max(1, to.Scans - from.Scans);
        return string.Create(CultureInfo.InvariantCulture,
            $"{to.Scans - from.Scans} scans: CPU per scan {(to.ProcessCpu - from.ProcessCpu).TotalMilliseconds / n:F2} ms for the process, " +
            $"{(to.ScanCpuNanoseconds - from.ScanCpuNanoseconds) / 1e6 / n:F2} ms in the scans; " +
            $"GC {to.Gen0 - from.Gen0}/{to.Gen1 - from.Gen1}/{to.Gen2 - from.Gen2} collections (gen 0/1/2), " +
            $"paused {(to.GcPause - from.GcPause).TotalMilliseconds / n:F2} ms per scan, " +
            $"{(to.Allocated - from.Allocated) / 1024.0 / n:F0} KB allocated per scan; heap {GC.GetGCMemoryInfo().HeapSizeBytes / 1048576.0:F0} MB, " +
            $"RSS {Environment.WorkingSet / 1048576.0:F0} MB");
    }

    private readonly record struct Snapshot(long Scans, long ScanCpuNanoseconds, TimeSpan ProcessCpu, int Gen0, int Gen1, int Gen2,
        TimeSpan GcPause, long Allocated)
    {
        public static Snapshot Take(long scans, long scanCpu)
        {
            using var self = Process.GetCurrentProcess();
            return new Snapshot(scans, scanCpu, self.TotalProcessorTime, GC.CollectionCount(0), GC.CollectionCount(1),
                GC.CollectionCount(2), GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes());
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc")]
    private static extern int clock_gettime(int clock, out TimeSpec time);
}
