namespace Spamd.Engine.Bayes;

/// <summary>
/// Token texts and their keys, remembered across messages in flat arrays: an open-addressing index over
/// entries whose text sits in one char arena. A token the table holds costs a hash and a compare instead of
/// a string and a SHA-1, and no object per token means nothing for the garbage collector to trace or promote.
/// Each entry records the last message that had it, which makes the table the message's distinct-token set
/// too. Full tables are emptied between messages (and grown within one). Not thread-safe.
/// </summary>
internal sealed class TokenTable
{
    // About 1 MB, as there is one table per scanning thread in the daemon: room for the words mail repeats;
    // word pairs, mostly unique, are what fills it.
    private const int MaxRemembered = 1 << 14;

    private int[] index = new int[2 * MaxRemembered];   // entry number + 1; 0 = empty
    private Entry[] entries = new Entry[MaxRemembered];
    private char[] arena = new char[16 * MaxRemembered];
    private int count, arenaUsed, message;

    public struct Entry
    {
        public int Hash, Offset, Length, Message;
        public long Key;
    }

    /// <summary>Starts a message: entries found from now on are new to it.</summary>
    public void StartMessage()
    {
        if (count >= MaxRemembered || arenaUsed >= arena.Length / 2)
        {
            // A message too large for the table grew it; the next ones get the usual size back.
            if (index.Length > 2 * MaxRemembered) (index, entries) = (new int[2 * MaxRemembered], new Entry[MaxRemembered]);
            else Array.Clear(index);
            if (arena.Length > 16 * MaxRemembered) arena = new char[16 * MaxRemembered];
            count = arenaUsed = 0;
        }
        message++;
    }

    /// <summary>
    /// The entry number of <paramref name="text"/>, added (with its key computed) if the table lacks it;
    /// <paramref name="firstInMessage"/> tells whether the current message had it before.
    /// </summary>
    public int Find(ReadOnlySpan<char> text, out bool firstInMessage)
    {
        int hash = string.GetHashCode(text);
        int mask = index.Length - 1;
        int slot = hash & mask;
        while (index[slot] != 0)
        {
            ref Entry entry = ref entries[index[slot] - 1];
            if (entry.Hash == hash && arena.AsSpan(entry.Offset, entry.Length).SequenceEqual(text))
            {
                firstInMessage = entry.Message != message;
                entry.Message = message;
                return index[slot] - 1;
            }
            slot = (slot + 1) & mask;
        }
        firstInMessage = true;
        return Add(text, hash, slot);
    }

    public long Key(int entry) => entries[entry].Key;

    public string Text(int entry) => new(arena, entries[entry].Offset, entries[entry].Length);

    private int Add(ReadOnlySpan<char> text, int hash, int slot)
    {
        if (arenaUsed + text.Length > arena.Length) Array.Resize(ref arena, Math.Max(2 * arena.Length, arenaUsed + text.Length));
        text.CopyTo(arena.AsSpan(arenaUsed));
        if (count == entries.Length) Array.Resize(ref entries, 2 * entries.Length);
        entries[count] = new Entry { Hash = hash, Offset = arenaUsed, Length = text.Length, Message = message, Key = TokenKey.Compute(text) };
        arenaUsed += text.Length;
        index[slot] = ++count;
        // At most half full, so probes stay short: a message with more distinct tokens than fit grows the table.
        if (2 * count > index.Length) Rehash(2 * index.Length);
        return count - 1;
    }

    private void Rehash(int size)
    {
        index = new int[size];
        for (int i = 0; i < count; i++)
        {
            int slot = entries[i].Hash & (size - 1);
            while (index[slot] != 0) slot = (slot + 1) & (size - 1);
            index[slot] = i + 1;
        }
    }
}
