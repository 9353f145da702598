using System.Net;
using Spamd.Engine.Dns;
using Spamd.Engine.Mime;
using Spamd.Engine.Relays;

namespace Spamd.Engine.Rules.Evals;

/// <summary>
/// URIDNSBL (<c>check_uridnsbl</c>): the hosts of the message's URIs looked up in URI blocklists. RHS lists get
/// the registrable domain (the host with tflags <c>notrim</c>; a public IPv4 host reversed, for <c>ips_only</c>
/// rules and plain ones); NS-based lists get the domain's name servers; address lists get the addresses of the
/// host (tflags <c>a</c>) or, as SpamAssassin 4.0.1 does it, those of the name servers of the domain looked up
/// for the <c>a</c> rules only. At most <c>uridnsbl_max_domains</c> hosts, first seen first, minus
/// <c>uridnsbl_skip_domain</c>.
/// </summary>
public static class UriDnsBlEvals
{
    /// <summary>One message's URIDNSBL lookups: the active rules by what they look up, and what was already asked.</summary>
    private sealed class UriLookups(DnsChecks checks)
    {
        private readonly HashSet<string> seen = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> ruleIndex = new(StringComparer.Ordinal);
        private readonly List<UriDnsBlRule> rhsRules = [], rhsIpsOnly = [], rhsDomainsOnly = [], nsRhs = [], fullNsRhs = [], nsAddress = [], hostAddress = [];

        public bool Any => ruleIndex.Count > 0;

        /// <summary>Files an active rule under the lookups it needs (SpamAssassin's check_dnsbl grouping).</summary>
        public void Add(UriDnsBlRule rule, int index)
        {
            ruleIndex[rule.Name] = index;
            var list = rule.Kind switch
            {
                UriDnsBlKind.Domain => rule.IpsOnly ? rhsIpsOnly : rule.DomainsOnly ? rhsDomainsOnly : rhsRules,
                UriDnsBlKind.NameServerDomain => nsRhs,
                UriDnsBlKind.NameServerHost => fullNsRhs,
                _ => null,
            };
            if (list is not null)
            {
                list.Add(rule);
                return;
            }
            if (rule.LooksUpHostAddress) hostAddress.Add(rule);
            if (rule.LooksUpNameServers || !rule.LooksUpHostAddress) nsAddress.Add(rule);
        }

        private bool FirstTime(string key)
        {
            lock (seen) return seen.Add(key);
        }

        public void Host(string host, string domain)
        {
            var rhs = new List<UriDnsBlRule>(rhsRules);
            if (LooksLikeAddress(host))
            {
                if (!IsPublicIpv4(host)) return; // private, bogus or IPv6 literals are not looked up
                domain = host;
                rhs.AddRange(rhsIpsOnly);
            }
            else
            {
                if (nsRhs.Count + fullNsRhs.Count + nsAddress.Count > 0 && FirstTime("NS:" + domain))
                    checks.Lookups.Track(() => NameServers(domain));
                if (hostAddress.Count > 0 && FirstTime("A:" + host))
                    checks.Lookups.Track(() => Addresses(host, hostAddress));
                rhs.AddRange(rhsDomainsOnly);
            }
            foreach (var rule in rhs) Single(rule.NoTrim ? host : domain, rule);
        }

        private async Task NameServers(string domain)
        {
            var answer = await checks.Lookups.Query(domain, DnsRecordType.NS).ConfigureAwait(false);
            if (answer is null) return;
            foreach (var record in answer.Answers)
            {
                if (record.Type != DnsRecordType.NS) continue;
                string server = record.Data.ToLowerInvariant(), serverDomain = server;
                if (LooksLikeAddress(server) || server.Contains(':'))
                {
                    if (!IsPublicIpv4(server)) continue;
                }
                else
                {
                    // SpamAssassin 4.0.1 looks the name servers' addresses up for the tflags-a rules, not the ns ones.
                    if (hostAddress.Count > 0 && FirstTime("A:" + server))
                        checks.Lookups.Track(() => Addresses(server, hostAddress));
                    serverDomain = checks.Context.Rules.UriOptions.TrimDomain(server);
                }
                foreach (var rule in nsRhs) Single(serverDomain, rule);
                foreach (var rule in fullNsRhs) Single(server, rule);
            }
        }

        private async Task Addresses(string host, List<UriDnsBlRule> rules)
        {
            var answer = await checks.Lookups.Query(host, DnsRecordType.A).ConfigureAwait(false);
            if (answer is null) return;
            foreach (var record in answer.Answers)
                if (record.Type == DnsRecordType.A)
                    foreach (var rule in rules) Single(record.Data, rule, host);
        }

        /// <summary>One lookup in one rule's zone (each rule, name and zone once per message).</summary>
        private void Single(string lookup, UriDnsBlRule rule, string? addressOf = null)
        {
            // the report note names the listed domain (or address, after the name it is the address of)
            string note = addressOf is null ? "URI: " + lookup : $"URI: {addressOf}/{lookup}";
            if (!FirstTime($"{rule.Name}:{lookup}:{rule.Zone}:{rule.Type}")) return;
            string name = (IsDottedQuad(lookup) ? DnsLookups.ReverseAddress(lookup) ?? lookup : lookup) + "." + rule.Zone;
            int index = ruleIndex[rule.Name];
            checks.Lookups.Track(async () =>
            {
                var answer = await checks.Lookups.Query(name, rule.Type).ConfigureAwait(false);
                if (answer is null) return;
                foreach (var record in answer.Answers)
                    if (record.Type is DnsRecordType.A or DnsRecordType.TXT && rule.Matches(record)) checks.Hit(index, note);
            });
        }
    }

    internal static void Launch(DnsChecks checks, double[] scores)
    {
        var context = checks.Context;
        var launch = new UriLookups(checks);
        foreach (var rule in context.Rules.UriDnsBls.Values)
            if (context.Rules.IndexByName.TryGetValue(rule.Name, out int index) && scores[index] != 0)
                launch.Add(rule, index);
        if (!launch.Any) return;
        foreach (var (host, domain) in Hosts(context)) launch.Host(host, domain);
    }

    /// <summary>The URI hosts to look up, each with its registrable domain, in order of first appearance.</summary>
    internal static List<(string Host, string Domain)> Hosts(RuleContext context)
    {
        var settings = context.Settings;
        var options = context.Rules.UriOptions;
        var hosts = new List<(string, string)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var uri in context.Message.Uris)
        {
            if (hosts.Count >= settings.UriDnsBlMaxDomains) break;
            if (settings.UriDnsBlSkipMailto && uri.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase)) continue;
            if (UriCanonicalizer.UriHost(uri, options) is not { } found) continue;
            var host = found.ToLowerInvariant();
            var domain = LooksLikeAddress(host) ? host : options.TrimDomain(host).ToLowerInvariant();
            if (settings.UriDnsBlSkipDomains.Contains(domain) || settings.UriDnsBlSkipDomains.Contains(host)) continue;
            if (seen.Add(host)) hosts.Add((host, domain));
        }
        return hosts;
    }

    private static bool IsDottedQuad(string text) => DnsBlSubtest.ToNumber(text) is not null;

    private static bool LooksLikeAddress(string host) =>
        host.StartsWith('[') || (host.Count(c => c == '.') == 3 && host.All(c => char.IsAsciiDigit(c) || c == '.'));

    private static bool IsPublicIpv4(string host) =>
        IsDottedQuad(host) && IPAddress.TryParse(host, out _) && !ReceivedPatterns.IsPrivate(host);
}
