using Spamd.Engine.Scanning;
using Spamd.Engine.Rules;
using static Spamd.Engine.Tests.Rules.RuleTestKit;
using Xunit;

namespace Spamd.Engine.Tests.Relays;

/// <summary>Rules reading relay data: pseudo-header rules and the relay evals, through the rule engine.</summary>
public sealed class RelayRuleTests
{
    private const string PostfixNoRdns =
        "Received: from friend (unknown [198.51.100.3]) by mx.example.net (Postfix) with SMTP id ABCDEF; Mon, 3 Mar 2003 10:00:00 +0000\n";

    private static string[] Hits(string config, string message) =>
        Scanner(config).Scan(Spamd.Engine.Mime.MailMessage.Parse(System.Text.Encoding.ASCII.GetBytes(message)), Scanner(config).DefaultSettings, CancellationToken.None)
            .Hits.Select(h => h.Name).Order().ToArray();

    [Fact]
    public void UntrustedPseudoHeaderFeedsHeaderRules()
    {
        const string rule = "header RDNS_NONE X-Spam-Relays-Untrusted =~ /^[^\\]]+ rdns= /\n";
        Assert.Equal(["RDNS_NONE"], Hits(rule, PostfixNoRdns + "From: a@b.test\n\nx\n"));
        Assert.Empty(Hits(rule, PostfixNoRdns.Replace("(unknown [", "(host.example.org [") + "From: a@b.test\n\nx\n"));
    }

    [Fact]
    public void AllTrustedNeedsOnlyTrustedRelays()
    {
        const string rule = "header ALL_TRUSTED eval:check_all_trusted()\n";
        Assert.Equal(["ALL_TRUSTED"], Hits(rule,
            "Received: from localhost (localhost [127.0.0.1]) by mx.example.net (Postfix) with ESMTP id A1; Mon, 3 Mar 2003 10:00:00 +0000\n\nx\n"));
        Assert.Empty(Hits(rule, PostfixNoRdns + "\nx\n"));
    }

    [Fact]
    public void ForgedTrailCountsByDomainsThatAreNotTheNextRdns()
    {
        const string rule = "header FORGED_TRAIL eval:check_for_forged_received_trail()\n";
        const string hop = "Received: from {0} ({0} [{1}]) by {2} (Postfix) with ESMTP id A{3}; Mon, 3 Mar 2003 10:00:00 +0000\n";
        string consistent = string.Format(hop, "b.example.org", "203.0.113.2", "mx.example.net", 1)
                          + string.Format(hop, "c.example.com", "203.0.113.3", "b.example.org", 2)
                          + string.Format(hop, "d.example.info", "203.0.113.4", "c.example.com", 3);
        string forged = string.Format(hop, "b.example.org", "203.0.113.2", "mx.example.net", 1)
                      + string.Format(hop, "c.example.com", "203.0.113.3", "other.example.biz", 2)
                      + string.Format(hop, "d.example.info", "203.0.113.4", "another.example.us", 3);
        Assert.Empty(Hits(rule, consistent + "\nx\n"));
        Assert.Equal(["FORGED_TRAIL"], Hits(rule, forged + "\nx\n"));
    }

    [Fact]
    public void HeloIpMismatchComparesTheFirstThreeOctets()
    {
        const string rule = "header HELO_MISMATCH eval:helo_ip_mismatch()\n";
        const string line = "Received: from {0} (unknown [198.51.100.3]) by mx.example.net (Postfix) with SMTP id ABCDEF; Mon, 3 Mar 2003 10:00:00 +0000\n\nx\n";
        Assert.Equal(["HELO_MISMATCH"], Hits(rule, string.Format(line, "203.0.113.9")));
        Assert.Empty(Hits(rule, string.Format(line, "198.51.100.200")));
    }

    [Fact]
    public void One_message_is_parsed_once_per_set_of_network_lists()
    {
        var message = Spamd.Engine.Mime.MailMessage.Parse(System.Text.Encoding.ASCII.GetBytes(
            "Received: from a.example (a.example [198.51.100.7]) by mx.example.net with SMTP; Sun, 22 Nov 2026 03:00:00 +0000\n\nx\n"));
        var inferred = Spamd.Engine.Relays.RelayPath.Parse(message, new ScanSettings());
        Assert.Same(inferred, Spamd.Engine.Relays.RelayPath.Parse(message, [], []));
        var trusted = Spamd.Engine.Relays.RelayPath.Parse(message, ["198.51.100.7"], []);
        Assert.NotSame(inferred, trusted);
        Assert.Same(trusted, Spamd.Engine.Relays.RelayPath.Parse(message, new ScanSettings { TrustedNetworks = ["198.51.100.7"] }));
        Assert.NotEqual(inferred.PseudoHeader("X-Spam-Relays-Trusted"), trusted.PseudoHeader("X-Spam-Relays-Trusted"));
    }
}
