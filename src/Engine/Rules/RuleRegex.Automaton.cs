using Spamd.Engine.Rules.Dfa;

namespace Spamd.Engine.Rules;

/// <summary>
/// The regex's prefilter automata (<see cref="PrefilterDfa"/>): before the backtracking engine looks at a text, a
/// linear scan of it proves most misses. Each is built on first use: for all-ASCII texts (98% of mail's
/// paragraphs) from the regex's smaller all-ASCII form when it has one, for other texts from the regex itself
/// (none for the largest look-alike patterns, whose automata would be too big).
/// </summary>
public sealed partial class RuleRegex
{
    /// <summary>Whether this regex uses prefilter automata (set by the loader with the other fast paths).</summary>
    public bool UseAutomaton { get; set; }

    private readonly LazyAutomaton asciiAutomaton = new(), fullAutomaton = new();

    /// <summary>Below this length the regex itself answers about as fast.</summary>
    private const int MinAutomatonText = 16;

    /// <summary>True when an automaton proves the regex cannot match <paramref name="text"/>.</summary>
    private bool AutomatonRejects(string text)
    {
        if (!UseAutomaton || text.Length < MinAutomatonText) return false;
        var ascii = asciiRegex;
        var automaton = ascii is not null && AsciiPattern.IsAscii(text) ? asciiAutomaton.Get(ascii) : fullAutomaton.Get(regex);
        return automaton is not null && !automaton.MayMatch(text);
    }

    /// <summary>The size of the automaton for all-ASCII texts, for diagnosis: null when there is none (yet).</summary>
    internal int? AutomatonStates => asciiAutomaton.Built is { GaveUp: false } dfa ? dfa.StateCount
        : fullAutomaton.Built is { GaveUp: false } full ? full.StateCount : null;

    /// <summary>The automata built so far, for diagnosis.</summary>
    internal IEnumerable<PrefilterDfa> Automata => new[] { asciiAutomaton.Built, fullAutomaton.Built }.OfType<PrefilterDfa>();

    /// <summary>An automaton built once, by the first thread that needs it (the others go without meanwhile).</summary>
    private sealed class LazyAutomaton
    {
        private PrefilterDfa? automaton;
        private int state; // 0 not built, 1 building, 2 built (the automaton may be null: none possible)

        public PrefilterDfa? Built => Volatile.Read(ref state) == 2 ? automaton : null;

        public PrefilterDfa? Get(System.Text.RegularExpressions.Regex source)
        {
            if (Volatile.Read(ref state) == 2) return automaton;
            if (Interlocked.CompareExchange(ref state, 1, 0) != 0) return null;
            if (!ReferenceEquals(source, NeverMatches)) automaton = PrefilterDfa.TryCreate(source.ToString(), source.Options);
            Volatile.Write(ref state, 2);
            return automaton;
        }
    }
}
