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
    private readonly HashSet<string> seen = new(StringComparer.Ordinal);
    // Adding a URI again with the same requirement changes nothing (text and markup often name the same link).
    private readonly HashSet<string> added = new(StringComparer.Ordinal), addedRequiringDomain = new(StringComparer.Ordinal);

    private readonly List<string> cleaned = new();

    public UriCollector(UriOptions options) => this.options = options;

    public List<string> Uris { get; } = new();

    /// <summary>True when some URI was cut at 8192 characters.</summary>
    public bool Truncated { get; private set; }

    public void Add(string uri, bool requireDomain)
    {
        if (!(requireDomain ? addedRequiringDomain : added).Add(uri)) return;
        var cleaned = this.cleaned;
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
        foreach (var c in cleaned) if (seen.Add(c)) Uris.Add(c);
    }

    private bool AnyHasHost(List<string> uris)
    {
        foreach (var uri in uris) if (UriCanonicalizer.UriHost(uri, options) != null) return true;
        return false;
    }
}
