using System.Diagnostics;

namespace Spamd.Engine.Rules;

/// <summary>
/// Optional timing of scans: ticks spent per phase (parse, each rule phase, meta) and per rule, summed over
/// every scan given this profile. For benchmarks and diagnosis; not thread-safe.
/// </summary>
public sealed class ScanProfile
{
    public const string Parse = "parse";
    public const string Meta = "meta";

    /// <summary>
    /// Measure the scanning thread's CPU time instead of wall time (a system call per reading, but immune to
    /// other processes on a busy machine).
    /// </summary>
    public bool ThreadCpuTime { get; init; }

    /// <summary>Time each rule too (off: phases only, without the cost of two clock readings per rule).</summary>
    public bool RuleTimes { get; init; } = true;

    internal long Now() => ThreadCpuTime ? ThreadCpuTicks() : Stopwatch.GetTimestamp();

    private static long ThreadCpuTicks()
    {
        if (!OperatingSystem.IsLinux()) return Stopwatch.GetTimestamp();
        ClockGetTime(3 /* CLOCK_THREAD_CPUTIME_ID */, out var time);
        return (long)((time.Seconds * 1_000_000_000L + time.Nanoseconds) * (Stopwatch.Frequency / 1e9));
    }

    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    public Dictionary<string, long> PhaseTicks { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, long> RuleTicks { get; } = new(StringComparer.Ordinal);

    internal void AddPhase(string phase, long ticks) => PhaseTicks[phase] = PhaseTicks.GetValueOrDefault(phase) + ticks;
    internal void AddRule(string rule, long ticks) => RuleTicks[rule] = RuleTicks.GetValueOrDefault(rule) + ticks;

    public static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
