using Spamd.Engine.Mime;

namespace Spamd.Engine.Bayes;

/// <summary>
/// SpamAssassin 4.0.1's Bayes tokens for a message: body words, URI words and header words (prefixed
/// "H&lt;name&gt;:"), each identified by its 5-byte SHA-1 key. Not thread-safe; use one per thread (it keeps
/// buffers and the keys of recent tokens between messages).
/// </summary>
public sealed class BayesTokenizer(BayesOptions options)
{
    // SpamAssassin's caps on tokens taken from each source.
    private const int MaxBodyTokens = 50_000;
    private const int MaxUriTokens = 10_000;
    private const int MaxHeaderTokens = 10_000;

    private readonly LineTokenizer lines = new(options);
    private readonly TokenCollector collector = new();

    public BayesTokenizer() : this(BayesOptions.Default) { }

    /// <summary>Token key to token text, one entry per distinct key.</summary>
    /// <param name="relayHeader">
    /// The relay metadata SpamAssassin tokenizes with the headers (an X-Spam-Relays-* name to its text); by
    /// default parsed from the message's Received headers with the configured trusted/internal networks.
    /// </param>
    public Dictionary<long, string> Tokenize(IMailMessage message, Func<string, string?>? relayHeader = null)
    {
        Collect(message, relayHeader);
        var tokens = new Dictionary<long, string>(collector.Count);
        foreach (var (key, text) in collector.Found()) tokens[key] = text;
        return tokens;
    }

    /// <summary>The message's distinct token keys, ascending: all that learning and scoring need.</summary>
    public long[] TokenKeys(IMailMessage message, Func<string, string?>? relayHeader = null)
    {
        Collect(message, relayHeader);
        return collector.SortedKeys();
    }

    private void Collect(IMailMessage message, Func<string, string?>? relayHeader)
    {
        relayHeader ??= RelayMetadata.Of(message, options.TrustedNetworks, options.InternalNetworks);
        collector.StartMessage();

        AddSource(message.VisibleBodyText, "", TokenRegion.Body, MaxBodyTokens);
        AddSource(message.Uris, "", TokenRegion.Uri, MaxUriTokens);
        AddSource(message.InvisibleBodyText, "I*:", TokenRegion.Body, MaxBodyTokens);

        int start = collector.Occurrences;
        foreach (var (name, value) in HeaderTokenText.Collect(message, options, relayHeader))
        {
            lines.Tokenize(value.ToString(), "H" + name + ":", TokenRegion.Header, collector);
            if (collector.Occurrences - start >= MaxHeaderTokens) break;
        }
    }

    private void AddSource(IReadOnlyList<string> source, string prefix, TokenRegion region, int cap)
    {
        // The cap counts repeats and is checked after each line, as SpamAssassin does.
        int start = collector.Occurrences;
        foreach (string line in source)
        {
            lines.Tokenize(line, prefix, region, collector);
            if (collector.Occurrences - start >= cap) break;
        }
    }
}
