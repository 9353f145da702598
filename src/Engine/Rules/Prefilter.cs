using System.Buffers;
using Spamd.Engine.Rules.Literals;

namespace Spamd.Engine.Rules;

/// <summary>
/// The candidate filter of one rule class: all required literals of its rules in one Aho–Corasick automaton.
/// One pass over the class's text tells which rules can possibly match; only those run their regex.
/// Rules without a known literal are always candidates.
/// </summary>
public sealed class Prefilter
{
    private readonly AhoCorasick? automaton;
    private readonly int[][] rulesOfPattern;

    public Prefilter(IEnumerable<Rule> rules)
    {
        var patterns = new List<string>();
        var owners = new List<List<int>>();
        var indexOfPattern = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            if (rule.RequiredLiterals is null) continue;
            FilteredRules++;
            foreach (var literal in rule.RequiredLiterals)
            {
                if (!indexOfPattern.TryGetValue(literal, out int id))
                {
                    id = patterns.Count;
                    indexOfPattern[literal] = id;
                    patterns.Add(literal);
                    owners.Add([]);
                }
                owners[id].Add(rule.Index);
            }
        }
        rulesOfPattern = owners.Select(o => o.ToArray()).ToArray();
        if (patterns.Count > 0) automaton = new AhoCorasick(patterns, LiteralExtractor.Fold);
    }

    /// <summary>Rules of this class that have a literal (the others always run).</summary>
    public int FilteredRules { get; }

    public long MemoryBytes => automaton?.MemoryBytes ?? 0;

    /// <summary>Sets <paramref name="candidates"/>[rule] for every rule with a literal occurring in one of <paramref name="texts"/>.</summary>
    public void MarkCandidates(IEnumerable<string> texts, bool[] candidates)
    {
        if (automaton is null) return;
        var found = ArrayPool<bool>.Shared.Rent(automaton.PatternCount);
        try
        {
            Array.Clear(found, 0, automaton.PatternCount);
            foreach (var text in texts) automaton.FindAll(text, found);
            for (int p = 0; p < automaton.PatternCount; p++)
                if (found[p])
                    foreach (int rule in rulesOfPattern[p]) candidates[rule] = true;
        }
        finally
        {
            ArrayPool<bool>.Shared.Return(found);
        }
    }
}
