using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Spamd.Engine.Dns;
using Spamd.Integration.Tests.Infrastructure;

namespace Spamd.Integration.Tests.Dns;

/// <summary>
/// SpamAssassin's spamd and ours, both with network tests on (no -L) and both asking only the loopback
/// responder, scan the same message whose relay and URIs the responder lists in the stock ruleset's zones:
/// the DNSBL/URIBL rules hit and the score set (1) must be the same.
/// </summary>
public sealed partial class DnsAgreementTests
{
    private const string Message = """
        Received: from mail.sender-host.com (mail.sender-host.com [198.51.100.7])
        	by mx.example.net (Postfix) with ESMTP id 4ABCD; Mon, 2 Nov 2026 10:00:00 +0000
        From: Sales <sales@sender-host.com>
        To: someone@example.net
        Subject: great offer
        Date: Mon, 2 Nov 2026 10:00:00 +0000
        MIME-Version: 1.0
        Content-Type: text/plain; charset=us-ascii

        Buy now at http://www.spammy-site.com/offer while it lasts.
        Or visit http://www.clean-site.com/ for nothing special.

        """;

    /// <summary>
    /// Three hops behind an internal relay, and an originating-IP header: the set names pick different relays
    /// (lastexternal 203.0.113.20, the plain sets also 192.0.2.99 and the X-Originating-IP 198.51.100.66).
    /// </summary>
    private const string Relayed = """
        Received: from mx.example.net (mx.example.net [10.0.0.5])
        	by inner.example.net (Postfix) with ESMTP id 1A; Mon, 2 Nov 2026 10:00:02 +0000
        Received: from relay.isp-host.com (relay.isp-host.com [203.0.113.20])
        	by mx.example.net (Postfix) with ESMTP id 2B; Mon, 2 Nov 2026 10:00:01 +0000
        Received: from pc.isp-host.com (pc.isp-host.com [192.0.2.99])
        	by relay.isp-host.com (Postfix) with ESMTP id 3C; Mon, 2 Nov 2026 10:00:00 +0000
        X-Originating-IP: [198.51.100.66]
        From: Someone <someone@isp-host.com>
        To: someone@example.net
        Subject: hello again
        Date: Mon, 2 Nov 2026 10:00:00 +0000

        Nothing to see here.

        """;

    /// <summary>The zone: the relay in Spamhaus ZEN (SBL + XBL), SpamCop, PSBL, Mailspike and DNSWL; the URI in URIBL, DBL, SURBL.</summary>
    private static LoopbackDnsResponder Zone() => new LoopbackDnsResponder()
        .Add("7.100.51.198.zen.spamhaus.org", DnsRecordType.A, "127.0.0.2", "127.0.0.4")
        .Add("7.100.51.198.bl.spamcop.net", DnsRecordType.TXT, "Blocked - see https://www.spamcop.net/bl.shtml?198.51.100.7")
        .Add("7.100.51.198.bl.spamcop.net", DnsRecordType.A, "127.0.0.2")
        .Add("7.100.51.198.psbl.surriel.com", DnsRecordType.A, "127.0.0.2")
        .Add("7.100.51.198.bl.mailspike.net", DnsRecordType.A, "127.0.0.11")
        .Add("7.100.51.198.list.dnswl.org", DnsRecordType.A, "127.0.5.1")
        .Add("spammy-site.com.multi.uribl.com", DnsRecordType.A, "127.0.0.2")
        .Add("www.spammy-site.com.dbl.spamhaus.org", DnsRecordType.A, "127.0.1.2")
        .Add("www.spammy-site.com.multi.surbl.org", DnsRecordType.A, "127.0.0.8")
        .Add("www.spammy-site.com", DnsRecordType.A, "198.51.100.80")
        .Add("80.100.51.198.zen.spamhaus.org", DnsRecordType.A, "127.0.0.2")
        .Add("spammy-site.com", DnsRecordType.NS, "ns1.dns-host.com")
        .Add("ns1.dns-host.com", DnsRecordType.A, "198.51.100.53")
        .Add("53.100.51.198.zen.spamhaus.org", DnsRecordType.A, "127.0.0.3")
        .Add("20.113.0.203.zen.spamhaus.org", DnsRecordType.A, "127.0.0.11")
        .Add("99.2.0.192.zen.spamhaus.org", DnsRecordType.A, "127.0.0.2", "127.0.0.4")
        .Add("66.100.51.198.bl.spamcop.net", DnsRecordType.TXT, "spamcop listed")
        .Add("99.2.0.192.list.dnswl.org", DnsRecordType.A, "127.0.10.3")
        .Add("20.113.0.203.list.dnswl.org", DnsRecordType.A, "127.0.10.1")
        .Add("20.113.0.203.psbl.surriel.com", DnsRecordType.A, "127.0.0.2")
        .Add("99.2.0.192.bl.mailspike.net", DnsRecordType.A, "127.0.0.12");

    private static readonly string[] Expected =
    [
        "RCVD_IN_BL_SPAMCOP_NET", "RCVD_IN_DNSWL_LOW", "RCVD_IN_MSPIKE_BL", "RCVD_IN_MSPIKE_L4", "RCVD_IN_PSBL", "RCVD_IN_SBL",
        "RCVD_IN_XBL", "URIBL_BLACK", "URIBL_CSS_A", "URIBL_DBL_SPAM", "URIBL_PH_SURBL", "URIBL_SBL_A",
    ];

    [Fact]
    public async Task Both_daemons_hit_the_same_dns_rules_with_score_set_1()
    {
        await using var theirZone = Zone();
        await using var ourZone = Zone();
        var siteConfig = NetworkSafeSiteConfig.Create(TestPaths.NewTempDir("dns-site"));
        var real = TracedRealSpamd.StartAsync(theirZone.Port, siteConfig, "--cf", TestsHeader);
        var ours = SpamdServer.StartOursWithDnsAsync(ourZone.Port, "--siteconfigpath", siteConfig, "--cf", TestsHeader);
        await using var theirServer = await real;
        await using var ourServer = await ours;

        var theirs = Tests(await theirServer.ExchangeAsync(Request(Message), TimeSpan.FromSeconds(60)), theirServer.Log);
        var mine = Tests(Encoding.Latin1.GetString(await ourServer.RawExchangeAsync(Request(Message), timeout: TimeSpan.FromSeconds(60))), ourServer.Log);
        var theirsRelayed = Tests(await theirServer.ExchangeAsync(Request(Relayed), TimeSpan.FromSeconds(60)), theirServer.Log);
        var mineRelayed = Tests(Encoding.Latin1.GetString(await ourServer.RawExchangeAsync(Request(Relayed), timeout: TimeSpan.FromSeconds(60))), ourServer.Log);
        // The report's notes on DNS hits ("[198.51.100.7 listed in zen.spamhaus.org]", "[URI: ...]") are the same.
        var theirNotes = DnsNotes(await theirServer.ExchangeAsync(Request(Message, "REPORT"), TimeSpan.FromSeconds(60)));
        var ourNotes = DnsNotes(Encoding.Latin1.GetString(await ourServer.RawExchangeAsync(Request(Message, "REPORT"), timeout: TimeSpan.FromSeconds(60))));
        Assert.Contains("[198.51.100.7 listed in zen.spamhaus.org]", theirNotes);
        Assert.Contains(theirNotes, note => note.StartsWith("[URI: ", StringComparison.Ordinal));
        Assert.Equal(theirNotes, ourNotes);
        // Nothing left loopback: every address SpamAssassin's spamd (any of its processes) sent to.
        var destinations = await theirServer.StopAndListDestinationsAsync();
        Assert.Contains("127.0.0.1", destinations);
        Assert.All(destinations, address => Assert.True(IPAddress.IsLoopback(IPAddress.Parse(address)), $"spamd sent to {address}"));

        Assert.Equal(Expected, DnsRules(theirs));
        Assert.Equal(DnsRules(theirs), DnsRules(mine));
        Assert.Equal(["RCVD_IN_BL_SPAMCOP_NET", "RCVD_IN_DNSWL_LOW", "RCVD_IN_PBL", "RCVD_IN_PSBL", "RCVD_IN_SBL"], DnsRules(theirsRelayed));
        Assert.Equal(DnsRules(theirsRelayed), DnsRules(mineRelayed));
        // score set 1: the network scores of the DNS rules, and of a local rule whose set-1 score differs (MISSING_MID)
        foreach (var rule in Expected.Append("MISSING_MID"))
            Assert.Equal(theirs[rule], mine[rule]);
        Assert.Equal(0.14, mine["MISSING_MID"]);
        Assert.Equal(2.596, mine["RCVD_IN_SBL"]);
        Assert.Contains(("7.100.51.198.zen.spamhaus.org", DnsRecordType.A), ourZone.Asked);
        // We ask nothing SpamAssassin does not (it asks more: SPF, DKIM, the From domain ...).
        Assert.Subset(theirZone.Asked.ToHashSet(), ourZone.Asked.ToHashSet());
        Assert.Equal(0, ourZone.Malformed + theirZone.Malformed);
    }

    [Fact]
    public async Task With_L_our_daemon_asks_nothing_and_keeps_score_set_0()
    {
        await using var zone = Zone();
        await using var server = await SpamdServer.StartOursAsync("--cf", zone.DnsServerLine, "--cf", TestsHeader);
        var tests = Tests(Encoding.Latin1.GetString(await server.RawExchangeAsync(Request(Message), timeout: TimeSpan.FromSeconds(60))), server.Log);
        Assert.Empty(DnsRules(tests));
        Assert.Equal(0.552, tests["MISSING_MID"]);
        Assert.Empty(zone.Asked);
    }

    private static string[] DnsRules(Dictionary<string, double> tests) =>
        tests.Keys.Where(name => DnsRuleName().IsMatch(name)).Order(StringComparer.Ordinal).ToArray();

    [GeneratedRegex("^(?:RCVD_IN_|URIBL_|SURBL_)")]
    private static partial Regex DnsRuleName();

    private const string TestsHeader = "add_header all Tests _TESTSSCORES(,)_";

    private static byte[] Request(string message, string method = "HEADERS")
    {
        var body = Encoding.ASCII.GetBytes(message.Replace("\r\n", "\n"));
        return [.. Encoding.ASCII.GetBytes($"{method} SPAMC/1.5\r\nContent-length: {body.Length}\r\n\r\n"), .. body];
    }

    /// <summary>The bracketed note lines of a REPORT that come from DNS answers, sorted.</summary>
    private static string[] DnsNotes(string report) =>
        Regex.Matches(report, @"^\s+(\[.*\])\s*$", RegexOptions.Multiline).Select(m => m.Groups[1].Value)
            .Where(note => note.Contains(" listed in ") || note.StartsWith("[URI: ") || note.Contains("spamcop"))
            .Order(StringComparer.Ordinal).ToArray();

    /// <summary>The X-Spam-Tests header (rule=score pairs) of a HEADERS answer.</summary>
    private static Dictionary<string, double> Tests(string reply, string log)
    {
        var unfolded = Regex.Replace(reply, @"\r?\n[ \t]+", " ");
        var header = Regex.Match(unfolded, @"^X-Spam-Tests: (.*)$", RegexOptions.Multiline);
        Assert.True(header.Success, $"answer without X-Spam-Tests:\n{reply}\n{log}");
        return header.Groups[1].Value.Trim().Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Trim().Split('='))
            .ToDictionary(p => p[0], p => double.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture));
    }
}
