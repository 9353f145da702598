using System.Text.RegularExpressions;
using Spamd.Engine.Mime;
using Spamd.Engine.Relays;

namespace Spamd.Engine.Bayes;

/// <summary>
/// The relay metadata SpamAssassin's Bayes tokenizes with the headers: an X-Spam-Relays-* name to its text,
/// from our Received parser.
/// </summary>
public static class RelayMetadata
{
    private static readonly Func<string, string?> None = _ => "";

    /// <summary>
    /// The relay texts of a message with these trusted/internal networks (empty = inferred). A Received line
    /// whose parse runs out of time (a pathological header, or a starved machine) costs only the relay tokens.
    /// </summary>
    public static Func<string, string?> Of(IMailMessage message, IReadOnlyCollection<string> trustedNetworks, IReadOnlyCollection<string> internalNetworks)
    {
        try
        {
            return RelayPath.Parse(message, trustedNetworks, internalNetworks).PseudoHeader;
        }
        catch (RegexMatchTimeoutException)
        {
            return None;
        }
    }
}
