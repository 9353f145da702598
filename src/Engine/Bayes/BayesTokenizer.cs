using Spamd.Engine.Mime;

namespace Spamd.Engine.Bayes;

/// <summary>
/// SpamAssassin 4.0.1's Bayes tokens for a message: body words, URI words and header words (prefixed
/// "H&lt;name&gt;:"), each identified by its 5-byte SHA-1 key. Not thread-safe; use one per thread.
/// </summary>
public sealed class BayesTokenizer(BayesOptions options)
{
    // SpamAssassin's caps on tokens taken from each source.
    private const int MaxBodyTokens = 50_000;
    private const int MaxUriTokens = 10_000;
    private const int MaxHeaderTokens = 10_000;

    private readonly LineTokenizer lines = new(options);
    private readonly List<string> buffer = new(1024);
    private readonly HashSet<string> hashed = new(1024, StringComparer.Ordinal);

    public BayesTokenizer() : this(BayesOptions.Default) { }

    /// <summary>Token key to token text, one entry per distinct key.</summary>
    /// <param name="relayHeader">
    /// The relay metadata SpamAssassin tokenizes with the headers (an X-Spam-Relays-* name to its text); by
    /// default parsed from the message's Received headers with the configured trusted/internal networks.
    /// </param>
    public Dictionary<long, string> Tokenize(IMailMessage message, Func<string, string?>? relayHeader = null)
    {
        relayHeader ??= RelayMetadata.Of(message, options.TrustedNetworks, options.InternalNetworks);
        lines.Reset();
        hashed.Clear();
        var tokens = new Dictionary<long, string>(512);

        AddSource(message.VisibleBodyText, "", TokenRegion.Body, MaxBodyTokens, tokens);
        AddSource(message.Uris, "", TokenRegion.Uri, MaxUriTokens, tokens);
        AddSource(message.InvisibleBodyText, "I*:", TokenRegion.Body, MaxBodyTokens, tokens);

        buffer.Clear();
        foreach (var (name, value) in HeaderTokenText.Collect(message, options, relayHeader))
        {
            lines.Tokenize(value.ToString(), "H" + name + ":", TokenRegion.Header, buffer);
            if (buffer.Count >= MaxHeaderTokens) break;
        }
        AddAll(buffer, tokens);
        return tokens;
    }

    private void AddSource(IReadOnlyList<string> source, string prefix, TokenRegion region, int cap, Dictionary<long, string> tokens)
    {
        buffer.Clear();
        foreach (string line in source)
        {
            lines.Tokenize(line, prefix, region, buffer);
            if (buffer.Count >= cap) break;
        }
        AddAll(buffer, tokens);
    }

    private void AddAll(List<string> found, Dictionary<long, string> tokens)
    {
        // Words repeat: hash each distinct token once.
        foreach (string token in found)
            if (token.Length > 0 && hashed.Add(token)) tokens[TokenKey.Compute(token)] = token;
    }
}
