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

    /// <summary>
    /// For every rule with a literal, the indexes of the texts containing one of its literals (in text order);
    /// rules whose literals occur nowhere keep a null entry and need not run at all.
    /// </summary>
    public void FindTexts(IReadOnlyList<string> texts, List<int>?[] textsOfRule)
    {
        if (automaton is null) return;
        var stamps = ArrayPool<int>.Shared.Rent(automaton.PatternCount);
        var hits = new List<int>();
        try
        {
            Array.Clear(stamps, 0, automaton.PatternCount);
            for (int i = 0; i < texts.Count; i++)
            {
                hits.Clear();
                automaton.FindAll(texts[i], stamps, i + 1, hits);
                foreach (int pattern in hits)
                    foreach (int rule in rulesOfPattern[pattern])
                    {
                        var list = textsOfRule[rule] ??= [];
                        if (list.Count == 0 || list[^1] != i) list.Add(i);
                    }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(stamps);
        }
    }
}
