using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Spamd.Engine.Rules;

/// <summary>
/// Linear forms: for a regex answered only by <see cref="IsMatch"/>, the same pattern run by .NET's
/// non-backtracking engine on all-ASCII texts. Whether a match exists does not depend on the engine (a
/// backtracker tries every way before it says no; order and greed only decide which match it reports), so the
/// answer is the same, in time linear in the text, where the big alternations with nested counters (the
/// form-filling rules: ~3 µs per character) backtrack heavily on the paragraphs their literals let through.
/// </summary>
/// <remarks>
/// Built off the scanning thread for the few regexes that prove expensive per call (<see cref="LinearWhenHot"/>),
/// since each automaton caches its states as it meets them (megabytes for the largest). Only for ASCII texts:
/// there ECMAScript's <c>\w \d \s \b</c> (what the rule regexes use) mean what the engine's Unicode classes mean,
/// and the regex's smaller ASCII forms apply. Patterns the engine refuses (lookarounds, back-references, atomic
/// groups) keep their backtracking form; so do the texts a gate rejects first (the gate is cheaper still).
/// </remarks>
public sealed partial class RuleRegex
{
    // Per kind of ASCII text (with '&', without), the linear form of the regex that runs there; null until built.
    private volatile Regex? asciiLinear, plainLinear;
    private int linearRequested;
    private long calls;

    /// <summary>A regex costing more than this per call on average, over the time below, is worth a linear form.</summary>
    private static readonly long LinearCallTicks = Stopwatch.Frequency / 40_000; // 25 µs
    private static readonly long LinearThresholdTicks = Stopwatch.Frequency / 20; // 50 ms

    /// <summary>
    /// When set, this regex builds its linear forms once expensive (<see cref="AddLinearForms"/>), if the budget
    /// (shared by a ruleset's regexes) allows one more. Only for rules that ask <see cref="IsMatch"/> (the counted
    /// <c>multiple</c> rules need the backtracker's match boundaries, and tag captures its groups).
    /// </summary>
    public LinearFormBudget? LinearWhenHot { get; set; }

    /// <summary>Whether IsMatch answers ASCII texts with a linear form.</summary>
    public bool HasLinearForm => asciiLinear is not null || plainLinear is not null;

    /// <summary>
    /// Builds the non-backtracking forms for ASCII texts (each checked against the backtracking form on
    /// <paramref name="sample"/>, when given). Returns false when the engine refuses the pattern.
    /// </summary>
    public bool AddLinearForms(string? sample = null)
    {
        if (TagGroups.Length > 0 || IgnoresPatternWhitespace || IsNonBacktracking) return false;
        var ascii = asciiRegex ?? regex;
        var plain = plainRegex ?? ascii;
        var asciiForm = LinearOf(ascii, sample);
        if (asciiForm is null) return false;
        var plainForm = ReferenceEquals(plain, ascii) ? asciiForm : LinearOf(plain, sample);
        if (plainForm is null) return false;
        plainLinear = plainForm;
        asciiLinear = asciiForm;
        return true;
    }

    /// <summary>Counted repetitions with a larger upper bound keep a regex backtracking.</summary>
    private const int MaxLinearCount = 40;

    private static Regex? LinearOf(Regex backtracking, string? sample)
    {
        if (ReferenceEquals(backtracking, NeverMatches)) return NeverMatches;
        string pattern = backtracking.ToString();
        // Large counters ({1,100} in the form-filling rules) multiply the automaton's states: tens of megabytes.
        if (!MayBeNonBacktracking(pattern) || LoosenCounters(pattern, MaxLinearCount) != pattern) return null;
        var options = (backtracking.Options & (RegexOptions.IgnoreCase | RegexOptions.Multiline | RegexOptions.Singleline)) |
                      RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;
        try
        {
            var linear = new Regex(pattern, options, backtracking.MatchTimeout);
            // A last guard against a pattern read differently without ECMAScript mode.
            if (linear.IsMatch("") != backtracking.IsMatch("")) return null;
            if (sample is not null && Rules.AsciiPattern.IsAscii(sample) && linear.IsMatch(sample) != backtracking.IsMatch(sample)) return null;
            return linear;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>The linear form for this text, or null (not ASCII, or none built).</summary>
    private Regex? LinearFor(string text)
    {
        if (asciiLinear is null) return null;
        return Rules.AsciiPattern.IsAsciiWithoutAmpersand(text) ? plainLinear
            : Rules.AsciiPattern.IsAscii(text) ? asciiLinear
            : null;
    }

    /// <summary>Counts a call of <see cref="IsMatch"/> costing <paramref name="ticks"/>; queues the linear forms once hot.</summary>
    private void AccountLinear(long spent, string text)
    {
        long count = Interlocked.Increment(ref calls);
        if (spent < LinearThresholdTicks || spent < count * LinearCallTicks) return;
        if (Interlocked.Exchange(ref linearRequested, 1) != 0 || LinearWhenHot is not { } budget) return;
        HotRegexCompiler.Enqueue(() =>
        {
            // Only a regex that gets its forms uses up the budget.
            if (budget.TryTake() && !AddLinearForms(text)) budget.GiveBack();
        });
    }
}

/// <summary>
/// How many more regexes of a ruleset may build linear forms when hot: each automaton caches megabytes of states,
/// and only the few costliest rules repay that.
/// </summary>
public sealed class LinearFormBudget(int count)
{
    private int left = count;

    public bool TryTake() => Interlocked.Decrement(ref left) >= 0;

    public void GiveBack() => Interlocked.Increment(ref left);
}
