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

    public Dictionary<string, long> PhaseTicks { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, long> RuleTicks { get; } = new(StringComparer.Ordinal);

    internal void AddPhase(string phase, long ticks) => PhaseTicks[phase] = PhaseTicks.GetValueOrDefault(phase) + ticks;
    internal void AddRule(string rule, long ticks) => RuleTicks[rule] = RuleTicks.GetValueOrDefault(rule) + ticks;

    public static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
