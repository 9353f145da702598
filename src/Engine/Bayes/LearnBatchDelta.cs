using System.Runtime.InteropServices;

namespace Spamd.Engine.Bayes;

/// <summary>
/// The net change a batch of learn/forget operations makes: message counts, seen ids, and per-token count
/// changes summed over the batch, so each token is written once per batch rather than once per message.
/// Seen-id changes are visible to later messages of the same batch.
/// </summary>
/// <param name="stored">The seen ids the database held before the batch, for the batch's messages.</param>
/// <param name="expectedTokens">
/// Tokens the batch's messages carry: one autolearned message must not allocate the table of a bulk batch (its
/// 2 MB went to the large-object heap and cost the daemon a full collection per autolearned message).
/// </param>
internal sealed class LearnBatchDelta(IReadOnlyDictionary<string, char> stored, int expectedTokens = 1 << 16)
{
    private readonly Dictionary<long, TokenDelta> tokens = new(Math.Min(expectedTokens, 1 << 16));

    public long SpamMessages { get; private set; }
    public long HamMessages { get; private set; }

    public bool HasRemovals { get; private set; }

    /// <summary>Seen ids set (flag) or removed (null) by this batch, in the order they happened.</summary>
    public Dictionary<string, char?> Seen { get; } = new(StringComparer.Ordinal);

    /// <summary>The first of <paramref name="ids"/> the database (as this batch left it so far) knows, and its flag.</summary>
    public (string? Id, char Flag) FindSeen(IReadOnlyList<string> ids)
    {
        foreach (string candidate in ids)
        {
            if (Seen.TryGetValue(candidate, out char? changed))
            {
                if (changed is char pending) return (candidate, pending);
                continue;
            }
            if (stored.TryGetValue(candidate, out char flag)) return (candidate, flag);
        }
        return (null, '\0');
    }

    public void Change(bool spam, int delta, IReadOnlyCollection<long> keys, long atime)
    {
        if (spam) SpamMessages += delta; else HamMessages += delta;
        if (delta < 0) HasRemovals = true;
        foreach (long key in keys)
        {
            ref TokenDelta d = ref CollectionsMarshal.GetValueRefOrAddDefault(tokens, key, out _);
            if (delta > 0)
            {
                if (spam) d.SpamAdded++; else d.HamAdded++;
                d.Atime = Math.Max(d.Atime, atime);
            }
            else if (spam) d.SpamRemoved++;
            else d.HamRemoved++;
        }
    }

    /// <summary>Tokens gaining counts, in key order.</summary>
    public List<TokenChange> Additions() => Changes(added: true);

    /// <summary>Tokens losing counts, in key order (atime 0).</summary>
    public List<TokenChange> Removals() => Changes(added: false);

    private List<TokenChange> Changes(bool added)
    {
        var keys = new List<long>(tokens.Count);
        var changes = new List<TokenChange>(tokens.Count);
        foreach (var (key, d) in tokens)
        {
            var (spam, ham) = added ? (d.SpamAdded, d.HamAdded) : (d.SpamRemoved, d.HamRemoved);
            if (spam == 0 && ham == 0) continue;
            keys.Add(key);
            changes.Add(new TokenChange(key, spam, ham, added ? d.Atime : 0));
        }
        // Ascending keys walk the B-tree in order; sorting by the primitive keys is several times faster than
        // by a comparison delegate.
        CollectionsMarshal.AsSpan(keys).Sort(CollectionsMarshal.AsSpan(changes));
        return changes;
    }

    public readonly record struct TokenChange(long Key, long Spam, long Ham, long Atime);

    private struct TokenDelta
    {
        public int SpamAdded, HamAdded, SpamRemoved, HamRemoved;
        public long Atime;
    }
}
