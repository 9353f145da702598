using System.Text;

namespace Spamd.Engine.Config;

/// <summary>
/// What a configuration load did: files read, rules compiled, rules skipped with the reason (once each),
/// eval functions we do not implement, directives nobody handles, and warnings. Printed at daemon start.
/// </summary>
public sealed class LoadReport
{
    public List<string> Files { get; } = [];

    public List<string> Warnings { get; } = [];

    /// <summary>Rule name to the reason it was skipped (bad regex, bad meta, ...).</summary>
    public SortedDictionary<string, string> SkippedRules { get; } = new(StringComparer.Ordinal);

    /// <summary>Eval function name to the number of rules using it that therefore never hit.</summary>
    public SortedDictionary<string, int> UnimplementedEvals { get; } = new(StringComparer.Ordinal);

    /// <summary>Directive to the number of lines using it that we read but do not act on (plugin settings).</summary>
    public SortedDictionary<string, int> IgnoredDirectives { get; } = new(StringComparer.Ordinal);

    /// <summary>Rules in the compiled set (sub-rules and metas included).</summary>
    public int RuleCount { get; set; }

    public TimeSpan LoadTime { get; set; }

    // Rules compile in parallel, so the recording methods lock.
    private readonly Lock gate = new();

    public void Warn(string message)
    {
        lock (gate) Warnings.Add(message);
    }

    public void Skip(string rule, string reason)
    {
        lock (gate) SkippedRules.TryAdd(rule, reason);
    }

    internal void Ignored(string directive)
    {
        lock (gate) IgnoredDirectives[directive] = IgnoredDirectives.GetValueOrDefault(directive) + 1;
    }

    internal void Unimplemented(string function)
    {
        lock (gate) UnimplementedEvals[function] = UnimplementedEvals.GetValueOrDefault(function) + 1;
    }

    /// <summary>A short multi-line summary for the start-up log.</summary>
    public string Summary()
    {
        var text = new StringBuilder();
        text.Append($"rules: loaded {RuleCount} rules from {Files.Count} files in {LoadTime.TotalMilliseconds:F0} ms; ");
        text.Append($"{SkippedRules.Count} skipped, {UnimplementedEvals.Values.Sum()} eval rules never hit ");
        text.Append($"({UnimplementedEvals.Count} eval functions not implemented)\n");
        foreach (var (rule, reason) in SkippedRules)
            text.Append($"rules: skipped {rule}: {reason}\n");
        return text.ToString();
    }
}
