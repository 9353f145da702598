using System.Buffers;
using Spamd.Engine.Rules.Literals;

namespace Spamd.Engine.Rules;

/// <summary>
/// The candidate filter of one rule class: all required literals of its rules in one Aho–Corasick automaton.
/// One pass over each text of the class tells which rules can possibly match it; only those run their regex.
/// Rules without a known literal are always candidates.
/// </summary>
/// <remarks>
/// Texts come in three kinds (<see cref="TextKind"/>): on all-ASCII texts a rule's ASCII form applies (see
/// <see cref="AsciiPattern"/>), and its literals (<see cref="AddAsciiForms"/>) may exist where the full pattern
/// has none: the look-alike rules spell each letter in dozens of ways, but only in one to eight on ASCII text.
/// Each kind has its own literal set per rule; the automaton holds them all.
/// </remarks>
public sealed class Prefilter
{
    /// <summary>What a text is made of, which decides the literal sets that apply to it.</summary>
    public enum TextKind
    {
        /// <summary>Any text (some character above 0x7F).</summary>
        Any,

        /// <summary>Only ASCII characters, '&amp;' among them.</summary>
        Ascii,

        /// <summary>Only ASCII characters, no '&amp;' (the look-alike letters' HTML-entity spellings cannot occur).</summary>
        Plain,
    }

    private const int KindCount = 3;

    private readonly Rule[] rules;
    private AhoCorasick? automaton;

    // Per kind: the rules owning each pattern of the automaton, and the filtered rules without literals for
    // that kind (candidates on every such text).
    private int[][][] rulesOfPattern = [];
    private int[][] alwaysCandidates = [];
    private bool[] filtered = [];

    public Prefilter(IEnumerable<Rule> rules)
    {
        this.rules = rules.ToArray();
        Build(rule => rule.RequiredLiterals, rule => rule.RequiredLiterals, rule => rule.RequiredLiterals);
    }

    /// <summary>
    /// Adds the literals of the rules' ASCII forms, required on all-ASCII texts (with and without '&amp;'). Done
    /// once at load, before the ruleset is shared.
    /// </summary>
    public void AddAsciiForms()
    {
        var ascii = new string[]?[rules.Length];
        var plain = new string[]?[rules.Length];
        Parallel.For(0, rules.Length, i =>
        {
            if (rules[i].Regex is not { } regex) return;
            if (!regex.HasAsciiForm)
            {
                // The regex itself runs on ASCII texts; read as for them, its classes still spell out.
                if (!regex.IgnoresPatternWhitespace) ascii[i] = plain[i] = LiteralExtractor.ExtractForAsciiText(regex.Pattern);
                return;
            }
            ascii[i] = regex.AsciiFormPattern is { } a ? LiteralExtractor.ExtractForAsciiText(a) : null;
            plain[i] = regex.PlainFormPattern == regex.AsciiFormPattern ? ascii[i]
                : regex.PlainFormPattern is { } p ? LiteralExtractor.ExtractForAsciiText(p) : null;
        });
        var position = new Dictionary<Rule, int>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < rules.Length; i++) position[rules[i]] = i;
        Build(rule => rule.RequiredLiterals,
            rule => Better(ascii[position[rule]], rule.RequiredLiterals),
            rule => Better(plain[position[rule]], Better(ascii[position[rule]], rule.RequiredLiterals)));
    }

    /// <summary>The more selective of two literal sets, either of which is required.</summary>
    private static string[]? Better(string[]? a, string[]? b)
    {
        if (a is null) return b;
        if (b is null) return a;
        return LiteralSelectivity.Cost(a) <= LiteralSelectivity.Cost(b) ? a : b;
    }

    private void Build(params Func<Rule, string[]?>[] literalsOf)
    {
        var patterns = new List<string>();
        var indexOfPattern = new Dictionary<string, int>(StringComparer.Ordinal);
        var owners = new List<List<int>>[KindCount];
        var always = new List<int>[KindCount];
        int maxIndex = rules.Length == 0 ? -1 : rules.Max(r => r.Index);
        var isFiltered = new bool[maxIndex + 1];
        for (int kind = 0; kind < KindCount; kind++)
        {
            owners[kind] = [];
            always[kind] = [];
            foreach (var rule in rules)
                if (literalsOf[kind](rule) is not null) isFiltered[rule.Index] = true;
        }
        for (int kind = 0; kind < KindCount; kind++)
            foreach (var rule in rules)
            {
                if (!isFiltered[rule.Index]) continue;
                if (literalsOf[kind](rule) is not { } literals)
                {
                    always[kind].Add(rule.Index);
                    continue;
                }
                foreach (var literal in literals)
                {
                    if (!indexOfPattern.TryGetValue(literal, out int id))
                    {
                        id = patterns.Count;
                        indexOfPattern[literal] = id;
                        patterns.Add(literal);
                    }
                    for (int k = 0; k < KindCount; k++)
                        while (owners[k].Count <= id) owners[k].Add([]);
                    owners[kind][id].Add(rule.Index);
                }
            }
        rulesOfPattern = owners.Select(o => o.Select(list => list.ToArray()).ToArray()).ToArray();
        alwaysCandidates = always.Select(list => list.ToArray()).ToArray();
        filtered = isFiltered;
        FilteredRules = isFiltered.Count(f => f);
        automaton = patterns.Count > 0 ? new AhoCorasick(patterns, LiteralExtractor.Fold) : null;
    }

    /// <summary>Rules of this class that have a literal for some kind of text (the others always run).</summary>
    public int FilteredRules { get; private set; }

    /// <summary>Distinct literals in the automaton.</summary>
    public int PatternCount => automaton?.PatternCount ?? 0;

    public long MemoryBytes => automaton?.MemoryBytes ?? 0;

    /// <summary>Whether the rule's candidate texts come from <see cref="FindTexts"/> (else it runs on every text).</summary>
    public bool Filters(int ruleIndex) => ruleIndex < filtered.Length && filtered[ruleIndex];

    public static TextKind KindOf(string text) =>
        AsciiPattern.IsAsciiWithoutAmpersand(text) ? TextKind.Plain : AsciiPattern.IsAscii(text) ? TextKind.Ascii : TextKind.Any;

    /// <summary>
    /// For every filtered rule, the indexes of the texts that may hold a match (in text order); rules left with a
    /// null entry need not run at all.
    /// </summary>
    public void FindTexts(IReadOnlyList<string> texts, List<int>?[] textsOfRule)
    {
        if (FilteredRules == 0) return;
        var stamps = automaton is null ? [] : ArrayPool<int>.Shared.Rent(automaton.PatternCount);
        var hits = new List<int>();
        try
        {
            if (automaton is not null) Array.Clear(stamps, 0, automaton.PatternCount);
            for (int i = 0; i < texts.Count; i++)
            {
                int kind = (int)KindOf(texts[i]);
                foreach (int rule in alwaysCandidates[kind]) Add(textsOfRule, rule, i);
                if (automaton is null) continue;
                hits.Clear();
                automaton.FindAll(texts[i], stamps, i + 1, hits);
                var owners = rulesOfPattern[kind];
                foreach (int pattern in hits)
                    foreach (int rule in owners[pattern])
                        Add(textsOfRule, rule, i);
            }
        }
        finally
        {
            if (automaton is not null) ArrayPool<int>.Shared.Return(stamps);
        }
    }

    private static void Add(List<int>?[] textsOfRule, int rule, int text)
    {
        var list = textsOfRule[rule] ??= [];
        if (list.Count == 0 || list[^1] != text) list.Add(text);
    }
}
