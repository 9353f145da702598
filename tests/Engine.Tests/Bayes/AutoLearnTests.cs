using Spamd.Engine.Config;
using Spamd.Engine.Learning;
using Spamd.Engine.Rules;
using Spamd.Engine.Scanning;

namespace Spamd.Engine.Tests.Bayes;

/// <summary>SpamAssassin 4.0.1's autolearn (AutoLearnThreshold) at the end of a scan, and its X-Spam-Status words.</summary>
public class AutoLearnTests
{
    // Scores are "set0 set1 set2 set3": autolearn counts sets 0/1, the scan with Bayes uses set 2.
    private const string Config = """
        header HDR_BIG Subject =~ /big/
        score HDR_BIG 4 4 4 4
        header HDR_SMALL Subject =~ /small/
        score HDR_SMALL 1 1 1 1
        body BODY_BIG /bodybig/
        score BODY_BIG 9 9 9 9
        body BODY_MID /bodymid/
        score BODY_MID 3 3 3 3
        body BODY_HUGE /bodyhuge/
        score BODY_HUGE 13 13 13 13
        body BODY_FORCE /forceme/
        score BODY_FORCE 13 13 13 13
        tflags BODY_FORCE autolearn_force
        body BODY_NOAUTO /noauto/
        score BODY_NOAUTO 20 20 20 20
        tflags BODY_NOAUTO noautolearn
        body BODY_BAYES_ONLY /bayesonly/
        score BODY_BAYES_ONLY 0 0 20 20
        header __H1 Subject =~ /meta/
        body __B1 /meta/
        meta META_MIX __H1 && __B1
        score META_MIX 12 12 12 12
        body BAYES_00 eval:check_bayes('0.00', '0.01')
        tflags BAYES_00 nice learn
        score BAYES_00 0 0 -1.9 -1.9
        body BAYES_99 eval:check_bayes('0.99', '1.00')
        tflags BAYES_99 learn
        score BAYES_99 0 0 3.5 3.5
        """;

    private readonly List<bool> learned = [];

    private RuleScanner Scanner(double? bayes = null, AutoLearnCallback? learn = null, string extra = "") =>
        RuleScanner.FromText(Config + "\n" + extra, new RuleLoadOptions
        {
            Locale = "C",
            CompileRegexesInBackground = false,
            BayesProbability = bayes is null ? null : (_, _) => bayes,
            AutoLearn = learn ?? ((_, _, asSpam) => { learned.Add(asSpam); return true; }),
        });

    private static ScanResult Scan(RuleScanner scanner, string subject, params string[] body) =>
        scanner.Scan(new Spamd.Engine.Tests.Rules.FakeMailMessage { BodyText = body }.With("Subject", subject + "\n"), scanner.DefaultSettings, CancellationToken.None);

    [Fact]
    public void A_message_below_the_ham_threshold_is_learned_as_ham()
    {
        var result = Scan(Scanner(), "hello", "nothing here");
        Assert.Equal(("ham", "no"), (result.AutoLearn, result.AutoLearnForce));
        Assert.Equal([false], learned);
    }

    [Fact]
    public void Spam_needs_twelve_points_with_three_header_and_three_body_points()
    {
        Assert.Equal("spam", Scan(Scanner(), "big", "bodybig").AutoLearn);          // 4 header + 9 body = 13
        Assert.Equal("no", Scan(Scanner(), "small", "bodyhuge").AutoLearn);         // 1 header: too few header points
        Assert.Equal("no", Scan(Scanner(), "none", "bodyhuge").AutoLearn);          // no header points
        Assert.Equal("no", Scan(Scanner(), "big", "nothing").AutoLearn);            // 4: between the thresholds
        Assert.Equal([true], learned);
    }

    [Fact]
    public void An_autolearn_force_rule_drops_the_header_and_body_minimums_and_is_named()
    {
        var result = Scan(Scanner(), "none", "forceme");
        Assert.Equal(("spam", "yes (BODY_FORCE)"), (result.AutoLearn, result.AutoLearnForce));
    }

    [Fact]
    public void Noautolearn_rules_and_Bayes_only_scores_do_not_count()
    {
        // 20 points of noautolearn and 20 of a rule scored only with Bayes: 0 autolearn points, but the scan says spam.
        var result = Scan(Scanner(bayes: 0.5), "hello", "noauto bayesonly");
        Assert.True(result.IsSpam);
        Assert.Equal("no", result.AutoLearn);
        Assert.Empty(learned);
    }

    [Fact]
    public void A_meta_shares_its_points_between_header_and_body_by_its_dependencies()
    {
        // META_MIX's 12 points: 6 header + 6 body, enough for both minimums.
        Assert.Equal("spam", Scan(Scanner(), "meta", "meta").AutoLearn);
    }

    [Fact]
    public void Bayes_disagreeing_stops_autolearn()
    {
        // Ham by points, but BAYES_99 says spam (learned points 3.5 > 1).
        Assert.Equal("no", Scan(Scanner(bayes: 0.995), "hello", "nothing").AutoLearn);
        // Spam by points, but BAYES_00 says ham (-1.9 < -1).
        Assert.Equal("no", Scan(Scanner(bayes: 0.001), "big", "bodybig").AutoLearn);
        Assert.Equal("spam", Scan(Scanner(bayes: 0.995), "big", "bodybig").AutoLearn);
        Assert.Equal([true], learned);
    }

    [Fact]
    public void Disabled_unavailable_and_failed_are_reported_as_spamd_does()
    {
        var disabled = Scan(Scanner(extra: "bayes_auto_learn 0"), "hello", "nothing");
        Assert.Equal(("disabled", null), (disabled.AutoLearn, disabled.AutoLearnForce));
        Assert.Equal("disabled", Scan(Scanner(extra: "use_bayes 0"), "hello", "nothing").AutoLearn);
        Assert.Equal("unavailable", Scan(Scanner(learn: (_, _, _) => false), "hello", "nothing").AutoLearn);
        Assert.Equal("failed", Scan(Scanner(learn: (_, _, _) => throw new IOException("disk full")), "hello", "nothing").AutoLearn);
        Assert.Empty(learned);
    }

    [Fact]
    public void A_usable_database_selects_the_Bayes_score_set_even_without_a_probability()
    {
        // SpamAssassin switches score sets on the database (is_scan_available), not on this message's answer.
        RuleScanner WithDatabase(bool available) => RuleScanner.FromText(Config, new RuleLoadOptions
        {
            Locale = "C", CompileRegexesInBackground = false,
            BayesProbability = (_, _) => null, BayesAvailable = _ => available,
        });
        Assert.Equal(20, Scan(WithDatabase(available: true), "hello", "bayesonly").Score);
        Assert.Equal(0, Scan(WithDatabase(available: false), "hello", "bayesonly").Score);
    }

    [Fact]
    public void Autolearn_thresholds_come_from_the_configuration()
    {
        var scanner = Scanner(extra: "bayes_auto_learn_threshold_spam 5\nbayes_auto_learn_threshold_nonspam -1");
        Assert.Equal("no", Scan(scanner, "hello", "nothing").AutoLearn);
        Assert.Equal("spam", Scan(scanner, "big", "bodymid").AutoLearn);     // 7 points
        Assert.Equal("no", Scan(Scanner(), "big", "bodymid").AutoLearn);
    }
}
