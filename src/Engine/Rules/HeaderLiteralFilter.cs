using Spamd.Engine.Rules.Literals;

namespace Spamd.Engine.Rules;

/// <summary>
/// The literal check of header rules, one pass per header value instead of one search per rule and literal:
/// all header rules' required literals in one Aho–Corasick automaton, run once over each header value a scan
/// reads (<c>ALL</c> is 2-5 KB and ~40 rules look into it). Searching each rule's literals in its value with
/// <see cref="StringComparison.OrdinalIgnoreCase"/> cost ~0.5 ms per message; one pass per value costs a few µs.
/// </summary>
/// <remarks>
/// The automaton folds text with <see cref="char.ToUpperInvariant"/> and holds the literals upper-cased, which
/// for ASCII literals finds exactly what <see cref="StringComparison.OrdinalIgnoreCase"/> finds (non-ASCII chars
/// such as U+017F that upper-case to an ASCII letter included; <c>HeaderLiteralFilterTests</c> checks every char).
/// Rules with a non-ASCII literal are left to the per-rule check.
/// </remarks>
internal sealed class HeaderLiteralFilter
{
    // Beyond this (address lists such as REPTO_419_FRAUD's 349), a rule's literals would take most of the
    // automaton's memory for a short header whose regex is cheap anyway.
    private const int MaxLiterals = 40;

    private readonly AhoCorasick automaton;

    // Per rule index: the automaton's patterns one of which the rule needs (null: not covered), and its header's slot.
    private readonly int[]?[] patternsOfRule;
    private readonly int[] slotOfRule;

    // Per slot (distinct header spec): the covered rules reading it.
    private readonly int[][] rulesOfSlot;

    private HeaderLiteralFilter(AhoCorasick automaton, int[]?[] patternsOfRule, int[] slotOfRule, int[][] rulesOfSlot)
    {
        this.automaton = automaton;
        this.patternsOfRule = patternsOfRule;
        this.slotOfRule = slotOfRule;
        this.rulesOfSlot = rulesOfSlot;
    }

    public int PatternCount => automaton.PatternCount;
    public int SlotCount => rulesOfSlot.Length;

    /// <summary>
    /// The filter of a ruleset's header rules that have ASCII literals and read long values (on a Subject, each
    /// rule's own search is as cheap, and the automaton smaller without them); null when none has.
    /// </summary>
    public static HeaderLiteralFilter? Build(IReadOnlyList<Rule> rules)
    {
        var patternIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var slots = new Dictionary<string, int>(StringComparer.Ordinal);
        var patternsOfRule = new int[]?[rules.Count];
        var slotOfRule = new int[rules.Count];
        var rulesOfSlot = new List<List<int>>();
        foreach (var rule in rules)
        {
            if (rule.Kind != RuleKind.Header || rule.ExistsTest || rule.HeaderSpec is not { } spec || !LongHeaderRegexes.ReadsLongValue(spec)) continue;
            if (rule.RequiredLiterals is not { Length: > 0 and <= MaxLiterals } literals || !literals.All(IsAscii)) continue;
            patternsOfRule[rule.Index] = literals.Select(l => l.ToUpperInvariant())
                .Select(l => patternIds.TryGetValue(l, out int id) ? id : patternIds[l] = patternIds.Count).Distinct().ToArray();
            if (!slots.TryGetValue(spec, out int slot))
            {
                slots[spec] = slot = slots.Count;
                rulesOfSlot.Add([]);
            }
            slotOfRule[rule.Index] = slot;
            rulesOfSlot[slot].Add(rule.Index);
        }
        if (patternIds.Count == 0) return null;
        var patterns = patternIds.OrderBy(kv => kv.Value).Select(kv => kv.Key).ToArray();
        return new HeaderLiteralFilter(new AhoCorasick(patterns, char.ToUpperInvariant), patternsOfRule, slotOfRule,
            rulesOfSlot.Select(r => r.ToArray()).ToArray());
    }

    private static bool IsAscii(string literal) => literal.All(char.IsAscii);

    /// <summary>Whether the rule's literals are checked here (else by the rule itself).</summary>
    public bool Covers(Rule rule) => patternsOfRule[rule.Index] is not null;

    /// <summary>
    /// Whether one of the rule's literals occurs in <paramref name="value"/>, its header's value in this scan (the
    /// same for every rule of that header: each header is searched once per scan, for all its rules).
    /// </summary>
    public bool MayMatch(Rule rule, string value, State state)
    {
        int slot = slotOfRule[rule.Index];
        if (!state.Searched[slot])
        {
            state.Searched[slot] = true;
            int stamp = ++state.Stamp;
            state.Found.Clear();
            automaton.FindAll(value, state.PatternStamps, stamp, state.Found);
            foreach (int index in rulesOfSlot[slot])
                state.Candidate[index] = AnyFound(patternsOfRule[index]!, state.PatternStamps, stamp);
        }
        return state.Candidate[rule.Index];
    }

    private static bool AnyFound(int[] patterns, int[] stamps, int stamp)
    {
        foreach (int pattern in patterns)
            if (stamps[pattern] == stamp) return true;
        return false;
    }

    /// <summary>What one scan learned: which headers were searched, and for their rules whether a literal occurs.</summary>
    public sealed class State(HeaderLiteralFilter filter, int ruleCount)
    {
        public readonly bool[] Searched = new bool[filter.SlotCount];
        public readonly bool[] Candidate = new bool[ruleCount];
        public readonly int[] PatternStamps = new int[filter.PatternCount];
        public readonly List<int> Found = [];
        public int Stamp;
    }
}
