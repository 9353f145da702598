using Spamd.Engine.Dns;
using Spamd.Engine.Rules.Evals;
using static Spamd.Engine.Tests.Dns.DnsTestKit;

namespace Spamd.Engine.Tests.Dns;

public class UriDnsBlEvalTests
{
    private const string Rules = """
        urirhssub URIBL_BLACK multi.uribl.test. A 2
        body      URIBL_BLACK eval:check_uridnsbl('URIBL_BLACK')
        urirhssub URIBL_GREY  multi.uribl.test. A 4
        body      URIBL_GREY  eval:check_uridnsbl('URIBL_GREY')
        urirhssub URIBL_DBL   dbl.test. A 127.0.1.2
        body      URIBL_DBL   eval:check_uridnsbl('URIBL_DBL')
        tflags    URIBL_DBL   net domains_only notrim
        urirhssub URIBL_PH    multi.surbl.test. A 8
        body      URIBL_PH    eval:check_uridnsbl('URIBL_PH')
        tflags    URIBL_PH    net notrim
        """;

    private static readonly string Message = WithBody("Buy now at http://www.spammy-site.com/offer or http://198.51.100.20/x\nmailto:sales@mailer-site.com");

    [Fact]
    public void Uri_domains_and_hosts_are_looked_up_per_rule_flags()
    {
        var zone = new ZoneTransport();
        Scan(Rules, zone, Message);
        Assert.Equal(
            [
                "20.100.51.198.multi.surbl.test", "20.100.51.198.multi.uribl.test", "spammy-site.com.multi.uribl.test",
                "www.spammy-site.com.dbl.test", "www.spammy-site.com.multi.surbl.test",
            ],
            zone.Names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Answers_hit_by_mask_and_by_exact_address()
    {
        var zone = new ZoneTransport()
            .Add("spammy-site.com.multi.uribl.test", DnsRecordType.A, "127.0.0.2")
            .Add("www.spammy-site.com.dbl.test", DnsRecordType.A, "127.0.1.2")
            .Add("20.100.51.198.multi.surbl.test", DnsRecordType.A, "127.0.0.4");
        Assert.Equal(["URIBL_BLACK", "URIBL_DBL"], Scan(Rules, zone, Message).Names());
    }

    [Fact]
    public void Skipped_domains_are_never_asked_about()
    {
        var zone = new ZoneTransport();
        Scan("uridnsbl_skip_domain spammy-site.com 198.51.100.20\n" + Rules, zone, Message);
        Assert.Empty(zone.Asked);
    }

    [Fact]
    public void Name_server_lists_follow_the_domains_ns_records()
    {
        var zone = new ZoneTransport()
            .Add("spammy-site.com", DnsRecordType.NS, "ns1.dns-host.net")
            .Add("dns-host.net.ns.test", DnsRecordType.A, "127.0.0.2")
            .Add("ns1.dns-host.net.fullns.test", DnsRecordType.A, "127.0.0.2")
            .Add("ns1.dns-host.net", DnsRecordType.A, "198.51.100.53")
            .Add("www.spammy-site.com", DnsRecordType.A, "198.51.100.80")
            .Add("53.100.51.198.zen.test", DnsRecordType.A, "127.0.0.2")
            .Add("80.100.51.198.zen.test", DnsRecordType.A, "127.0.0.3");
        var result = Scan("""
            urinsrhssub     NS_RHS   ns.test. A 127.0.0.2
            body            NS_RHS   eval:check_uridnsbl('NS_RHS')
            urifullnsrhsbl  NS_FULL  fullns.test. A
            body            NS_FULL  eval:check_uridnsbl('NS_FULL')
            uridnssub       SBL      zen.test. A 127.0.0.2
            body            SBL      eval:check_uridnsbl('SBL')
            uridnssub       SBL_A    zen.test. A 127.0.0.2
            body            SBL_A    eval:check_uridnsbl('SBL_A')
            tflags          SBL_A    net a
            uridnssub       CSS_A    zen.test. A 127.0.0.3
            body            CSS_A    eval:check_uridnsbl('CSS_A')
            tflags          CSS_A    net a
            """, zone, WithBody("see http://www.spammy-site.com/"));
        // SBL (no tflags a) never hits: SpamAssassin 4.0.1 looks the name servers' addresses up for the a rules only.
        Assert.Equal(["CSS_A", "NS_FULL", "NS_RHS", "SBL_A"], result.Names());
    }

    [Theory]
    [InlineData("2", "2")]
    [InlineData("0x10", "16")]
    [InlineData("127.0.1.2", "2130706690-2130706690")]
    [InlineData("127.0.0.16-127.0.0.31", "2130706448-2130706463")]
    [InlineData("16/0x10", "16/16")]
    [InlineData("bogus", null)]
    [InlineData("1-", null)]
    public void Subtests_are_canonicalised_like_spamassassin(string subtest, string? expected) =>
        Assert.Equal(expected, UriDnsBlRule.CanonicalSubtest(subtest));

    [Theory]
    [InlineData("2", "127.0.0.2", true)]
    [InlineData("2", "127.0.0.4", false)]
    [InlineData("2", "10.0.0.2", false)]
    [InlineData("127.0.1.2", "127.0.1.2", true)]
    [InlineData("127.0.1.2", "127.0.1.3", false)]
    [InlineData("127.0.0.16-127.0.0.31", "127.0.0.20", true)]
    [InlineData("0.0.0.16/0.0.0.16", "127.0.0.17", true)]
    [InlineData("0.0.0.16/0.0.0.16", "127.0.0.8", false)]
    public void Answers_match_subtests(string subtest, string answer, bool expected)
    {
        var rule = UriDnsBlRule.Parse("urirhssub", $"R zone.test A {subtest}")!;
        Assert.Equal(expected, rule.Matches(new DnsRecord("x", DnsRecordType.A, 0, answer)));
    }
}
