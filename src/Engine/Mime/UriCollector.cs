namespace Spamd.Engine.Mime;

/// <summary>
/// The message's URI list as SpamAssassin's <c>get_uri_list</c> builds it: each found URI with its canonical
/// variants (PerMsgStatus::add_uri_detail_list), text URIs kept only when one variant has a valid domain.
/// Insertion order, no duplicates.
/// </summary>
public sealed class UriCollector
{
    private const int MaxUriLength = 8192;
    private readonly UriOptions options;
    private readonly Scratch scratch;

    // The look-up sets live as long as one message's URI list is built: a thread keeps one set of them and lends
    // it to the collector it builds next, so their arrays are not grown again for every message.
    private sealed class Scratch
    {
        public readonly HashSet<string> Seen = new(StringComparer.Ordinal);
        // Adding a URI again with the same requirement changes nothing (text and markup often name the same link).
        public readonly HashSet<string> Added = new(StringComparer.Ordinal), AddedRequiringDomain = new(StringComparer.Ordinal);
        public readonly List<string> Cleaned = new();
    }

    [ThreadStatic] private static Scratch? spare;

    public UriCollector(UriOptions options)
    {
        this.options = options;
        scratch = spare ?? new Scratch();
        spare = null;
    }

    /// <summary>Hands the look-up sets back to the thread, emptied, once <see cref="Uris"/> is complete (no more adds).</summary>
    internal void Release()
    {
        // the sets of a message with very many URIs would stay large: let those go
        if (Math.Max(scratch.Seen.Count, scratch.Added.Count + scratch.AddedRequiringDomain.Count) > 1024) return;
        scratch.Seen.Clear();
        scratch.Added.Clear();
        scratch.AddedRequiringDomain.Clear();
        scratch.Cleaned.Clear();
        spare = scratch;
    }

    public List<string> Uris { get; } = new();

    /// <summary>True when some URI was cut at 8192 characters.</summary>
    public bool Truncated { get; private set; }

    public void Add(string uri, bool requireDomain)
    {
        if (!(requireDomain ? scratch.AddedRequiringDomain : scratch.Added).Add(uri)) return;
        var cleaned = scratch.Cleaned;
        UriCanonicalizer.Canonicalize(uri, options, cleaned);
        if (cleaned.Count == 0) return;
        for (int i = 0; i < cleaned.Count; i++)
        {
            if (cleaned[i].Length > MaxUriLength)
            {
                Truncated = true;
                cleaned[i] = cleaned[i][..MaxUriLength];
            }
        }
        if (requireDomain && !AnyHasHost(cleaned)) return;
        foreach (var c in cleaned) if (scratch.Seen.Add(c)) Uris.Add(c);
    }

    private bool AnyHasHost(List<string> uris)
    {
        foreach (var uri in uris) if (UriCanonicalizer.UriHost(uri, options) != null) return true;
        return false;
    }
}
