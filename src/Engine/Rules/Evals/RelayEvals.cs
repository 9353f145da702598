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

    [GeneratedRegex("^(\\d+\\.\\d+\\.\\d+\\.)")]
    private static partial Regex ThreeOctets();

    [GeneratedRegex("(?:\\.|^)(?:lycos\\.com|lycos\\.co\\.uk|hotmail\\.com|localhost\\.com|excite\\.com|caramail\\.com|cs\\.com|aol\\.com|msn\\.com|yahoo\\.com|drizzle\\.com)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DotcomHelo();
}
