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

    // Literals of squeezed ASCII texts (see LiteralExtractor.Squeeze), for rules with no other literal there.
    private AhoCorasick? squeezedAutomaton;

    // Per kind: the rules owning each pattern of the automata, and the filtered rules without literals for
    // that kind (candidates on every such text).
    private int[][][] rulesOfPattern = [];
    private int[][][] rulesOfSqueezedPattern = [];
    private int[][] alwaysCandidates = [];
    private bool[] filtered = [];

    public Prefilter(IEnumerable<Rule> rules)
    {
        this.rules = rules.ToArray();
        Build([rule => rule.RequiredLiterals, rule => rule.RequiredLiterals, rule => rule.RequiredLiterals], _ => null);
    }

    /// <summary>
    /// Adds the literals of the rules' ASCII forms, required on all-ASCII texts (with and without '&amp;'). Done
    /// once at load, before the ruleset is shared.
    /// </summary>
    public void AddAsciiForms()
    {
        var ascii = new string[]?[rules.Length];
        var plain = new string[]?[rules.Length];
        var squeezed = new string[]?[rules.Length];
        Parallel.For(0, rules.Length, i =>
        {
            if (rules[i].Regex is not { } regex) return;
            if (!regex.HasAsciiForm)
            {
                // The regex itself runs on ASCII texts; read as for them, its classes still spell out. Only worth
                // the load time where the pattern has no literal for any text.
                if (regex.IgnoresPatternWhitespace || rules[i].RequiredLiterals is not null) return;
                ascii[i] = plain[i] = LiteralExtractor.ExtractForAsciiText(regex.Pattern);
                if (ascii[i] is null) squeezed[i] = LiteralExtractor.ExtractForSqueezedText(regex.Pattern);
                return;
            }
            ascii[i] = regex.AsciiFormPattern is { } a ? LiteralExtractor.ExtractForAsciiText(a) : null;
            plain[i] = regex.PlainFormPattern == regex.AsciiFormPattern ? ascii[i]
                : regex.PlainFormPattern is { } p ? LiteralExtractor.ExtractForAsciiText(p) : null;
            if (ascii[i] is null && rules[i].RequiredLiterals is null && regex.AsciiFormPattern is { } form)
                squeezed[i] = LiteralExtractor.ExtractForSqueezedText(form);
        });
        var position = new Dictionary<Rule, int>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < rules.Length; i++) position[rules[i]] = i;
        Build([
                rule => rule.RequiredLiterals,
                rule => Better(ascii[position[rule]], rule.RequiredLiterals),
                rule => Better(plain[position[rule]], Better(ascii[position[rule]], rule.RequiredLiterals)),
            ],
            rule => squeezed[position[rule]]);
    }

    /// <summary>The more selective of two literal sets, either of which is required.</summary>
    private static string[]? Better(string[]? a, string[]? b)
    {
        if (a is null) return b;
        if (b is null) return a;
        return LiteralSelectivity.Cost(a) <= LiteralSelectivity.Cost(b) ? a : b;
    }

    /// <param name="literalsOf">Per <see cref="TextKind"/>, a rule's literals for such texts (null: none).</param>
    /// <param name="squeezedOf">A rule's literals in squeezed ASCII texts, used where it has none of the others.</param>
    private void Build(Func<Rule, string[]?>[] literalsOf, Func<Rule, string[]?> squeezedOf)
    {
        int maxIndex = rules.Length == 0 ? -1 : rules.Max(r => r.Index);
        var isFiltered = new bool[maxIndex + 1];
        foreach (var rule in rules)
            for (int kind = 0; kind < KindCount; kind++)
                if (literalsOf[kind](rule) is not null || (kind != (int)TextKind.Any && squeezedOf(rule) is not null))
                    isFiltered[rule.Index] = true;

        var plainSet = new PatternSet();
        var squeezedSet = new PatternSet();
        var always = new List<int>[KindCount];
        for (int kind = 0; kind < KindCount; kind++)
        {
            always[kind] = [];
            foreach (var rule in rules)
            {
                if (!isFiltered[rule.Index]) continue;
                if (literalsOf[kind](rule) is { } literals) plainSet.Add(kind, rule.Index, literals);
                else if (kind != (int)TextKind.Any && squeezedOf(rule) is { } squeezed) squeezedSet.Add(kind, rule.Index, squeezed);
                else always[kind].Add(rule.Index);
            }
        }
        rulesOfPattern = plainSet.Owners();
        rulesOfSqueezedPattern = squeezedSet.Owners();
        alwaysCandidates = always.Select(list => list.ToArray()).ToArray();
        filtered = isFiltered;
        FilteredRules = isFiltered.Count(f => f);
        automaton = plainSet.Automaton();
        squeezedAutomaton = squeezedSet.Automaton();
    }

    /// <summary>Distinct literals and, per kind of text, the rules owning each.</summary>
    private sealed class PatternSet
    {
        private readonly List<string> patterns = [];
        private readonly Dictionary<string, int> indexOfPattern = new(StringComparer.Ordinal);
        private readonly List<List<int>>[] owners = Enumerable.Range(0, KindCount).Select(_ => new List<List<int>>()).ToArray();

        public void Add(int kind, int rule, string[] literals)
        {
            foreach (var literal in literals)
            {
                if (!indexOfPattern.TryGetValue(literal, out int id))
                {
                    id = patterns.Count;
                    indexOfPattern[literal] = id;
                    patterns.Add(literal);
                    foreach (var perKind in owners) perKind.Add([]);
                }
                owners[kind][id].Add(rule);
            }
        }

        public int[][][] Owners() => owners.Select(o => o.Select(list => list.ToArray()).ToArray()).ToArray();

        public AhoCorasick? Automaton() => patterns.Count > 0 ? new AhoCorasick(patterns, LiteralExtractor.Fold) : null;
    }

    /// <summary>Rules of this class that have a literal for some kind of text (the others always run).</summary>
    public int FilteredRules { get; private set; }

    /// <summary>Distinct literals in the automaton.</summary>
    public int PatternCount => automaton?.PatternCount ?? 0;

    public long MemoryBytes => (automaton?.MemoryBytes ?? 0) + (squeezedAutomaton?.MemoryBytes ?? 0);

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
        var hits = new List<int>();
        using var found = new Occurrences(automaton);
        using var foundSqueezed = new Occurrences(squeezedAutomaton);
        char[]? squeezed = null;
        try
        {
            for (int i = 0; i < texts.Count; i++)
            {
                string text = texts[i];
                int kind = (int)KindOf(text);
                foreach (int rule in alwaysCandidates[kind]) Add(textsOfRule, rule, i);
                found.Find(text, i, hits);
                AddOwners(rulesOfPattern, kind, hits, textsOfRule, i);
                if (squeezedAutomaton is null || kind == (int)TextKind.Any) continue;
                if (squeezed is null || squeezed.Length < text.Length)
                {
                    if (squeezed is not null) ArrayPool<char>.Shared.Return(squeezed);
                    squeezed = ArrayPool<char>.Shared.Rent(text.Length);
                }
                int length = LiteralExtractor.Squeeze(text, squeezed);
                foundSqueezed.Find(squeezed.AsSpan(0, length), i, hits);
                AddOwners(rulesOfSqueezedPattern, kind, hits, textsOfRule, i);
            }
        }
        finally
        {
            if (squeezed is not null) ArrayPool<char>.Shared.Return(squeezed);
        }
    }

    private static void AddOwners(int[][][] rulesOfPattern, int kind, List<int> hits, List<int>?[] textsOfRule, int text)
    {
        var owners = rulesOfPattern[kind];
        foreach (int pattern in hits)
            foreach (int rule in owners[pattern])
                Add(textsOfRule, rule, text);
    }

    /// <summary>One automaton's pass over the texts of a scan, with a pooled "seen in this text" stamp per pattern.</summary>
    private readonly struct Occurrences : IDisposable
    {
        private readonly AhoCorasick? automaton;
        private readonly int[] stamps;

        public Occurrences(AhoCorasick? automaton)
        {
            this.automaton = automaton;
            stamps = automaton is null ? [] : ArrayPool<int>.Shared.Rent(automaton.PatternCount);
            Array.Clear(stamps);
        }

        /// <summary>The patterns occurring in text number <paramref name="index"/>, once each, into <paramref name="hits"/>.</summary>
        public void Find(ReadOnlySpan<char> text, int index, List<int> hits)
        {
            hits.Clear();
            automaton?.FindAll(text, stamps, index + 1, hits);
        }

        public void Dispose()
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
