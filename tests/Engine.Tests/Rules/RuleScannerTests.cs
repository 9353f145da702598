using System.Text;
using Spamd.Engine.Rules;
using Spamd.Engine.Scanning;
using static Spamd.Engine.Tests.Rules.RuleTestKit;

namespace Spamd.Engine.Tests.Rules;

public class RuleScannerTests
{
    [Fact]
    public void Header_rule_matches_the_header_value()
    {
        var scanner = Scanner("header SUBJ_FREE Subject =~ /free/i\nheader NOT_HERE Subject =~ /absent/\n");
        var result = scanner.Scan(new FakeMailMessage().With("Subject", "Get FREE stuff\n"));
        Assert.Equal(["SUBJ_FREE"], result.Names());
        Assert.Equal(1.0, result.Score);
    }

    [Fact]
    public void Negated_header_rule_hits_when_the_regex_does_not_match()
    {
        var scanner = Scanner("header NO_EXAMPLE From !~ /example\\.com/\n");
        Assert.Single(scanner.Scan(new FakeMailMessage().With("From", "a@other.test\n")).Hits);
        Assert.Empty(scanner.Scan(new FakeMailMessage().With("From", "a@example.com\n")).Hits);
    }

    [Fact]
    public void Absent_header_is_matched_as_empty_string()
    {
        var scanner = Scanner("header EMPTY_OK X-Foo =~ /^$/\nheader NEG X-Foo !~ /x/\nheader POS X-Foo =~ /x/\n");
        Assert.Equal(["EMPTY_OK", "NEG"], scanner.Scan(new FakeMailMessage()).Names().Order().ToArray());
    }

    [Fact]
    public void If_unset_value_is_used_for_absent_headers()
    {
        var scanner = Scanner("header UNSET X-Foo =~ /^missing$/ [if-unset: missing]\n");
        Assert.Single(scanner.Scan(new FakeMailMessage()).Hits);
        Assert.Empty(scanner.Scan(new FakeMailMessage().With("X-Foo", "present\n")).Hits);
    }

    [Fact]
    public void Header_modifiers_and_pseudo_headers_go_to_GetHeader()
    {
        var scanner = Scanner("header ADDR From:addr =~ /^a\\@b\\.test$/\nheader ALLH ALL =~ /^X-Mailer: spam/m\nheader EX exists:X-Mailer\n");
        var message = new FakeMailMessage().With("From:addr", "a@b.test").With("ALL", "From: a@b.test\nX-Mailer: spammer\n").With("X-Mailer", "spammer\n");
        Assert.Equal(["ADDR", "ALLH", "EX"], scanner.Scan(message).Names().Order().ToArray());
    }

    [Fact]
    public void Body_rule_runs_per_line_and_hits_once()
    {
        var scanner = Scanner("body CHEAP /cheap/i\n");
        var result = scanner.Scan(Body("subject", "Cheap pills", "more cheap pills"));
        var hit = Assert.Single(result.Hits);
        Assert.Equal(RuleArea.Body, hit.Area);
        Assert.Equal("BODY: ", hit.AreaPrefix);
    }

    [Fact]
    public void Body_regex_does_not_span_lines()
    {
        var scanner = Scanner("body SPAN /foo bar/\n");
        Assert.Empty(scanner.Scan(Body("subject", "foo", "bar")).Hits);
    }

    [Fact]
    public void Multiple_and_maxhits_count_every_match()
    {
        var scanner = Scanner("body MULTI /x/\ntflags MULTI multiple\nbody CAPPED /x/\ntflags CAPPED multiple maxhits=2\nscore MULTI 0.5\n");
        var result = scanner.Scan(Body("s", "x x", "x"));
        Assert.Equal(3, result.Hits.Count(h => h.Name == "MULTI"));
        Assert.Equal(2, result.Hits.Count(h => h.Name == "CAPPED"));
        Assert.Equal(3 * 0.5 + 2, result.Score);
    }

    [Fact]
    public void Multiple_hit_count_is_the_meta_value()
    {
        var scanner = Scanner("body __X /x/\ntflags __X multiple\nmeta MANY_X __X > 2\nmeta FEW_X __X > 5\n");
        Assert.Equal(["MANY_X"], scanner.Scan(Body("s", "x x x")).Names());
    }

    [Fact]
    public void Nosubject_skips_the_subject_line()
    {
        var scanner = Scanner("body SUBJ /hello/\nbody NOSUBJ /hello/\ntflags NOSUBJ nosubject\n");
        Assert.Equal(["SUBJ"], scanner.Scan(Body("hello", "world")).Names());
    }

    [Fact]
    public void Rawbody_full_and_uri_rules()
    {
        var scanner = Scanner("rawbody RAW /<b>/\nfull FULL /^Received:/m\nuri URI_BAD /bad\\.test/\n");
        var message = new FakeMailMessage
        {
            RawBodyText = ["<b>bold</b>"],
            FullText = "From: x\nReceived: y\n\nbody",
            Uris = ["http://good.test/", "http://bad.test/x"],
        };
        var result = scanner.Scan(message);
        Assert.Equal(["FULL", "RAW", "URI_BAD"], result.Names().Order().ToArray());
        Assert.Equal(RuleArea.Uri, result.Hits.Single(h => h.Name == "URI_BAD").Area);
        Assert.Equal("RAW: ", result.Hits.Single(h => h.Name == "RAW").AreaPrefix);
        Assert.Equal("FULL: ", result.Hits.Single(h => h.Name == "FULL").AreaPrefix);
    }

    [Fact]
    public void Subrules_feed_metas_but_are_never_reported()
    {
        var scanner = Scanner("body __A /a/\nbody __B /b/\nmeta BOTH __A && __B\nmeta EITHER_NOT !__A || !__B\n");
        var result = scanner.Scan(Body("s", "a b"));
        Assert.Equal(["BOTH"], result.Names());
        Assert.Equal(1.0, result.Score);
    }

    [Fact]
    public void Meta_arithmetic_and_rules_matching()
    {
        var scanner = Scanner("body __W1 /one/\nbody __W2 /two/\nbody __W3 /three/\nmeta TWO_WORDS (__W1 + __W2 + __W3) >= 2\nmeta GLOB rules_matching(__W?) > 2\n");
        Assert.Equal(["TWO_WORDS"], scanner.Scan(Body("s", "one two")).Names());
        Assert.Equal(["GLOB", "TWO_WORDS"], scanner.Scan(Body("s", "one two three")).Names().Order().ToArray());
    }

    [Fact]
    public void Meta_of_metas_is_evaluated_in_dependency_order()
    {
        var scanner = Scanner("meta TOP __MID && __LEAF\nmeta __MID __LEAF\nbody __LEAF /leaf/\n");
        Assert.Equal(["TOP"], scanner.Scan(Body("s", "leaf")).Names());
    }

    [Fact]
    public void Meta_cycles_are_reported_and_never_hit()
    {
        var scanner = Scanner("meta LOOP_A LOOP_B || __X\nmeta LOOP_B LOOP_A\nbody __X /x/\n");
        Assert.Empty(scanner.Scan(Body("s", "x")).Hits);
        Assert.Contains("LOOP_A", scanner.Report.SkippedRules.Keys);
    }

    [Fact]
    public void Meta_with_undefined_dependency_treats_it_as_zero()
    {
        var scanner = Scanner("body __A /a/\nmeta M __A && !UNDEFINED_RULE\n");
        Assert.Equal(["M"], scanner.Scan(Body("s", "a")).Names());
    }

    [Fact]
    public void Zero_score_disables_a_rule_and_its_meta_value()
    {
        var scanner = Scanner("body A /a/\nscore A 0\nmeta NOT_A !A\n");
        Assert.Equal(["NOT_A"], scanner.Scan(Body("s", "a")).Names());
    }

    [Fact]
    public void True_zero_score_meta_blocks_its_dependents_like_spamassassin()
    {
        var scanner = Scanner("body __A /a/\nmeta ZERO __A\nscore ZERO 0\nmeta USES_ZERO ZERO || __A\nmeta NOT_ZERO !ZERO\n");
        Assert.Empty(scanner.Scan(Body("s", "a")).Hits);
        Assert.Equal(["NOT_ZERO"], scanner.Scan(Body("s", "b")).Names());
    }

    [Fact]
    public void Default_scores_follow_spamassassin_conventions()
    {
        var scanner = Scanner("body PLAIN /x/\nbody T_TESTING /x/\nbody NICE /x/\ntflags NICE nice\nbody SCORED /x/\nscore SCORED 2.5 2.6 2.7 2.8\n");
        var scores = scanner.Scan(Body("s", "x")).Hits.ToDictionary(h => h.Name, h => h.Score);
        Assert.Equal(1.0, scores["PLAIN"]);
        Assert.Equal(0.01, scores["T_TESTING"]);
        Assert.Equal(-1.0, scores["NICE"]);
        Assert.Equal(2.5, scores["SCORED"]);
    }

    [Fact]
    public void Score_set_2_is_used_when_bayes_is_usable()
    {
        var scanner = Scanner("body SCORED /x/\nscore SCORED 1 2 3 4\n", bayes: (_, _) => 0.5);
        Assert.Equal(3, scanner.Scan(Body("s", "x")).Score);
        var noBayes = scanner.DefaultSettings with { UseBayes = false };
        Assert.Equal(1, scanner.Scan(Body("s", "x"), noBayes).Score);
    }

    [Fact]
    public void Total_score_is_rounded_to_three_decimals()
    {
        var scanner = Scanner("body A /x/\nscore A 0.0004\nbody B /x/\nscore B 1.0004\n");
        Assert.Equal(1.001, scanner.Scan(Body("s", "x")).Score);
    }

    [Fact]
    public void Description_and_default_description()
    {
        var scanner = Scanner("body A /x/\ndescribe A Contains an x\nbody B /x/\n");
        var hits = scanner.Scan(Body("s", "x")).Hits.ToDictionary(h => h.Name, h => h.Description);
        Assert.Equal("Contains an x", hits["A"]);
        Assert.Equal("No description available.", hits["B"]);
    }

    [Fact]
    public void Hits_follow_phase_order_within_a_priority_and_priorities_ascend()
    {
        var scanner = Scanner("""
            full F /x/
            rawbody R /x/
            body B /x/
            header H Subject =~ /x/
            uri U /x/
            body EARLY /x/
            priority EARLY -500
            meta M F && H
            """);
        var message = new FakeMailMessage { BodyText = ["x"], RawBodyText = ["x"], FullText = "x", Uris = ["x"] }.With("Subject", "x\n");
        Assert.Equal(["EARLY", "H", "B", "U", "R", "F", "M"], scanner.Scan(message).Names());
    }

    [Fact]
    public void ReplaceTags_expand_in_listed_rules_only()
    {
        var scanner = Scanner("""
            replace_tag V (?:v|\/)
            replace_tag I (?:i|1|l)
            replace_inter SP [\s.]{0,2}
            body VI_TAG /<inter SP><V><I>/i
            body NOT_LISTED /<V><I>/
            replace_rules VI_TAG
            """);
        Assert.Equal(["VI_TAG"], scanner.Scan(Body("s", "buy v. 1 now")).Names());
        Assert.Equal(["NOT_LISTED"], scanner.Scan(Body("s", "literally <V><I>")).Names());
    }

    [Fact]
    public void Named_capture_sets_a_tag_used_by_template_rules()
    {
        var scanner = Scanner("header __TO_ADDR To:addr =~ /(?<TO_ADDR>.+)/\nuri URI_HAS_TO /%{TO_ADDR}/\n");
        var message = new FakeMailMessage { Uris = ["http://x.test/?u=bob@victim.test"] }.With("To:addr", "bob@victim.test");
        Assert.Equal(["URI_HAS_TO"], scanner.Scan(message).Names());
        var other = new FakeMailMessage { Uris = ["http://x.test/?u=bob@victim.test"] }.With("To:addr", "al.ice@victim.test");
        Assert.Empty(scanner.Scan(other).Hits);
    }

    [Fact]
    public void Template_rule_without_its_tag_does_not_hit()
    {
        var scanner = Scanner("uri URI_HAS_TO /%{TO_ADDR}/\n");
        Assert.Empty(scanner.Scan(new FakeMailMessage { Uris = ["anything"] }).Hits);
    }

    [Fact]
    public void Bad_rules_are_skipped_with_reasons_and_the_rest_load()
    {
        var scanner = Scanner("body BAD_RE /(unclosed/\nbody BAD_ESC /\\p{L}/\nheader BAD_HDR Subject ~~ /x/\nmeta BAD_META A && && B\nbody GOOD /x/\n");
        Assert.Equal(["BAD_ESC", "BAD_HDR", "BAD_META", "BAD_RE"], scanner.Report.SkippedRules.Keys.ToArray());
        Assert.Equal(["GOOD"], scanner.Scan(Body("s", "x")).Names());
    }

    [Fact]
    public void Unimplemented_evals_never_hit_and_are_counted()
    {
        var scanner = Scanner("body NOPE eval:no_such_function('a', 2)\n");
        Assert.Empty(scanner.Scan(Body("s", "x")).Hits);
        Assert.Equal(1, scanner.Report.UnimplementedEvals["no_such_function"]);
    }

    [Fact]
    public void User_preferences_change_scores_for_that_scan_only()
    {
        var scanner = Scanner("body A /x/\nscore A 2\nbody B /x/\n");
        var user = scanner.WithUserPreferences("score A 10\nscore B 0\nrequired_score 3\nbody EVIL /x/\n");
        var userResult = scanner.Scan(Body("s", "x"), user);
        Assert.Equal(["A"], userResult.Names());
        Assert.Equal(10, userResult.Score);
        Assert.True(userResult.IsSpam);

        var siteResult = scanner.Scan(Body("s", "x"));
        Assert.Equal(3, siteResult.Score);
        Assert.Equal(5, siteResult.RequiredScore);
        Assert.DoesNotContain(siteResult.Hits, h => h.Name == "EVIL");
    }

    [Fact]
    public void Two_users_do_not_leak_into_each_other()
    {
        var scanner = Scanner("body A /x/\n");
        var alice = scanner.WithUserPreferences("score A 7\nwelcomelist_from *@alice.test\n");
        var bob = scanner.WithUserPreferences("score A (2)\n");
        Assert.Equal(7, scanner.Scan(Body("s", "x"), alice).Score);
        Assert.Equal(3, scanner.Scan(Body("s", "x"), bob).Score);
        Assert.Null(bob.AddressLists.Find("welcomelist_from", "x@alice.test"));
        Assert.Equal(1, scanner.Scan(Body("s", "x")).Score);
    }

    [Fact]
    public void User_rules_run_only_for_their_user_when_the_site_allows_them()
    {
        var scanner = Scanner("allow_user_rules 1\nbody SITE /x/\nscore SITE 1.5\n");
        var alice = scanner.WithUserPreferences(
            "body ALICE /pills/\nscore ALICE 4.2\nmeta ALICE_META ALICE && SITE\nscore ALICE_META 2\nscore SITE 3\nrequired_score 9\n");
        var bob = scanner.WithUserPreferences("score SITE 0.5\n");
        var message = Body("s", "x and pills");

        var aliceResult = scanner.Scan(message, alice);
        Assert.Equal(["ALICE", "ALICE_META", "SITE"], aliceResult.Names().Order());
        Assert.Equal(9.2, aliceResult.Score);
        Assert.True(aliceResult.IsSpam);
        Assert.Equal(["SITE"], scanner.Scan(message, bob).Names());
        Assert.Equal(0.5, scanner.Scan(message, bob).Score);
        Assert.Equal(["SITE"], scanner.Scan(message).Names());
        Assert.Equal(1.5, scanner.Scan(message).Score);
        // The same preferences reuse the compiled ruleset.
        Assert.Same(alice.UserRuleScanner, scanner.WithUserPreferences(
            "body ALICE /pills/\nscore ALICE 4.2\nmeta ALICE_META ALICE && SITE\nscore ALICE_META 2\nscore SITE 3\nrequired_score 9\n").UserRuleScanner);
    }

    [Fact]
    public void User_rules_are_refused_unless_the_site_allows_them()
    {
        var scanner = Scanner("body SITE /x/\n");
        var alice = scanner.WithUserPreferences("body ALICE /pills/\nscore SITE 2\n");
        Assert.Null(alice.UserRuleScanner);
        var result = scanner.Scan(Body("s", "x and pills"), alice);
        Assert.Equal(["SITE"], result.Names());
        Assert.Equal(2, result.Score);
    }

    [Fact]
    public void User_preferences_cannot_change_administrator_settings_even_with_user_rules()
    {
        var scanner = Scanner("allow_user_rules 1\nbody SITE /x/\n");
        var user = scanner.WithUserPreferences("body OWN /x/\nbayes_path /tmp/elsewhere\nrbl_timeout 1\n");
        var own = Assert.IsType<RuleScanner>(user.UserRuleScanner);
        Assert.Contains(own.Report.Warnings, w => w.Contains("administrator setting: bayes_path"));
        Assert.Contains(own.Report.Warnings, w => w.Contains("administrator setting: rbl_timeout"));
        Assert.Equal(["OWN", "SITE"], scanner.Scan(Body("s", "x"), user).Names().Order());
    }

    [Fact]
    public void Builtin_gtube_exists_without_any_ruleset()
    {
        var scanner = RuleScanner.FromText("");
        var gtube = Encoding.ASCII.GetBytes("Subject: x\n\nXJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X\n");
        var result = scanner.Scan(gtube, scanner.DefaultSettings, CancellationToken.None);
        Assert.Equal(["GTUBE"], result.Names());
        Assert.Equal(1000, result.Score);
    }

    [Fact]
    public void Cancellation_is_honoured()
    {
        var scanner = Scanner("body A /x/\n");
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => scanner.Scan(Body("s", "x"), scanner.DefaultSettings, cancelled.Token));
    }

    [Fact]
    public void Prefilter_never_changes_results()
    {
        // Rules with literals, run against texts with and without them; results must equal plain regex matching.
        // The last rule is long enough to get a non-backtracking gate at load (with its {1,100} loosened).
        string heavy = "/(?:\\b(?:" + string.Join("|", Enumerable.Range(0, 120).Select(n => $"field{n}")) + "|name|city)\\s?:[-\\s]{1,100}){3}/i";
        var rules = new[] { "/viagra/i", "/c[i1]alis/i", "/\\bfree\\s+money\\b/i", "/(?:cheap|discount)\\s+meds/", "/\\xe9t\\xe9/i", "/a{2,}b/", heavy };
        var config = string.Concat(rules.Select((r, i) => $"body R{i} {r}\n"));
        var scanner = Scanner(config);
        Assert.True(scanner.GatesTask.Wait(TimeSpan.FromSeconds(30)));
        Assert.True(scanner.RuleSet.Find("R6")!.Regex!.HasGate);
        var texts = new[] { "VIAGRA here", "cialis c1alis", "free   money!", "Discount meds", "discount meds", "\u00c9T\u00c9", "aab", "nothing",
            "NAME: --- city: --- field7 : -", "name: --- city: ---", "xname: --- city: --- field7: -" };
        foreach (var text in texts)
        {
            var expected = rules.Select((r, i) => (Name: $"R{i}", Hit: new System.Text.RegularExpressions.Regex(
                PerlRegex.TranslateDelimited(r).Pattern, PerlRegex.TranslateDelimited(r).Options).IsMatch(text)))
                .Where(x => x.Hit).Select(x => x.Name).ToArray();
            Assert.Equal(expected, scanner.Scan(Body("s", text)).Names().Order().ToArray());
        }
    }

    [Fact]
    public void Tflags_are_parsed_and_net_rules_default_to_priority_minus_100()
    {
        var scanner = Scanner("body NET_RULE /x/\ntflags NET_RULE net\nbody LEARN_RULE /x/\ntflags LEARN_RULE learn userconf noautolearn autolearn_force\nbody PLAIN /x/\n");
        var net = scanner.RuleSet.Find("NET_RULE")!;
        Assert.True(net.Flags.Net);
        Assert.Equal(-100, net.Priority);
        var learn = scanner.RuleSet.Find("LEARN_RULE")!.Flags;
        Assert.True(learn.Learn && learn.UserConf && learn.NoAutoLearn && learn.AutoLearnForce);
        Assert.Equal(["NET_RULE", "LEARN_RULE", "PLAIN"], scanner.Scan(Body("s", "x")).Names());
        Assert.Null(scanner.RuleSet.Find("NOPE"));
    }

    [Fact]
    public void Priority_orders_levels_and_metas_follow_their_dependencies()
    {
        var scanner = Scanner("body LATE /x/\npriority LATE 500\nbody EARLY /x/\npriority EARLY -500\nmeta BOTH LATE && EARLY\n");
        Assert.Equal(["EARLY", "LATE", "BOTH"], scanner.Scan(Body("s", "x")).Names());
    }

    [Fact]
    public void Hostile_rules_are_skipped_without_failing_the_load()
    {
        string deepMeta = "meta DEEP " + new string('(', 5000) + "__A" + new string(')', 5000) + "\n";
        string deepRegex = "body DEEP_RE /" + string.Concat(Enumerable.Repeat("(?:a", 3000)) + new string(')', 3000) + "/\n";
        var scanner = Scanner("body __A /a/\n" + deepMeta + deepRegex + "body HUGE_COUNT /x{99999999999}/\nbody OK /a/\n");
        Assert.Contains("DEEP", scanner.Report.SkippedRules.Keys);
        Assert.Contains("OK", scanner.Scan(Body("s", "a")).Names());
    }
}
