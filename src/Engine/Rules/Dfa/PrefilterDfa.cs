using System.Text.RegularExpressions;

namespace Spamd.Engine.Rules.Dfa;

/// <summary>
/// A linear-time test that a rule regex cannot match a text: the deterministic automaton of a superset of the
/// regex (<see cref="PatternTree"/>), searching anywhere in the text, one table lookup per character. Where it
/// finds nothing, the regex cannot match and need not run; where it finds something, the regex decides.
/// </summary>
/// <remarks>
/// Most rule regexes miss on most paragraphs, and a backtracking engine spends 10-20 ns per character finding
/// that out. The automaton's states are built lazily, as texts meet them, under a lock; scans read the table
/// without one (entries only ever go from unknown to known, and a grown table is published whole). A pattern
/// whose automaton would grow past <see cref="MaxStates"/> states gives up: from then on it answers "may match",
/// and the regex runs as before.
/// </remarks>
internal sealed class PrefilterDfa
{
    /// <summary>DFA states per pattern; the common rule needs tens to a few hundred.</summary>
    public const int MaxStates = 4096;

    /// <summary>Thompson states per pattern (the largest stock pattern, `__MY_MALWARE` in full, needs ~43,000).</summary>
    public const int MaxNfaStates = 100_000;

    private const int Unknown = -1, Accepting = -2;

    private readonly Nfa nfa;
    private readonly ushort[] symbolClass = new ushort[CharClass.SymbolCount]; // symbol → column
    private readonly int columns;
    private readonly object gate = new();

    // [class * columns + column]: whether the Thompson states consuming that class take that column's symbols.
    private readonly bool[] classHolds;

    // Per state, the Thompson states it holds beyond the start set, packed (see Pack): the largest automata record
    // thousands of Thompson states per state.
    private readonly List<byte[]> states = [];
    private readonly Dictionary<byte[], int> stateIndex = new(PackedSetComparer.Instance);
    private readonly int[] startSet;
    private volatile int[] table = [];
    private volatile bool gaveUp;

    private PrefilterDfa(Nfa nfa)
    {
        this.nfa = nfa;
        columns = BuildColumns(nfa.Classes, symbolClass, out classHolds);
        mark = new int[nfa.StateCount];
        bool accepts = Close(nfa.Start);
        startSet = TakeReached();
        // Matches the empty string (maybe at the end): every text may match.
        if (accepts || startSet.Any(nfa.EndsMatch)) gaveUp = true;
        else
        {
            AddState([], endsAMatch: false); // each state holds the start set; a state is known by what it holds beyond it
            leavesStart = StartCharacters();
        }
    }

    /// <summary>
    /// The prefilter of a .NET pattern, or null when the pattern cannot have one (unreadable, too big, or it
    /// matches the empty string, so every text).
    /// </summary>
    public static PrefilterDfa? TryCreate(string pattern, RegexOptions options)
    {
        PatternNode tree;
        try
        {
            tree = PatternTree.Parse(pattern, options);
        }
        catch (NotSupportedException)
        {
            return null;
        }
        catch (InsufficientExecutionStackException)
        {
            return null;
        }
        if (Nfa.Build(tree, MaxNfaStates) is not { } nfa) return null;
        var dfa = new PrefilterDfa(nfa);
        return dfa.gaveUp ? null : dfa;
    }

    /// <summary>Whether it stopped filtering (too many states); it then answers true for every text.</summary>
    public bool GaveUp => gaveUp;

    public int StateCount => states.Count;

    /// <summary>Bytes of the recorded Thompson state sets, for diagnosis.</summary>
    internal long RecordedSetBytes { get { lock (gate) return states.Sum(set => (long)set.Length); } }

    internal int Columns => columns;

    internal int NfaStates => nfa.StateCount;

    /// <summary>False when the regex cannot match anywhere in <paramref name="text"/>.</summary>
    // Optimised from its first call: thousands of calls per message, each a tight loop that tier-0 code runs through
    // a patchpoint helper per character.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public bool MayMatch(ReadOnlySpan<char> text)
    {
        if (gaveUp) return true;
        var cells = table;
        var classes = symbolClass;
        var leave = leavesStart;
        int width = columns, row = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (row == 0 && leave is not null)
            {
                // Nothing under way: skip, vectorised, to the next character that starts something.
                int skip = text[i..].IndexOfAny(leave);
                if (skip < 0) return false; // the start state never ends a match (see the constructor)
                i += skip;
            }
            char c = text[i];
            int column = classes[c <= 0xFF ? c : CharClass.OtherSymbol];
            int next = cells[row + column];
            if (next < 0)
            {
                if (next == Accepting) return true;
                (cells, next) = Compute(row / width, column);
                if (next < 0) return true; // accepting, or gave up
            }
            row = next * width;
        }
        return row != 0 && endsMatch[row / width];
    }

    // Per state, whether it holds an end anchor's state: at the end of the text, a match ends there.
    private volatile bool[] endsMatch = [];

    /// <summary>
    /// The characters that leave the start state, when they are few enough for a vectorised search to skip the
    /// rest (null otherwise, and when a character above U+00FF may start a match).
    /// </summary>
    private readonly System.Buffers.SearchValues<char>? leavesStart;

    private const int MaxStartCharacters = 16;

    private System.Buffers.SearchValues<char>? StartCharacters()
    {
        var leaving = new List<char>();
        for (int column = 0; column < columns; column++)
        {
            if (Compute(0, column).Next == 0) continue;
            if (column == symbolClass[CharClass.OtherSymbol]) return null;
            for (int c = 0; c <= 0xFF; c++)
                if (symbolClass[c] == column) leaving.Add((char)c);
            if (leaving.Count > MaxStartCharacters) return null;
        }
        return gaveUp ? null : System.Buffers.SearchValues.Create(leaving.ToArray());
    }

    /// <summary>The transition from <paramref name="state"/> on <paramref name="column"/>, built under the lock.</summary>
    private (int[] Table, int Next) Compute(int state, int column)
    {
        lock (gate)
        {
            var cells = table;
            if (gaveUp) return (cells, Accepting);
            int known = cells[state * columns + column];
            if (known != Unknown) return (cells, known);
            // A search: a match may start at every position, so every state holds the start set. Marked as
            // reached up front, it stays out of the recorded set (large for the big alternations).
            foreach (int nfaState in startSet) mark[nfaState] = generation;
            bool accepts = Step(startSet, column) | Step(states[state], column);
            int[] reached = TakeReached();
            byte[] set = Pack(reached);
            if (accepts)
            {
                cells[state * columns + column] = Accepting;
                return (cells, Accepting);
            }
            if (!stateIndex.TryGetValue(set, out int index))
            {
                if (states.Count >= MaxStates)
                {
                    GiveUp();
                    return (cells, Accepting);
                }
                index = AddState(set, nfa.HasEndAnchors && reached.Any(nfa.EndsMatch));
                cells = table;
            }
            cells[state * columns + column] = index;
            return (cells, index);
        }
    }

    /// <summary>Reaches what the states take to on <paramref name="column"/>; true when that accepts.</summary>
    private bool Step(int[] from, int column)
    {
        bool accepts = false;
        foreach (int nfaState in from)
            if (classHolds[nfa.Consumes(nfaState) * columns + column]) accepts |= Close(nfa.Next(nfaState));
        return accepts;
    }

    private bool Step(byte[] packed, int column)
    {
        bool accepts = false;
        int nfaState = 0;
        for (int i = 0; i < packed.Length;)
        {
            nfaState += ReadVarint(packed, ref i);
            if (classHolds[nfa.Consumes(nfaState) * columns + column]) accepts |= Close(nfa.Next(nfaState));
        }
        return accepts;
    }

    /// <summary>A sorted set as the gaps between its members, 7 bits per byte: most gaps fit in one byte.</summary>
    private static byte[] Pack(int[] sorted)
    {
        var bytes = new List<byte>(sorted.Length + 4);
        int previous = 0;
        foreach (int member in sorted)
        {
            uint gap = (uint)(member - previous);
            previous = member;
            while (gap >= 0x80)
            {
                bytes.Add((byte)(gap | 0x80));
                gap >>= 7;
            }
            bytes.Add((byte)gap);
        }
        return [.. bytes];
    }

    private static int ReadVarint(byte[] bytes, ref int index)
    {
        int value = 0, shift = 0;
        byte b;
        do
        {
            b = bytes[index++];
            value |= (b & 0x7F) << shift;
            shift += 7;
        }
        while (b >= 0x80);
        return value;
    }

    private int AddState(byte[] set, bool endsAMatch)
    {
        int index = states.Count;
        states.Add(set);
        stateIndex.Add(set, index);
        if (index >= endsMatch.Length)
        {
            var grown = new bool[Math.Max(8, endsMatch.Length * 2)];
            endsMatch.CopyTo(grown, 0);
            endsMatch = grown; // before any table entry leads to the new state
        }
        endsMatch[index] = endsAMatch;
        var cells = table;
        if ((index + 1) * columns > cells.Length)
        {
            var grown = new int[Math.Max(columns * 8, cells.Length * 2)];
            Array.Fill(grown, Unknown);
            Array.Copy(cells, grown, cells.Length);
            table = grown; // published after it is complete
        }
        return index;
    }

    private void GiveUp()
    {
        gaveUp = true;
        table = [];
        states.Clear();
        stateIndex.Clear();
    }

    // Scratch space of the subset construction (used under the lock): mark[s] == generation once s is reached
    // or visited in this step.
    private readonly int[] mark;
    private int generation = 1;
    private readonly List<int> reached = [];
    private readonly Stack<int> pending = new();

    private void Reach(int consuming)
    {
        if (mark[consuming] == generation) return;
        mark[consuming] = generation;
        reached.Add(consuming);
    }

    /// <summary>
    /// Reaches the consuming states reachable from <paramref name="state"/> without consuming; true when the
    /// accepting state is among them.
    /// </summary>
    private bool Close(int state)
    {
        bool accepts = false;
        pending.Push(state);
        while (pending.Count > 0)
        {
            int s = pending.Pop();
            if (s < 0 || mark[s] == generation) continue;
            if (s == nfa.Accept) accepts = true;
            else if (nfa.Consumes(s) >= 0) Reach(s);
            else
            {
                mark[s] = generation;
                pending.Push(nfa.Alternative(s));
                pending.Push(nfa.Next(s));
            }
        }
        return accepts;
    }

    /// <summary>The states reached in this step, sorted (a state's identity), and a fresh step.</summary>
    private int[] TakeReached()
    {
        reached.Sort();
        int[] set = [.. reached];
        reached.Clear();
        if (++generation == int.MaxValue)
        {
            Array.Clear(mark);
            generation = 1;
        }
        return set;
    }

    /// <summary>
    /// Groups the 129 symbols into columns: symbols that every class either holds both of or neither of behave
    /// alike, so the table needs one column per group.
    /// </summary>
    private static int BuildColumns(IReadOnlyList<CharClass> classes, ushort[] symbolClass, out bool[] classHolds)
    {
        var signatures = new Dictionary<string, int>();
        var representative = new List<int>();
        var signature = new char[classes.Count];
        for (int symbol = 0; symbol < CharClass.SymbolCount; symbol++)
        {
            for (int i = 0; i < classes.Count; i++) signature[i] = classes[i].Contains(symbol) ? '1' : '0';
            var key = new string(signature);
            if (!signatures.TryGetValue(key, out int column))
            {
                column = signatures.Count;
                signatures.Add(key, column);
                representative.Add(symbol);
            }
            symbolClass[symbol] = (ushort)column;
        }
        int columns = representative.Count;
        classHolds = new bool[classes.Count * columns];
        for (int c = 0; c < classes.Count; c++)
            for (int column = 0; column < columns; column++)
                classHolds[c * columns + column] = classes[c].Contains(representative[column]);
        return columns;
    }

    private sealed class PackedSetComparer : IEqualityComparer<byte[]>
    {
        public static readonly PackedSetComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] set)
        {
            var hash = new HashCode();
            hash.AddBytes(set);
            return hash.ToHashCode();
        }
    }
}
