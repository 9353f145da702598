using Spamd.Engine.Rules.Dfa;

namespace Spamd.Engine.Rules;

/// <summary>
/// The regex's prefilter automaton (<see cref="PrefilterDfa"/>): before the backtracking engine looks at a text,
/// a linear scan of it proves most misses. Built on first use, from the regex's all-ASCII form when it has one
/// (then used only on all-ASCII texts, 98% of mail's paragraphs) and else from the regex itself (every text).
/// </summary>
public sealed partial class RuleRegex
{
    /// <summary>Whether this regex uses a prefilter automaton (set by the loader with the other fast paths).</summary>
    public bool UseAutomaton { get; set; }

    private PrefilterDfa? automaton;
    private bool automatonForAsciiOnly;
    private int automatonState; // 0 not built yet, 1 building, 2 built (automaton may still be null: none possible)

    /// <summary>True when the automaton proves the regex cannot match <paramref name="text"/>.</summary>
    private bool AutomatonRejects(string text)
    {
        if (!UseAutomaton || text.Length < MinAutomatonText) return false;
        if (Volatile.Read(ref automatonState) != 2)
        {
            if (Interlocked.CompareExchange(ref automatonState, 1, 0) != 0) return false; // another thread builds it
            BuildAutomaton();
        }
        if (automaton is not { } dfa) return false;
        if (automatonForAsciiOnly && !AsciiPattern.IsAscii(text)) return false;
        return !dfa.MayMatch(text);
    }

    /// <summary>Below this length the regex itself answers about as fast.</summary>
    private const int MinAutomatonText = 16;

    private void BuildAutomaton()
    {
        var ascii = asciiRegex;
        var source = ascii ?? regex;
        if (!ReferenceEquals(source, NeverMatches))
        {
            automaton = PrefilterDfa.TryCreate(source.ToString(), source.Options);
            automatonForAsciiOnly = ascii is not null;
        }
        Volatile.Write(ref automatonState, 2);
    }

    /// <summary>The automaton's size, for diagnosis: null when there is none.</summary>
    internal int? AutomatonStates => automaton is { GaveUp: false } dfa ? dfa.StateCount : null;
}
