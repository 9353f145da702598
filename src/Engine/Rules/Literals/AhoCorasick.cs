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
    private readonly int[] transitions;     // state * classCount + class
    private readonly int[][] outputs;       // patterns ending exactly at a state
    private readonly int[] outputLink;      // next state on the failure chain with an output, or -1

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

        int stateCount = children.Count;
        StateCount = stateCount;
        transitions = new int[stateCount * classCount];
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
    }

    public int PatternCount { get; }
    public int StateCount { get; }

    /// <summary>Approximate memory held by the automaton, in bytes.</summary>
    public long MemoryBytes => (long)transitions.Length * 4 + charClass.Length * 4 + outputLink.Length * 4;

    /// <summary>
    /// Adds to <paramref name="hits"/> every pattern occurring in <paramref name="text"/>, once each: a pattern is
    /// new when its entry in <paramref name="stamps"/> differs from <paramref name="stamp"/> (no clearing per text).
    /// </summary>
    public void FindAll(ReadOnlySpan<char> text, int[] stamps, int stamp, List<int> hits)
    {
        int state = 0;
        var table = transitions;
        int classes = classCount;
        foreach (char raw in text)
        {
            state = table[state * classes + charClass[raw]];
            for (int s = outputs[state].Length > 0 ? state : outputLink[state]; s > 0; s = outputLink[s])
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
        var table = transitions;
        int classes = classCount;
        foreach (char raw in text)
        {
            state = table[state * classes + charClass[raw]];
            for (int s = outputs[state].Length > 0 ? state : outputLink[state]; s > 0; s = outputLink[s])
                foreach (int pattern in outputs[s])
                    found[pattern] = true;
        }
    }
}
