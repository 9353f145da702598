namespace Spamd.Engine.Bayes;

/// <summary>Where the tokenizer puts tokens: their text given in up to five parts that are joined.</summary>
internal interface ITokenOutput
{
    void Add(ReadOnlySpan<char> a, ReadOnlySpan<char> b = default, ReadOnlySpan<char> c = default,
        ReadOnlySpan<char> d = default, ReadOnlySpan<char> e = default);
}

/// <summary>
/// One message's distinct tokens and their keys, collected as the tokenizer finds them: a token's text is
/// joined in a reused buffer and becomes a string, and gets its SHA-1 key, only the first time the message
/// has it. Nothing is kept from one message to the next but buffers: a cache of keys across messages saved
/// hashing but its strings lived long enough to be promoted, and the collections cost more than the hashing.
/// Not thread-safe.
/// </summary>
internal sealed class TokenCollector : ITokenOutput
{
    private readonly HashSet<string> seen = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> seenBySpan;
    private readonly List<(long Key, string Text)> found = new(1024);
    private char[] joined = new char[256];

    public TokenCollector() => seenBySpan = seen.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Tokens added so far, repeats included (SpamAssassin caps each source by this count).</summary>
    public int Occurrences { get; private set; }

    /// <summary>This message's distinct tokens, in the order first found.</summary>
    public IReadOnlyList<(long Key, string Text)> Found => found;

    public void StartMessage()
    {
        seen.Clear();
        found.Clear();
        Occurrences = 0;
    }

    public void Add(ReadOnlySpan<char> a, ReadOnlySpan<char> b = default, ReadOnlySpan<char> c = default,
        ReadOnlySpan<char> d = default, ReadOnlySpan<char> e = default)
    {
        if (b.IsEmpty && c.IsEmpty && d.IsEmpty && e.IsEmpty)
        {
            Add(a);
            return;
        }
        int length = a.Length + b.Length + c.Length + d.Length + e.Length;
        if (joined.Length < length) joined = new char[Math.Max(length, joined.Length * 2)];
        Span<char> text = joined.AsSpan(0, length);
        a.CopyTo(text);
        b.CopyTo(text[a.Length..]);
        c.CopyTo(text[(a.Length + b.Length)..]);
        d.CopyTo(text[(a.Length + b.Length + c.Length)..]);
        e.CopyTo(text[(length - e.Length)..]);
        Add(text);
    }

    private void Add(ReadOnlySpan<char> text)
    {
        Occurrences++;
        if (text.IsEmpty || seenBySpan.Contains(text)) return;
        string token = text.ToString();
        seen.Add(token);
        found.Add((TokenKey.Compute(token), token));
    }

    /// <summary>This message's distinct keys, ascending (two texts with one key count once).</summary>
    public long[] SortedKeys()
    {
        var keys = new long[found.Count];
        for (int i = 0; i < keys.Length; i++) keys[i] = found[i].Key;
        Array.Sort(keys);
        int distinct = 0;
        for (int i = 0; i < keys.Length; i++)
            if (distinct == 0 || keys[i] != keys[distinct - 1]) keys[distinct++] = keys[i];
        return distinct == keys.Length ? keys : keys[..distinct];
    }
}
