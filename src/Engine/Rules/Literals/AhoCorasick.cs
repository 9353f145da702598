namespace Spamd.Engine.Rules.Literals;

/// <summary>
/// A multi-pattern matcher (Aho–Corasick) compiled to a dense DFA over a reduced alphabet: every char that
/// occurs in some pattern gets its own column, all others share column 0. One pass over a text reports
/// every pattern occurring in it, in time linear in the text.
/// </summary>
public sealed class AhoCorasick
{
    private readonly int[] charClass = new int[65536];
    private readonly int classCount;
    // state * classCount + class → next state; in 16 bits when the states allow (half the memory).
    private readonly ushort[]? narrowTransitions;
    private readonly int[]? wideTransitions;
    private readonly int[][] outputs;       // patterns ending exactly at a state
    private readonly int[] outputLink;      // next state on the failure chain with an output, or -1
    private readonly int[] firstOutput;     // the state itself when it has an output, else its outputLink

    /// <param name="patterns">Patterns, already folded with <paramref name="fold"/>.</param>
    /// <param name="fold">Case folding applied to the text: chars folding to a pattern char share its column.</param>
    public AhoCorasick(IReadOnlyList<string> patterns, Func<char, char> fold)
    {
        PatternCount = patterns.Count;
        classCount = 1;
        foreach (var pattern in patterns)
            foreach (char c in pattern)
                if (charClass[c] == 0) charClass[c] = classCount++;
        for (int c = 0; c < charClass.Length; c++)
            if (charClass[c] == 0) charClass[c] = charClass[fold((char)c)];

        // Trie.
        var children = new List<Dictionary<int, int>> { new() };
        var ownOutputs = new List<List<int>> { new() };
        for (int p = 0; p < patterns.Count; p++)
        {
            int state = 0;
            foreach (char c in patterns[p])
            {
                int cls = charClass[c];
                if (!children[state].TryGetValue(cls, out int next))
                {
                    next = children.Count;
                    children.Add(new Dictionary<int, int>());
                    ownOutputs.Add([]);
                    children[state][cls] = next;
                }
                state = next;
            }
            ownOutputs[state].Add(p);
        }

        (children, ownOutputs) = InBreadthFirstOrder(children, ownOutputs);
        int stateCount = children.Count;
        StateCount = stateCount;
        var transitions = new int[stateCount * classCount];
        var failure = new int[stateCount];
        outputLink = new int[stateCount];
        outputLink[0] = -1;

        // Breadth-first: failure links, then full DFA rows.
        var queue = new Queue<int>();
        for (int cls = 0; cls < classCount; cls++)
        {
            if (children[0].TryGetValue(cls, out int next))
            {
                transitions[cls] = next;
                failure[next] = 0;
                outputLink[next] = -1;
                queue.Enqueue(next);
            }
        }
        while (queue.Count > 0)
        {
            int state = queue.Dequeue();
            int row = state * classCount;
            int failRow = failure[state] * classCount;
            for (int cls = 0; cls < classCount; cls++)
            {
                if (children[state].TryGetValue(cls, out int next))
                {
                    transitions[row + cls] = next;
                    int fail = transitions[failRow + cls];
                    failure[next] = fail;
                    outputLink[next] = ownOutputs[fail].Count > 0 ? fail : outputLink[fail];
                    queue.Enqueue(next);
                }
                else
                {
                    transitions[row + cls] = transitions[failRow + cls];
                }
            }
        }
        outputs = ownOutputs.Select(o => o.ToArray()).ToArray();
        firstOutput = new int[stateCount];
        for (int state = 0; state < stateCount; state++) firstOutput[state] = outputs[state].Length > 0 ? state : outputLink[state];
        if (stateCount <= ushort.MaxValue + 1) narrowTransitions = transitions.Select(t => (ushort)t).ToArray();
        else wideTransitions = transitions;
    }

    /// <summary>
    /// Renumbers the trie breadth-first: a scan spends most of its steps in the shallow states, and numbered first
    /// their rows of the transition table lie together (far fewer cache misses on a large automaton).
    /// </summary>
    private static (List<Dictionary<int, int>> Children, List<List<int>> Outputs) InBreadthFirstOrder(
        List<Dictionary<int, int>> children, List<List<int>> outputs)
    {
        var order = new List<int> { 0 };
        for (int i = 0; i < order.Count; i++)
            foreach (var (_, child) in children[order[i]].OrderBy(kv => kv.Key)) order.Add(child);
        var renumbered = new int[order.Count];
        for (int i = 0; i < order.Count; i++) renumbered[order[i]] = i;
        return (order.Select(old => children[old].ToDictionary(kv => kv.Key, kv => renumbered[kv.Value])).ToList(),
                order.Select(old => outputs[old]).ToList());
    }

    private int Next(int state, char c)
    {
        int at = state * classCount + charClass[c];
        return narrowTransitions is { } narrow ? narrow[at] : wideTransitions![at];
    }

    public int PatternCount { get; }
    public int StateCount { get; }

    /// <summary>Approximate memory held by the automaton, in bytes.</summary>
    public long MemoryBytes => (narrowTransitions?.LongLength * 2 ?? wideTransitions!.LongLength * 4) + charClass.Length * 4 + outputLink.Length * 8;

    /// <summary>
    /// Adds to <paramref name="hits"/> every pattern occurring in <paramref name="text"/>, once each: a pattern is
    /// new when its entry in <paramref name="stamps"/> differs from <paramref name="stamp"/> (no clearing per text).
    /// </summary>
    public void FindAll(ReadOnlySpan<char> text, int[] stamps, int stamp, List<int> hits)
    {
        int state = 0;
        foreach (char raw in text)
        {
            state = Next(state, raw);
            for (int s = firstOutput[state]; s > 0; s = outputLink[s])
                foreach (int pattern in outputs[s])
                {
                    if (stamps[pattern] == stamp) continue;
                    stamps[pattern] = stamp;
                    hits.Add(pattern);
                }
        }
    }

    /// <summary>
    /// Marks in <paramref name="found"/> every pattern that occurs in <paramref name="text"/> (case-folded).
    /// </summary>
    public void FindAll(ReadOnlySpan<char> text, Span<bool> found)
    {
        int state = 0;
        foreach (char raw in text)
        {
            state = Next(state, raw);
            for (int s = firstOutput[state]; s > 0; s = outputLink[s])
                foreach (int pattern in outputs[s])
                    found[pattern] = true;
        }
    }
}
