namespace Spamd.Engine.Rules.Dfa;

/// <summary>
/// A Thompson automaton for a <see cref="PatternNode"/> tree: each state either consumes one character of a class
/// (<see cref="Consumes"/>) or moves on without consuming (one or two successors), and one state accepts.
/// </summary>
internal sealed class Nfa
{
    // Built in lists, then kept as arrays of the exact size: -1 for "consumes nothing" and "no successor".
    private List<int> classOf = [], next = [], alternative = [];
    private int[] consumes = [], nexts = [], alternatives = [];
    private readonly List<CharClass> classes = [];
    private readonly Dictionary<CharClass, int> classIndex = [];
    private readonly int maxStates;

    /// <summary>Counted repetitions expand into copies; above this many, the count is loosened (a superset).</summary>
    private const int MaxCopies = 12;

    private Nfa(int maxStates)
    {
        this.maxStates = maxStates;
        Accept = NewState(-1, -1, -1);
    }

    public int Accept { get; }

    public int Start { get; private set; }

    public int StateCount => consumes.Length;

    /// <summary>The distinct character classes the states consume.</summary>
    public IReadOnlyList<CharClass> Classes => classes;

    /// <summary>The class a state consumes (index into <see cref="Classes"/>), or -1.</summary>
    public int Consumes(int state) => consumes[state];

    public int Next(int state) => nexts[state];

    public int Alternative(int state) => alternatives[state];

    private readonly HashSet<int> endAnchors = [];

    /// <summary>Whether a match reaching this state is complete at the end of the text (an end anchor's state).</summary>
    public bool EndsMatch(int state) => endAnchors.Contains(state);

    public bool HasEndAnchors => endAnchors.Count > 0;

    /// <summary>The automaton of <paramref name="tree"/>, or null when it would need more than <paramref name="maxStates"/> states.</summary>
    public static Nfa? Build(PatternNode tree, int maxStates)
    {
        var nfa = new Nfa(maxStates);
        try
        {
            nfa.Start = nfa.Compile(tree, nfa.Accept);
            (nfa.consumes, nfa.nexts, nfa.alternatives) = ([.. nfa.classOf], [.. nfa.next], [.. nfa.alternative]);
            (nfa.classOf, nfa.next, nfa.alternative) = ([], [], []);
            return nfa;
        }
        catch (InsufficientExecutionStackException)
        {
            return null;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    private int NewState(int consumes, int next, int alternative)
    {
        if (classOf.Count >= maxStates) throw new OverflowException();
        classOf.Add(consumes);
        this.next.Add(next);
        this.alternative.Add(alternative);
        return classOf.Count - 1;
    }

    private int ClassIndex(CharClass set)
    {
        if (!classIndex.TryGetValue(set, out int index))
        {
            index = classes.Count;
            classes.Add(set);
            classIndex.Add(set, index);
        }
        return index;
    }

    /// <summary>Builds the states of <paramref name="node"/> in front of <paramref name="then"/>; returns its entry.</summary>
    private int Compile(PatternNode node, int then)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (node)
        {
            case PatternNode.Set set:
                return set.Chars == CharClass.None ? NewState(-1, -1, -1) /* a dead end */ : NewState(ClassIndex(set.Chars), then, -1);
            case PatternNode.Sequence sequence:
                for (int i = sequence.Items.Count - 1; i >= 0; i--) then = Compile(sequence.Items[i], then);
                return then;
            case PatternNode.Choice choice:
                int entry = Compile(choice.Branches[^1], then);
                for (int i = choice.Branches.Count - 2; i >= 0; i--) entry = NewState(-1, Compile(choice.Branches[i], then), entry);
                return entry;
            case PatternNode.Repeat repeat:
                return CompileRepeat(repeat, then);
            case PatternNode.EndAnchor when then == Accept:
                // At the pattern's end: accepting before a newline (it consumes one, then accepts) or at the end of
                // the text (the automaton asks EndsMatch there). Elsewhere an end anchor matches the empty string.
                int anchor = NewState(ClassIndex(CharClass.Of('\n')), Accept, -1);
                endAnchors.Add(anchor);
                return anchor;
            default:
                return then;
        }
    }

    private int CompileRepeat(PatternNode.Repeat repeat, int then)
    {
        int min = Math.Min(repeat.Min, MaxCopies);
        int max = repeat.Max < 0 || repeat.Max > MaxCopies ? -1 : repeat.Max;
        int entry;
        if (max < 0)
        {
            // A loop: a split state that either runs the item (which returns to it) or goes on.
            int loop = NewState(-1, -1, then);
            next[loop] = Compile(repeat.Item, loop);
            entry = loop;
        }
        else
        {
            entry = then;
            for (int i = min; i < max; i++) entry = NewState(-1, Compile(repeat.Item, entry), then);
        }
        for (int i = 0; i < min; i++) entry = Compile(repeat.Item, entry);
        return entry;
    }
}
