namespace Spamd.Engine.Relays;

/// <summary>
/// One parsed Received handover, with the fields SpamAssassin's relay metadata exposes. <see cref="Internal"/>
/// and <see cref="Msa"/> are set by the classification after parsing.
/// </summary>
public sealed class Relay
{
    public required string Ip { get; init; }
    public required string Rdns { get; init; }
    public required string Helo { get; init; }
    public required string By { get; init; }
    public required string Ident { get; init; }
    public string? EnvFrom { get; set; }
    public required string Id { get; init; }
    public required string Auth { get; init; }

    /// <summary>The receiving MTA is known to look up rDNS, so an empty <see cref="Rdns"/> means there is none.</summary>
    public bool NoReverseDns { get; init; }
    public bool IsPrivate { get; init; }
    public bool Internal { get; set; }
    public bool Msa { get; set; }

    /// <summary>SpamAssassin's one-relay text, the unit of the <c>X-Spam-Relays-*</c> pseudo-headers.</summary>
    public override string ToString() =>
        $"[ ip={Ip} rdns={Rdns} helo={Helo} by={By} ident={Ident} envfrom={EnvFrom} intl={(Internal ? 1 : 0)} id={Id} auth={Auth} msa={(Msa ? 1 : 0)} ]";
}
