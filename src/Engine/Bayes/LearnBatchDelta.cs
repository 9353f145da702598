using System.Text;

namespace Spamd.Engine.Bayes;

/// <summary>
/// The net change a batch of learn/forget operations makes: message counts, seen ids, and per-token count
/// changes summed over the batch, so each token is written once per batch rather than once per message.
/// Seen-id changes are visible to later messages of the same batch.
/// </summary>
internal sealed class LearnBatchDelta
{
    private readonly Dictionary<long, TokenDelta> tokens = [];

    public long SpamMessages { get; private set; }
    public long HamMessages { get; private set; }

    /// <summary>Seen ids set (flag) or removed (null) by this batch, in the order they happened.</summary>
    public Dictionary<string, char?> Seen { get; } = new(StringComparer.Ordinal);

    public void Change(bool spam, int delta, IReadOnlyCollection<long> keys, long atime)
    {
        if (spam) SpamMessages += delta; else HamMessages += delta;
        foreach (long key in keys)
        {
            tokens.TryGetValue(key, out TokenDelta d);
            if (delta > 0)
            {
                if (spam) d.SpamAdded++; else d.HamAdded++;
                d.Atime = Math.Max(d.Atime, atime);
            }
            else if (spam) d.SpamRemoved++;
            else d.HamRemoved++;
            tokens[key] = d;
        }
    }

    /// <summary>[[key, spam, ham, atime], ...] for tokens gaining counts, in key order.</summary>
    public string AddedJson() => Json(d => d.SpamAdded > 0 || d.HamAdded > 0, d => (d.SpamAdded, d.HamAdded, d.Atime));

    /// <summary>[[key, spam, ham, 0], ...] for tokens losing counts, in key order.</summary>
    public string RemovedJson() => Json(d => d.SpamRemoved > 0 || d.HamRemoved > 0, d => (d.SpamRemoved, d.HamRemoved, 0));

    public bool HasRemovals => tokens.Values.Any(d => d.SpamRemoved > 0 || d.HamRemoved > 0);

    private string Json(Func<TokenDelta, bool> include, Func<TokenDelta, (long S, long H, long A)> values)
    {
        // Ascending keys walk the B-tree in order.
        var keys = tokens.Where(t => include(t.Value)).Select(t => t.Key).ToArray();
        Array.Sort(keys);
        var sb = new StringBuilder(keys.Length * 32 + 2).Append('[');
        foreach (long key in keys)
        {
            var (s, h, a) = values(tokens[key]);
            if (sb.Length > 1) sb.Append(',');
            sb.Append('[').Append(key).Append(',').Append(s).Append(',').Append(h).Append(',').Append(a).Append(']');
        }
        return sb.Append(']').ToString();
    }

    private struct TokenDelta
    {
        public int SpamAdded, HamAdded, SpamRemoved, HamRemoved;
        public long Atime;
    }
}
