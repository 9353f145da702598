using System.Text.RegularExpressions;
using Spamd.Engine.Dns;
using Spamd.Engine.Relays;

namespace Spamd.Engine.Rules.Evals;

/// <summary>
/// DNSEval's <c>check_rbl</c>, <c>check_rbl_txt</c> and <c>check_rbl_sub</c>: the public relay addresses of the
/// message, reversed, looked up in a DNSBL zone. The set name picks the addresses the way SpamAssassin does:
/// <c>-lastexternal</c> the relay that handed the message to our network, <c>-firsttrusted</c> the newest
/// untrusted one, <c>-notfirsthop</c> all external ones but the originating one, <c>-untrusted</c> all untrusted
/// ones but the newest, otherwise every untrusted relay (oldest first) plus the originating-IP headers.
/// A <c>check_rbl_sub</c> rule tests the answers of the lookups of its set.
/// </summary>
public static partial class DnsBlEvals
{
    private sealed record SubRule(int Index, DnsBlSubtest Subtest);

    [GeneratedRegex(ReceivedPatterns.IpAddress)]
    private static partial Regex IpAddress();

    internal static void Launch(DnsChecks checks, double[] scores)
    {
        LaunchSender(checks, scores);
        var context = checks.Context;
        var rules = context.Rules.Rules;
        var settings = context.Settings;
        var relays = context.Relays;

        var untrusted = relays.Untrusted.Select(r => r.Ip).ToList();
        var fullExternal = relays.Trusted.Where(r => !r.Internal).Select(r => r.Ip).Concat(untrusted).ToList();
        var originating = new List<string>();
        foreach (var header in settings.OriginatingIpHeaders)
            if (context.Header(header) is { Length: > 0 } value)
                originating.AddRange(IpAddress().Matches(value).Select(m => m.Value));
        var ips = PublicUnique(untrusted);
        if (ips.Count + originating.Count == 0) return; // every relay is trusted: nothing to ask about

        var subsBySet = new Dictionary<string, List<SubRule>>(StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            if (rule.EvalName != "check_rbl_sub" || scores[rule.Index] == 0 || rule.EvalArguments.Count < 2) continue;
            if (DnsBlSubtest.Of(rule.EvalArguments[1]) is not { } subtest) continue;
            var set = rule.EvalArguments[0];
            if (!subsBySet.TryGetValue(set, out var list)) subsBySet[set] = list = [];
            list.Add(new SubRule(rule.Index, subtest));
        }

        var trusted = new NetworkList(settings.TrustedNetworks);
        foreach (var rule in rules)
        {
            if (rule.EvalName is not ("check_rbl" or "check_rbl_txt") || scores[rule.Index] == 0 || rule.EvalArguments.Count < 2) continue;
            var args = rule.EvalArguments;
            DnsBlSubtest? subtest = null;
            if (args.Count > 2 && (subtest = DnsBlSubtest.Of(args[2])) is null) continue; // SpamAssassin warns and skips it
            string set = args[0], zone = args[1].TrimEnd('.');
            var type = rule.EvalName == "check_rbl_txt" ? DnsRecordType.TXT : DnsRecordType.A;
            var subs = subsBySet.GetValueOrDefault(set) ?? [];
            foreach (var ip in Targets(set, ips, fullExternal, originating, trusted, rule.Flags.Nice, settings.NumCheckReceived))
            {
                if (DnsLookups.ReverseAddress(ip) is not { } reversed) continue;
                string name = reversed + "." + zone;
                int index = rule.Index;
                string listed = $"{ip} listed in {zone.ToLowerInvariant()}";
                checks.Lookups.Track(async () =>
                {
                    var answer = await checks.Lookups.Query(name, type).ConfigureAwait(false);
                    if (answer is not null) Process(checks, answer, index, subtest, subs, listed);
                });
            }
        }
    }

    [GeneratedRegex(@"@([^@\s]+\.[^@\s]+)")]
    private static partial Regex SenderDomain();

    [GeneratedRegex(@"\.{2,}")]
    private static partial Regex Dots();

    /// <summary>
    /// <c>check_dns_sender</c> as SpamAssassin 4.0.1 has it: the envelope sender's domain is asked for A and MX,
    /// and the rule hits once two A/MX answer records came in NXDOMAIN or SERVFAIL replies (which real servers do
    /// not send, so it practically never hits; kept for the same results).
    /// </summary>
    private static void LaunchSender(DnsChecks checks, double[] scores)
    {
        var context = checks.Context;
        var rule = context.Rules.Rules.FirstOrDefault(r => r.EvalName == "check_dns_sender" && scores[r.Index] != 0);
        if (rule is null) return;
        var from = Dots().Replace(context.Header("EnvelopeFrom:addr") ?? "", ".");
        if (SenderDomain().Match(from) is not { Success: true } sender) return;
        string host = sender.Groups[1].Value.ToLowerInvariant();
        if (host == "compiling.spamassassin.taint.org") return;
        int failures = 0;
        foreach (var type in new[] { DnsRecordType.A, DnsRecordType.MX })
            checks.Lookups.Track(async () =>
            {
                var answer = await checks.Lookups.Query(host, type).ConfigureAwait(false);
                if (answer is null || answer.ResponseCode is not (DnsResponseCode.NameError or DnsResponseCode.ServerFailure)) return;
                foreach (var record in answer.Answers)
                    if (record.Type is DnsRecordType.A or DnsRecordType.MX && Interlocked.Increment(ref failures) == 2) checks.Hit(rule.Index);
            });
    }

    /// <summary>SpamAssassin's process_dnsbl_result: A answers count only within 127/8; TXT answers always.</summary>
    private static void Process(DnsChecks checks, DnsMessage answer, int ruleIndex, DnsBlSubtest? subtest, List<SubRule> subs, string listed)
    {
        foreach (var record in answer.Answers)
        {
            if (record.Type is not (DnsRecordType.A or DnsRecordType.TXT)) continue;
            if (record.Type == DnsRecordType.A && !record.Data.StartsWith("127.", StringComparison.Ordinal)) continue;
            // the report note: the listed address, or a TXT list's own text with its links in angle brackets
            string note = record.Type == DnsRecordType.TXT ? BareLink().Replace(record.Data, "<$1>") : listed;
            if (subtest is null || subtest.Matches(record.Data)) checks.Hit(ruleIndex, note);
            foreach (var sub in subs)
                if (sub.Subtest.Matches(record.Data)) checks.Hit(sub.Index, note);
        }
    }

    [GeneratedRegex(@"(?<![<(\[])(https?://\S+)", RegexOptions.IgnoreCase)]
    private static partial Regex BareLink();

    /// <summary>The addresses one rule looks up, by its set name's suffix (see the class summary).</summary>
    internal static List<string> Targets(string set, List<string> untrusted, List<string> fullExternal, List<string> originating,
        NetworkList trusted, bool nice, int maxAddresses)
    {
        List<string> ips;
        if (set.EndsWith("-lastexternal", StringComparison.Ordinal) || set.EndsWith("-notfirsthop", StringComparison.Ordinal))
        {
            // relays of our own network's trusted helpers count; originating headers never do
            ips = PublicUnique(fullExternal);
            if (set.EndsWith("-lastexternal", StringComparison.Ordinal)) ips = ips.Take(1).ToList();
            else if (ips.Count > 1) ips.RemoveAt(ips.Count - 1);
        }
        else
        {
            var untrustedOriginating = originating.Where(ip => ip.Length > 0 && !trusted.Contains(ip));
            ips = PublicUnique(untrusted.Concat(untrustedOriginating));
            if (set.EndsWith("-firsttrusted", StringComparison.Ordinal)) ips = ips.Take(1).ToList();
            else if (set.EndsWith("-untrusted", StringComparison.Ordinal)) { if (ips.Count > 0) ips.RemoveAt(0); }
            else ips.Reverse();
        }
        if (ips.Count > maxAddresses) ips.RemoveRange(maxAddresses, ips.Count - maxAddresses);
        // Trusted relays are only worth asking welcome lists about.
        if (!nice)
            while (ips.Count > 0 && trusted.Contains(ips[0])) ips.RemoveAt(0);
        return ips;
    }

    /// <summary>ip_list_uniq_and_strip_private: first occurrences, no private or loopback addresses.</summary>
    private static List<string> PublicUnique(IEnumerable<string> ips)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<string>();
        foreach (var ip in ips)
            if (ip.Length > 0 && seen.Add(ip) && !ReceivedPatterns.IsPrivate(ip)) result.Add(ip);
        return result;
    }
}
