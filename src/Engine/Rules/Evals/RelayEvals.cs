using System.Text.RegularExpressions;
using Spamd.Engine.Relays;

namespace Spamd.Engine.Rules.Evals;

/// <summary>
/// SpamAssassin's RelayEval functions, over the message's parsed and classified Received relays
/// (<see cref="RuleContext.Relays"/>).
/// </summary>
public static partial class RelayEvals
{
    public static void Register(Dictionary<string, EvalFunction> functions)
    {
        functions["check_no_relays"] = (c, _) => c.Relays.Trusted.Count == 0 && c.Relays.Untrusted.Count == 0 && c.Relays.Unparseable == 0;
        functions["check_all_trusted"] = (c, _) => c.Relays.Trusted.Count > 0 && c.Relays.Untrusted.Count == 0 && c.Relays.Unparseable == 0;
        functions["check_relays_unparseable"] = (c, _) => c.Relays.Unparseable > 0;
        functions["check_for_numeric_helo"] = (c, _) => NumericHelo(c.Relays.UntrustedText);
        functions["helo_ip_mismatch"] = (c, _) => c.Relays.Untrusted.Any(HeloIpMismatch);
        functions["check_for_sender_no_reverse"] = (c, _) => SenderNoReverse(c.Relays);
        functions["check_for_no_rdns_dotcom_helo"] = (c, _) => NoRdnsDotcomHelo(c.Relays);
        functions["check_for_from_domain_in_received_headers"] = FromDomainInReceived;
        functions["check_for_forged_received_trail"] = (c, _) => c.State(ForgedTrail.Of).FromMismatches > 1;
        functions["check_for_forged_received_ip_helo"] = (c, _) => c.State(ForgedTrail.Of).IpHeloMismatches > 0;
    }

    /// <summary>
    /// Breaks in the untrusted Received trail: a relay's "by" domain that is not the next newer relay's rDNS
    /// domain, and IP-address HELOs in another /16 than the connecting address.
    /// </summary>
    private sealed class ForgedTrail
    {
        public int FromMismatches;
        public int IpHeloMismatches;

        public static ForgedTrail Of(RuleContext context)
        {
            var trail = new ForgedTrail();
            var relays = context.Relays.Untrusted;
            var from = relays.Select(r => (string?)HostnameToDomain(r.Rdns.ToLowerInvariant())).ToArray();
            for (int i = 0; i < relays.Count; i++)
            {
                var by = HostnameToDomain(relays[i].By.ToLowerInvariant());
                if (!DomainLike().IsMatch(by)) continue;
                if (from[i] is { } f && LocalhostName().IsMatch(f) && relays[i].Ip == "127.0.0.1") from[i] = null;

                var helo = HostnameToDomain(relays[i].Helo.ToLowerInvariant());
                var ip = relays[i].Ip;
                if (DottedQuad().IsMatch(helo) && DottedQuad().IsMatch(ip) && ip != helo
                    && ClassB(helo) != ClassB(ip) && !ReceivedPatterns.IsPrivate(helo))
                    trail.IpHeloMismatches++;

                if (i > 0 && from[i - 1] is { } previous && DomainLike().IsMatch(previous) && by != previous
                    && !(by == "msn.com" && previous == "hotmail.com"))
                    trail.FromMismatches++;
            }
            return trail;
        }

        private static string ClassB(string quad) => quad[..quad.IndexOf('.', quad.IndexOf('.') + 1)];
    }

    // SpamAssassin's rough registrable domain: the last two labels for long or ie/fr/de TLDs, else three.
    private static string HostnameToDomain(string host)
    {
        if (!host.Any(char.IsAsciiLetter)) return host;
        var parts = host.Split('.');
        if (parts.Length > 1 && TldLike().IsMatch(parts[^1])) return parts[^2] + "." + parts[^1];
        if (parts.Length > 2) return string.Join('.', parts[^3..]);
        return host;
    }

    private static bool NumericHelo(string untrusted)
    {
        // only the first numeric HELO counts, as in SpamAssassin
        var m = NumericHeloPattern().Match(untrusted);
        return m.Success && !ReceivedPatterns.IsPrivate(m.Groups[1].Value);
    }

    // A public IPv4 HELO whose first three octets differ from the connecting public IPv4 address.
    private static bool HeloIpMismatch(Relay relay)
    {
        if (!Ipv4().IsMatch(relay.Helo) || ReceivedPatterns.IsPrivate(relay.Helo)) return false;
        if (!Ipv4().IsMatch(relay.Ip) || ReceivedPatterns.IsPrivate(relay.Ip) || relay.Helo == relay.Ip) return false;
        var prefix = ThreeOctets().Match(relay.Helo);
        return prefix.Success && !relay.Ip.StartsWith(prefix.Groups[1].Value, StringComparison.Ordinal);
    }

    // SpamAssassin's test (kept as it is): the first-hop untrusted relay has a dotted rDNS and a public address.
    private static bool SenderNoReverse(RelayPath relays)
    {
        if (relays.Untrusted.Count == 0) return false;
        var sender = relays.Untrusted[^1];
        return sender.Rdns.Contains('.') && !sender.IsPrivate;
    }

    private static bool NoRdnsDotcomHelo(RelayPath relays)
    {
        bool hit = false;
        foreach (var relay in relays.Untrusted)
        {
            if (relay.IsPrivate) continue;
            if (DotcomHelo().IsMatch(relay.Helo) && relay.NoReverseDns) hit = true;
        }
        return hit;
    }

    private static bool FromDomainInReceived(RuleContext context, IReadOnlyList<string> args)
    {
        if (args.Count < 2) return false;
        string domain = args[0], desired = args[1];
        var from = context.Header("From:addr") ?? "";
        if (!Regex.IsMatch(from, "\\b" + Regex.Escape(domain), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)) return false;
        var received = context.Relays.TrustedText + "\n" + context.Relays.UntrustedText;
        bool found = Regex.IsMatch(received, " rdns=\\S*\\b" + domain + " [^\\]]*by=\\S*\\b" + domain + " ", RegexOptions.CultureInvariant);
        return found == (desired == "true");
    }

    [GeneratedRegex("\\bhelo=(\\b(?:1\\d\\d|2[0-4]\\d|25[0-5]|[1-9]\\d|\\d)(?:\\.(?:1\\d\\d|2[0-4]\\d|25[0-5]|[1-9]\\d|\\d)){3}\\b)(?=[\\x00-\\x20,;\\[()<>]|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NumericHeloPattern();

    [GeneratedRegex("^(?:1\\d\\d|2[0-4]\\d|25[0-5]|[1-9]\\d|\\d)(?:\\.(?:1\\d\\d|2[0-4]\\d|25[0-5]|[1-9]\\d|\\d)){3}$")]
    private static partial Regex Ipv4();

    [GeneratedRegex("^\\w+(?:[\\w.-]+\\.)+\\w+$")]
    private static partial Regex DomainLike();

    [GeneratedRegex("^localhost(?:\\.localdomain)?$")]
    private static partial Regex LocalhostName();

    [GeneratedRegex("^\\d+\\.\\d+\\.\\d+\\.\\d+$")]
    private static partial Regex DottedQuad();

    [GeneratedRegex("(?:\\S{3,}|ie|fr|de)")]
    private static partial Regex TldLike();

    [GeneratedRegex("^(\\d+\\.\\d+\\.\\d+\\.)")]
    private static partial Regex ThreeOctets();

    [GeneratedRegex("(?:\\.|^)(?:lycos\\.com|lycos\\.co\\.uk|hotmail\\.com|localhost\\.com|excite\\.com|caramail\\.com|cs\\.com|aol\\.com|msn\\.com|yahoo\\.com|drizzle\\.com)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DotcomHelo();
}
