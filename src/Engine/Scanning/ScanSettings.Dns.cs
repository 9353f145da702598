using System.Collections.Immutable;

namespace Spamd.Engine.Scanning;

/// <summary>The settings of the network (DNS) tests: DNSEval's check_rbl family and URIDNSBL.</summary>
public sealed partial record ScanSettings
{
    /// <summary>dns_server values as written (normalised when read); empty = the servers of /etc/resolv.conf.</summary>
    public ImmutableArray<string> DnsServers { get; init; } = ImmutableArray<string>.Empty;

    /// <summary>dns_available: "no" turns every DNS test off (yes and test both count as available).</summary>
    public bool DnsAvailable { get; init; } = true;

    /// <summary>rbl_timeout: how long a scan waits, from its start, for all of its DNS answers.</summary>
    public TimeSpan RblTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>rbl_timeout's t_min: the wait for the last answers shrinks towards it; null = a fifth of <see cref="RblTimeout"/>.</summary>
    public TimeSpan? RblTimeoutMin { get; init; }

    /// <summary>skip_rbl_checks: no DNSBL lookups (check_rbl and friends never hit); URIDNSBL is separate.</summary>
    public bool SkipRblChecks { get; init; }

    /// <summary>skip_uribl_checks: no URIDNSBL lookups.</summary>
    public bool SkipUriblChecks { get; init; }

    /// <summary>num_check_received: at most this many relay addresses per DNSBL.</summary>
    public int NumCheckReceived { get; init; } = 9;

    /// <summary>originating_ip_headers: headers whose addresses DNSBLs check as untrusted senders.</summary>
    public ImmutableArray<string> OriginatingIpHeaders { get; init; } = ImmutableArray<string>.Empty;

    /// <summary>uridnsbl_skip_domain: hosts and registrable domains URIDNSBL never looks up (lower case).</summary>
    public ImmutableHashSet<string> UriDnsBlSkipDomains { get; init; } = ImmutableHashSet.Create<string>(StringComparer.Ordinal);

    /// <summary>uridnsbl_max_domains: at most this many URI hosts per message are looked up.</summary>
    public int UriDnsBlMaxDomains { get; init; } = 20;

    /// <summary>uridnsbl_skip_mailto: mailto: URIs are not looked up.</summary>
    public bool UriDnsBlSkipMailto { get; init; } = true;
}
