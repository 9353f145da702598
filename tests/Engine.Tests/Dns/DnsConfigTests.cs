using Spamd.Engine.Config;
using Spamd.Engine.Rules;
using Spamd.Engine.Rules.Evals;
using Spamd.Engine.Scanning;

namespace Spamd.Engine.Tests.Dns;

public class DnsConfigTests
{
    private static ConfigBuilder Read(string text)
    {
        var config = new ConfigBuilder(new ScanSettings());
        new ConfigReader(config, "C").ReadText(text, "test.cf");
        return config;
    }

    [Fact]
    public void Network_settings_are_read()
    {
        var settings = Read("""
            dns_server 127.0.0.1:5353
            dns_server [::1]
            rbl_timeout 4 2
            rbl_timeout 30 zen.spamhaus.org
            skip_rbl_checks 1
            skip_uribl_checks yes
            dns_available no
            clear_originating_ip_headers
            originating_ip_headers X-Originating-IP x-originating-ip X-Source-IP
            uridnsbl_skip_domain Example.com b.com
            uridnsbl_skip_domain c.com
            clear_uridnsbl_skip_domain b.com
            uridnsbl_max_domains 5
            """).Settings;
        Assert.Equal(["127.0.0.1:5353", "[::1]:53"], settings.DnsServers.ToArray());
        Assert.Equal(TimeSpan.FromSeconds(4), settings.RblTimeout);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.RblTimeoutMin);
        Assert.True(settings.SkipRblChecks && settings.SkipUriblChecks && !settings.DnsAvailable);
        Assert.Equal(["X-Originating-IP", "X-Source-IP"], settings.OriginatingIpHeaders.ToArray());
        Assert.Equal(["c.com", "example.com"], settings.UriDnsBlSkipDomains.Order(StringComparer.Ordinal));
        Assert.Equal(5, settings.UriDnsBlMaxDomains);
        Assert.Empty(Read("dns_server 127.0.0.1\nclear_dns_servers\n").Settings.DnsServers);
        Assert.Equal(TimeSpan.FromMinutes(2), Read("rbl_timeout 2m\n").Settings.RblTimeout);
    }

    [Fact]
    public void Bad_values_are_warnings_not_settings()
    {
        var config = Read("dns_server localhost\ndns_available maybe\nurirhssub R zone.test. A bogus\nurirhssub R zone.test. MX 2\n");
        Assert.Empty(config.Settings.DnsServers);
        Assert.True(config.Settings.DnsAvailable);
        Assert.Empty(config.UriDnsBls);
        Assert.Equal(4, config.Report.Warnings.Count);
    }

    [Fact]
    public void Uri_blocklist_rules_carry_their_tflags()
    {
        var scanner = RuleScanner.FromText("""
            urirhssub  DBL zone.test. A 127.0.1.2
            body       DBL eval:check_uridnsbl('DBL')
            tflags     DBL net domains_only notrim
            uridnssub  SBL_A zen.test A 127.0.0.2
            tflags     SBL_A net a
            urinsrhsbl NS ns.test TXT
            """, new RuleLoadOptions { Locale = "C", CompileRegexesInBackground = false });
        var rules = scanner.RuleSet.UriDnsBls;
        Assert.Equal(new UriDnsBlRule("DBL", "zone.test", Engine.Dns.DnsRecordType.A, UriDnsBlKind.Domain, "2130706690-2130706690") { DomainsOnly = true, NoTrim = true }, rules["DBL"]);
        Assert.True(rules["SBL_A"] is { Kind: UriDnsBlKind.Address, LooksUpHostAddress: true, LooksUpNameServers: false });
        Assert.True(rules["NS"] is { Kind: UriDnsBlKind.NameServerDomain, Type: Engine.Dns.DnsRecordType.TXT, Subtest: null });
    }

    [Fact]
    public void The_stock_ruleset_defines_its_uri_blocklists_and_implements_the_dns_evals()
    {
        var scanner = RuleScanner.Load(new RuleLoadOptions { Locale = "C", CompileRegexesInBackground = false, SiteDirectory = "/etc/spamassassin" });
        var rules = scanner.RuleSet;
        Assert.True(rules.UriDnsBls.Count >= 25, $"{rules.UriDnsBls.Count} URIDNSBL rules");
        Assert.Equal(UriDnsBlKind.Domain, rules.UriDnsBls["URIBL_BLACK"].Kind);
        Assert.True(rules.UriDnsBls["URIBL_DBL_SPAM"] is { DomainsOnly: true, NoTrim: true });
        foreach (var name in new[] { "RCVD_IN_SBL", "RCVD_IN_XBL", "RCVD_IN_BL_SPAMCOP_NET", "URIBL_BLACK", "RCVD_IN_DNSWL_LOW" })
            Assert.NotNull(rules.Find(name)!.Eval);
        foreach (var function in new[] { "check_rbl", "check_rbl_sub", "check_rbl_txt", "check_uridnsbl", "check_dns_sender" })
            Assert.DoesNotContain(function, rules.Report.UnimplementedEvals.Keys);
        Assert.Contains("X-Originating-IP", rules.Settings.OriginatingIpHeaders);
        Assert.Contains("google.com", rules.Settings.UriDnsBlSkipDomains);
    }
}
