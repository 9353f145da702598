using System.Globalization;
using System.Text.RegularExpressions;
using Spamd.Engine.Dns;
using Spamd.Engine.Rules.Evals;

namespace Spamd.Engine.Config;

/// <summary>The settings of the network tests (DNSEval, URIDNSBL) and the URIDNSBL rule directives.</summary>
public sealed partial class ConfigBuilder
{
    /// <summary>uridnsbl, urirhssub, ... rules by name (the last definition wins, as in SpamAssassin).</summary>
    public Dictionary<string, UriDnsBlRule> UriDnsBls { get; } = new(StringComparer.Ordinal);

    private bool ApplyDnsSetting(string key, string value, string where)
    {
        switch (key)
        {
            case "dns_server":
                if (!DnsServerAddress.TryParse(value, out var server)) throw new FormatException($"not an address[:port]: '{value}'");
                Settings = Settings with { DnsServers = Settings.DnsServers.Add(server.ToString()) };
                return true;
            case "clear_dns_servers":
                Settings = Settings with { DnsServers = [] };
                return true;
            case "dns_available":
                var available = value.Trim();
                if (available is "yes" or "1" || available.StartsWith("test", StringComparison.Ordinal))
                    Settings = Settings with { DnsAvailable = true };
                else if (available is "no" or "0") Settings = Settings with { DnsAvailable = false };
                else throw new FormatException($"not yes, no or test: '{value}'");
                return true;
            case "rbl_timeout":
                // "t [t_min] [zone]": per-zone settings are accepted and not applied
                var words = Words(Required(value));
                if (words.Length == 3 || (words.Length == 2 && char.IsAsciiLetter(words[^1][^1]))) return true;
                Settings = Settings with
                {
                    RblTimeout = TimeSpan.FromSeconds(Duration(words[0])),
                    RblTimeoutMin = words.Length == 2 ? TimeSpan.FromSeconds(Duration(words[1])) : Settings.RblTimeoutMin,
                };
                return true;
            case "skip_rbl_checks":
                Settings = Settings with { SkipRblChecks = Bool(value) };
                return true;
            case "skip_uribl_checks":
                Settings = Settings with { SkipUriblChecks = Bool(value) };
                return true;
            case "originating_ip_headers":
                var headers = Settings.OriginatingIpHeaders;
                foreach (var name in Words(Required(value)))
                    if (!headers.Any(h => h.Equals(name, StringComparison.OrdinalIgnoreCase))) headers = headers.Add(name);
                Settings = Settings with { OriginatingIpHeaders = headers };
                return true;
            case "clear_originating_ip_headers":
                Settings = Settings with { OriginatingIpHeaders = [] };
                return true;
            case "uridnsbl_skip_domain":
                Settings = Settings with { UriDnsBlSkipDomains = Settings.UriDnsBlSkipDomains.Union(Words(value).Select(d => d.ToLowerInvariant())) };
                return true;
            case "clear_uridnsbl_skip_domain":
                Settings = Settings with
                {
                    UriDnsBlSkipDomains = value.Trim().Length == 0 ? Settings.UriDnsBlSkipDomains.Clear()
                        : Settings.UriDnsBlSkipDomains.Except(Words(value).Select(d => d.ToLowerInvariant())),
                };
                return true;
            case "uridnsbl_max_domains":
                Settings = Settings with { UriDnsBlMaxDomains = (int)Numeric(value) };
                return true;
            case "uridnsbl_skip_mailto":
                Settings = Settings with { UriDnsBlSkipMailto = Bool(value) };
                return true;
            case "uridnsbl" or "uridnssub" or "urirhsbl" or "urirhssub" or "urinsrhsbl" or "urinsrhssub" or "urifullnsrhsbl" or "urifullnsrhssub":
                if (UriDnsBlRule.Parse(key, value) is not { } rule) throw new FormatException($"{key} needs NAME zone type{(key.EndsWith("sub", StringComparison.Ordinal) ? " subtest" : "")}");
                UriDnsBls[rule.Name] = rule;
                return true;
        }
        return false;
    }

    [GeneratedRegex(@"^\+?(\d+(?:\.\d*)?)([smhdw]?)$", RegexOptions.IgnoreCase)]
    private static partial Regex DurationPattern();

    /// <summary>A time as rbl_timeout writes it: seconds, or with an s/m/h/d/w unit.</summary>
    private static double Duration(string text)
    {
        var m = DurationPattern().Match(text);
        if (!m.Success) throw new FormatException($"not a duration: '{text}'");
        double value = double.Parse(m.Groups[1].Value.TrimEnd('.'), CultureInfo.InvariantCulture);
        return value * (m.Groups[2].Value.ToLowerInvariant() switch { "m" => 60, "h" => 3600, "d" => 86400, "w" => 604800, _ => 1 });
    }
}
