using Spamd.Engine.Mime;
using Spamd.Engine.Relays;

namespace Spamd.Engine.Bayes;

/// <summary>
/// The relay metadata SpamAssassin's Bayes tokenizes with the headers: an X-Spam-Relays-* name to its text,
/// from our Received parser.
/// </summary>
public static class RelayMetadata
{
    /// <summary>
    /// The relay texts of a message with these trusted/internal networks (empty = inferred); the same parse the
    /// rules use. A Received line whose parse runs out of time is left out by the parser itself.
    /// </summary>
    public static Func<string, string?> Of(IMailMessage message, IReadOnlyCollection<string> trustedNetworks, IReadOnlyCollection<string> internalNetworks) =>
        RelayPath.Parse(message, trustedNetworks, internalNetworks).PseudoHeader;
}
