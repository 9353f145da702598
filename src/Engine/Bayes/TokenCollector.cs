namespace Spamd.Engine.Bayes;

/// <summary>Where the tokenizer puts tokens: their text given in up to five parts that are joined.</summary>
internal interface ITokenOutput
{
    void Add(ReadOnlySpan<char> a, ReadOnlySpan<char> b = default, ReadOnlySpan<char> c = default,
        ReadOnlySpan<char> d = default, ReadOnlySpan<char> e = default);
}

/// <summary>
/// One message's distinct tokens and their keys, collected as the tokenizer finds them: a token's text is
/// joined in a reused buffer and looked up in the <see cref="TokenTable"/>, which hashes only texts it does
/// not remember. Not thread-safe.
/// </summary>
internal sealed class TokenCollector : ITokenOutput
{
    private readonly TokenTable table = new();
    private readonly List<int> found = new(1024);
    private char[] joined = new char[256];

    /// <summary>Tokens added so far, repeats included (SpamAssassin caps each source by this count).</summary>
    public int Occurrences { get; private set; }

    /// <summary>This message's distinct tokens, in the order first found.</summary>
    public IEnumerable<(long Key, string Text)> Found()
    {
        foreach (int entry in found) yield return (table.Key(entry), table.Text(entry));
    }

    public int Count => found.Count;

    public void StartMessage()
    {
        table.StartMessage();
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
        if (text.IsEmpty) return;
        int entry = table.Find(text, out bool firstInMessage);
        if (firstInMessage) found.Add(entry);
    }

    /// <summary>This message's distinct keys, ascending (two texts with one key count once).</summary>
    public long[] SortedKeys()
    {
        var keys = new long[found.Count];
        for (int i = 0; i < keys.Length; i++) keys[i] = table.Key(found[i]);
        Array.Sort(keys);
        int distinct = 0;
        for (int i = 0; i < keys.Length; i++)
            if (distinct == 0 || keys[i] != keys[distinct - 1]) keys[distinct++] = keys[i];
        return distinct == keys.Length ? keys : keys[..distinct];
    }
}
