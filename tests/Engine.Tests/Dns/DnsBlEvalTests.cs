using System.Diagnostics;
using Spamd.Engine.Dns;
using static Spamd.Engine.Tests.Dns.DnsTestKit;

namespace Spamd.Engine.Tests.Dns;

public class DnsBlEvalTests
{
    private const string Zen = """
        header __ZEN   eval:check_rbl('zen', 'zen.test.')
        header SBL     eval:check_rbl_sub('zen', '127.0.0.2')
        header CSS     eval:check_rbl_sub('zen', '127.0.0.3')
        header MASK4   eval:check_rbl_sub('zen', '4')
        header XBL     eval:check_rbl('zen-lastexternal', 'zen.test.', '^127\.0\.0\.[4567]$')
        header PBL     eval:check_rbl('zen-lastexternal', 'zen.test.', '^127\.0\.0\.1[01]$')
        meta   ZEN_SBL __ZEN && SBL
        """;

    [Fact]
    public void Each_set_name_picks_its_relays_and_reverses_them()
    {
        var zone = new ZoneTransport();
        Scan("""
            header R_ALL  eval:check_rbl('all', 'all.test.')
            header R_LAST eval:check_rbl('x-lastexternal', 'last.test.')
            header R_FT   eval:check_rbl('y-firsttrusted', 'ft.test.')
            header R_UT   eval:check_rbl('z-untrusted', 'ut.test.')
            header R_NFH  eval:check_rbl('w-notfirsthop', 'nfh.test.')
            header R_TXT  eval:check_rbl_txt('t', 'txt.test')
            """, zone);
        Assert.Equal(
            [
                "7.100.51.198.all.test", "7.100.51.198.ft.test", "7.100.51.198.last.test", "7.100.51.198.nfh.test",
                "7.100.51.198.txt.test", "9.113.0.203.all.test", "9.113.0.203.txt.test", "9.113.0.203.ut.test",
            ],
            zone.Names.Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(2, zone.Asked.Count(q => q.Type == DnsRecordType.TXT));
        Assert.All(zone.Asked, q => Assert.Equal("127.0.0.1:5399", q.Server.ToString()));
    }

    [Fact]
    public void Answers_hit_the_rule_and_the_sub_rules_of_its_set()
    {
        var zone = new ZoneTransport().Add("7.100.51.198.zen.test", DnsRecordType.A, "127.0.0.2", "127.0.0.4");
        var result = Scan(Zen, zone);
        Assert.Equal(["MASK4", "SBL", "XBL", "ZEN_SBL"], result.Names());
    }

    [Fact]
    public void Hits_carry_spamassassins_report_notes()
    {
        var zone = new ZoneTransport()
            .Add("7.100.51.198.zen.test", DnsRecordType.A, "127.0.0.2")
            .Add("9.113.0.203.bl.test", DnsRecordType.TXT, "Blocked - see https://www.spamcop.example/bl?203.0.113.9");
        var result = Scan(Zen + "\nheader SPAMCOP eval:check_rbl_txt('spamcop', 'bl.test.')\n", zone);
        Assert.Equal(["198.51.100.7 listed in zen.test"], result.Hits.Single(h => h.Name == "SBL").Log);
        Assert.Equal(["Blocked - see <https://www.spamcop.example/bl?203.0.113.9>"], result.Hits.Single(h => h.Name == "SPAMCOP").Log);
        Assert.Null(result.Hits.Single(h => h.Name == "ZEN_SBL").Log); // metas have none
    }

    [Fact]
    public void Answers_outside_127_8_are_ignored()
    {
        var zone = new ZoneTransport().Add("9.113.0.203.zen.test", DnsRecordType.A, "10.0.0.2", "198.51.100.2");
        Assert.Empty(Scan(Zen, zone).Names());
    }

    [Fact]
    public void Txt_lists_match_their_subtest_regex()
    {
        var zone = new ZoneTransport().Add("9.113.0.203.bl.test", DnsRecordType.TXT, "Blocked - see https://www.SpamCop.net/bl.shtml?203.0.113.9");
        var result = Scan("""
            header SPAMCOP eval:check_rbl_txt('spamcop', 'bl.test.', '(?i:spamcop)')
            header OTHER   eval:check_rbl_txt('other', 'bl.test.', 'nomatch')
            """, zone);
        Assert.Equal(["SPAMCOP"], result.Names());
    }

    [Fact]
    public void Originating_ip_headers_are_checked_by_the_plain_sets()
    {
        var zone = new ZoneTransport().Add("77.2.0.192.zen.test", DnsRecordType.A, "127.0.0.2");
        var message = Relayed.Replace("Subject: hello", "Subject: hello\nX-Originating-IP: [192.0.2.77]");
        var result = Scan("originating_ip_headers X-Originating-IP\n" + Zen, zone, message);
        Assert.Equal(["SBL", "ZEN_SBL"], result.Names());
        Assert.Single(zone.Names, "77.2.0.192.zen.test"); // asked once, however many rules want it
    }

    [Fact]
    public void Trusted_relays_are_asked_only_for_nice_rules()
    {
        var zone = new ZoneTransport();
        Scan("""
            trusted_networks 198.51.100.0/24
            header WL  eval:check_rbl('wl-firsttrusted', 'wl.test.')
            tflags WL  nice
            header BL  eval:check_rbl('bl', 'bl.test.')
            header BL2 eval:check_rbl('bl2-lastexternal', 'bl2.test.')
            """, zone);
        // 198.51.100.7 is trusted now: the first untrusted relay is 203.0.113.9 for every set.
        Assert.Equal(["9.113.0.203.bl.test", "9.113.0.203.bl2.test", "9.113.0.203.wl.test"], zone.Names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Network_tests_switch_to_score_set_1_and_local_tests_ask_nothing()
    {
        const string config = """
            header SUBJ  Subject =~ /hello/
            score  SUBJ  1 2 3 4
            header SBL   eval:check_rbl('zen', 'zen.test.', '127.0.0.2')
            """;
        var zone = new ZoneTransport().Add("7.100.51.198.zen.test", DnsRecordType.A, "127.0.0.2");
        var net = Scan(config, zone);
        Assert.Equal(2, net.Hits.Single(h => h.Name == "SUBJ").Score);
        Assert.Contains("SBL", net.Names());

        var unused = new ZoneTransport();
        var local = DnsTestKit.Scanner(config, zone: null).Scan(Parse(Relayed), DnsTestKit.Scanner(config, null).DefaultSettings, CancellationToken.None);
        Assert.Equal(["SUBJ"], local.Names());
        Assert.Equal(1, local.Hits.Single().Score);
        Assert.Empty(unused.Asked);
    }

    [Theory]
    [InlineData("skip_rbl_checks 1")]
    [InlineData("dns_available no")]
    public void Disabled_dns_tests_ask_nothing_but_keep_the_network_score_set(string setting)
    {
        var zone = new ZoneTransport().Add("7.100.51.198.zen.test", DnsRecordType.A, "127.0.0.2");
        var result = Scan(setting + "\n" + Zen + "\nheader SUBJ Subject =~ /hello/\nscore SUBJ 1 2 3 4\n", zone);
        Assert.Empty(zone.Asked);
        Assert.Equal(["SUBJ"], result.Names());
        Assert.Equal(2, result.Hits.Single().Score);
    }

    [Fact]
    public void Unanswered_lookups_end_at_the_scan_deadline_as_no_hit()
    {
        var zone = new ZoneTransport { Delay = TimeSpan.FromSeconds(5) }.Add("7.100.51.198.zen.test", DnsRecordType.A, "127.0.0.2");
        var started = Stopwatch.StartNew();
        var result = Scan("rbl_timeout 1\n" + Zen, zone);
        Assert.Empty(result.Names());
        Assert.InRange(started.Elapsed.TotalSeconds, 0.9, 4);
    }

    [Theory]
    [InlineData("rbl_timeout 4", 1.2, 2.2)]   // 9 of 10 answered: 4 - (4 - 0.8) * 0.81 = 1.4 s
    [InlineData("rbl_timeout 4 2", 2.1, 3.2)] // t_min 2: 4 - 2 * 0.81 = 2.4 s
    public void The_wait_for_the_last_answers_shrinks_as_the_others_arrive(string setting, double atLeast, double atMost)
    {
        var zone = new ZoneTransport().Add("7.100.51.198.z0.test", DnsRecordType.A, "127.0.0.2");
        zone.SilentNames.Add("7.100.51.198.z9.test");
        var rules = string.Concat(Enumerable.Range(0, 10).Select(i => $"header Z{i} eval:check_rbl('z{i}-lastexternal', 'z{i}.test.')\n"));
        var result = Scan(setting + "\n" + rules, zone);
        // Counted from the last question, as the deadline is: on a busy machine the questions may go out late.
        Assert.Equal(["Z0"], result.Names());
        Assert.InRange(Stopwatch.GetElapsedTime(zone.LastAskedAt).TotalSeconds, atLeast - 0.1, atMost);
    }

    [Fact]
    public void A_meta_waits_for_the_dns_rules_it_depends_on()
    {
        var zone = new ZoneTransport { Delay = TimeSpan.FromMilliseconds(300) }.Add("7.100.51.198.zen.test", DnsRecordType.A, "127.0.0.2");
        var result = Scan(Zen + "\nmeta NOT_LISTED !__ZEN\nmeta LISTED __ZEN\n", zone);
        Assert.Contains("LISTED", result.Names());
        Assert.DoesNotContain("NOT_LISTED", result.Names());
    }

    [Fact]
    public void Dns_sender_asks_for_the_envelope_domain_and_hits_only_on_failed_replies_with_records()
    {
        const string config = "header NO_DNS eval:check_dns_sender()\n";
        var message = "X-Envelope-From: <bounce@Bulk.Sender.example>\n" + Relayed; // added at delivery, above the Received lines
        var zone = new ZoneTransport();
        Assert.Empty(Scan(config, zone, message).Names());
        Assert.Equal([("bulk.sender.example", DnsRecordType.A), ("bulk.sender.example", DnsRecordType.MX)],
            zone.Asked.Select(q => (q.Name, q.Type)).Order());
        var failing = new ZoneTransport { AnswerCode = DnsResponseCode.ServerFailure }
            .Add("bulk.sender.example", DnsRecordType.A, "192.0.2.1").Add("bulk.sender.example", DnsRecordType.MX, "mx.sender.example");
        Assert.Equal(["NO_DNS"], Scan(config, failing, message).Names());
    }

    [Theory]
    [InlineData("203.0.113.9", "9.113.0.203")]
    [InlineData("2001:db8::1", "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2")]
    [InlineData("1.2.3", null)]
    [InlineData("not an ip", null)]
    public void Addresses_are_reversed_as_rfc_5782_says(string ip, string? expected) =>
        Assert.Equal(expected, DnsLookups.ReverseAddress(ip));
}
