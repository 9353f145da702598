using System.Text;
using Spamd.Engine.Rules;

namespace Spamd.Engine.Tests.Rules;

/// <summary>Hits in the order of spamd's check loop, with their steps and test_log notes (stock ruleset).</summary>
public class ReportOrderTests(StockRulesetFixture fixture) : IClassFixture<StockRulesetFixture>
{
    private Spamd.Engine.Scanning.ScanResult Scan(string message) =>
        fixture.Scanner.Scan(Encoding.ASCII.GetBytes(message), fixture.Scanner.DefaultSettings, CancellationToken.None);

    [Fact]
    public void Gtube_without_received_lists_the_header_metas_then_gtube_then_the_header_eval()
    {
        var hits = Scan("From: a@example.com\nTo: b@example.com\nSubject: test\n\n" +
                        "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X\n").Hits.ToList();
        var names = hits.Select(h => h.Name).ToList();
        Assert.Equal(hits.Select(h => h.Step).Order(), hits.Select(h => h.Step)); // listed in step order
        // NO_RECEIVED and friends are metas over priority -2000 header rules: they hit before priority 0.
        Assert.True(names.IndexOf("NO_RECEIVED") < names.IndexOf("GTUBE"));
        Assert.True(names.IndexOf("MISSING_DATE") < names.IndexOf("GTUBE"));
        // spamd runs GTUBE before the header evals when sa-compile compiled it (Rule2XSBody), after them otherwise.
        bool compiled = CompiledBodyRules.Load().ContainsKey((0, "GTUBE"));
        Assert.Equal(compiled, names.IndexOf("GTUBE") < names.IndexOf("NO_RELAYS"));
    }

    [Fact]
    public void Freemail_hits_carry_the_address_as_a_note()
    {
        var hits = Scan("From: Someone <someone123@gmail.com>\nTo: b@example.com\nSubject: hello\n" +
                        "Date: Mon, 07 Oct 2002 09:00:00 +0000\nMessage-ID: <a@b.example.com>\n\nHello there\n").Hits;
        var freemail = Assert.Single(hits, h => h.Name == "FREEMAIL_FROM");
        Assert.Equal(["someone123(at)gmail.com"], freemail.Log);
        Assert.All(hits.Where(h => h.Name != "FREEMAIL_FROM" && !h.Name.StartsWith("FREEMAIL", StringComparison.Ordinal)),
            h => Assert.Null(h.Log));
    }
}
