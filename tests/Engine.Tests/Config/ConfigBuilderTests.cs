using Spamd.Engine.Config;
using Spamd.Engine.Scanning;

namespace Spamd.Engine.Tests.Config;

public class ConfigBuilderTests
{
    private static ConfigBuilder Read(string text)
    {
        var builder = new ConfigBuilder(new ScanSettings());
        new ConfigReader(builder, "C").ReadText(text, "test.cf");
        return builder;
    }

    private static ScanSettings UserPrefs(ConfigBuilder site, string text)
    {
        var user = new ConfigBuilder(site.Settings, name => site.Scores.TryGetValue(name, out var s) ? (double[])s.Clone() : null);
        new ConfigReader(user, "C").ReadText(text, "user_prefs");
        return user.Settings;
    }

    [Fact]
    public void Score_with_one_value_sets_all_four_sets()
    {
        Assert.Equal([2.5, 2.5, 2.5, 2.5], Read("score A 2.5\n").Scores["A"]);
    }

    [Fact]
    public void Score_with_four_values_and_relative_scores()
    {
        var config = Read("score A 1 2 3 4\nscore A (0.5) (1) (-1) (0)\n");
        Assert.Equal([1.5, 3, 2, 4], config.Scores["A"]);
    }

    [Fact]
    public void Relative_score_without_previous_value_is_refused()
    {
        var config = Read("score A (1)\n");
        Assert.False(config.Scores.ContainsKey("A"));
        Assert.NotEmpty(config.Report.Warnings);
    }

    [Theory]
    [InlineData("score A")]
    [InlineData("score A 1 2")]
    [InlineData("score A x")]
    public void Malformed_scores_are_refused(string line)
    {
        Assert.False(Read(line).Scores.ContainsKey("A"));
    }

    [Fact]
    public void Add_header_replaces_same_name_and_keeps_declaration_order()
    {
        var config = Read("""
            clear_headers
            add_header all Checker-Version SpamAssassin
            add_header spam Flag _YESNOCAPS_
            add_header all Status "_YESNO_, score=_SCORE_"
            add_header ham Flag hamflag
            add_header all Tab a\tb\\c\q
            """);
        var headers = config.Settings.AddedHeaders;
        Assert.Equal(["Checker-Version", "Flag", "Status", "Flag", "Tab"], headers.Select(h => h.Name).ToArray());
        Assert.Equal(HeaderAudience.Spam, headers[1].Audience);
        Assert.Equal(HeaderAudience.Ham, headers[3].Audience);
        Assert.Equal("_YESNO_, score=_SCORE_", headers[2].Template);
        Assert.Equal("a\tb\\c", headers[4].Template);
    }

    [Fact]
    public void Remove_header_splits_all_entries_and_keeps_checker_version()
    {
        var config = Read("remove_header ham Status\nremove_header all Checker-Version\nremove_header all Level\n");
        var headers = config.Settings.AddedHeaders;
        Assert.Contains(headers, h => h.Name == "Checker-Version");
        Assert.DoesNotContain(headers, h => h.Name == "Level");
        Assert.Equal(HeaderAudience.Spam, headers.Single(h => h.Name == "Status").Audience);
    }

    [Fact]
    public void Clear_headers_keeps_only_checker_version()
    {
        var config = Read("clear_headers\n");
        Assert.Equal("Checker-Version", Assert.Single(config.Settings.AddedHeaders).Name);
    }

    [Fact]
    public void Report_safe_0_adds_the_report_header_once()
    {
        var config = Read("report_safe 0\nreport_safe 0\n");
        Assert.Equal(0, config.Settings.ReportSafe);
        var report = Assert.Single(config.Settings.AddedHeaders, h => h.Name == "Report");
        Assert.Equal(HeaderAudience.Spam, report.Audience);
        Assert.Equal("_REPORT_", report.Template);
    }

    [Fact]
    public void Rewrite_header_normalises_names_and_brackets()
    {
        var config = Read("rewrite_header subject [SPAM (_SCORE_)]\nrewrite_header From (spammer)\nrewrite_header Received x\n");
        Assert.Equal("[SPAM (_SCORE_)]", config.Settings.RewriteHeaders["Subject"]);
        Assert.Equal("[spammer]", config.Settings.RewriteHeaders["From"]);
        Assert.False(config.Settings.RewriteHeaders.ContainsKey("Received"));
    }

    [Fact]
    public void Report_templates_append_and_clear()
    {
        var config = Read("clear_report_template\nreport line one\nreport \"quoted line\"\nclear_unsafe_report_template\nunsafe_report u\nreport_contact postmaster@example.com\n");
        Assert.Equal("line one\nquoted line\n", config.Settings.ReportTemplate);
        Assert.Equal("u\n", config.Settings.UnsafeReportTemplate);
        Assert.Equal("postmaster@example.com", config.Settings.ReportContact);
    }

    [Fact]
    public void Welcomelist_and_legacy_names_share_lists_with_globs()
    {
        var config = Read("whitelist_from *@example.com\nwelcomelist_from boss@corp.test\nblacklist_from spam?@bad.test\nunwelcomelist_from boss@corp.test\nwelcomelist_from_rcvd friend@x.test relay.x.test\n");
        var lists = config.Settings.AddressLists;
        Assert.NotNull(lists.Find("welcomelist_from", "Someone@EXAMPLE.com"));
        Assert.Null(lists.Find("welcomelist_from", "boss@corp.test"));
        Assert.NotNull(lists.Find("blocklist_from", "spam1@bad.test"));
        Assert.Null(lists.Find("blocklist_from", "spam12@bad.test"));
        Assert.Equal("relay.x.test", lists.Find("welcomelist_from_rcvd", "friend@x.test")!.RelayDomain);
    }

    [Fact]
    public void Bayes_and_network_settings()
    {
        var config = Read("use_bayes 0\nbayes_auto_learn no\nbayes_min_ham_num 50\nbayes_auto_learn_threshold_spam 10.5\nbayes_ignore_header X-Foo X-Bar\ntrusted_networks 10.0.0.0/8 192.168.1.1\ninternal_networks 10.0.0.0/8\n");
        var settings = config.Settings;
        Assert.False(settings.UseBayes);
        Assert.False(settings.BayesAutoLearn);
        Assert.Equal(50, settings.BayesMinHamNum);
        Assert.Equal(10.5, settings.BayesAutoLearnThresholdSpam);
        Assert.Equal(["x-foo", "x-bar"], settings.BayesIgnoreHeaders.ToArray());
        Assert.Equal(["10.0.0.0/8", "192.168.1.1"], settings.TrustedNetworks.ToArray());
        Assert.Single(settings.InternalNetworks);
    }

    [Fact]
    public void User_prefs_parse_score_only_and_refuse_rules_and_admin_settings()
    {
        var site = Read("body A /a/\nscore A 1 2 3 4\n");
        var settings = UserPrefs(site, "required_score 3\nscore A (1)\nbody EVIL /x/\nloadplugin Mail::SpamAssassin::Plugin::Razor2\nreport_safe 0\n");
        Assert.Equal(3, settings.RequiredScore);
        Assert.Equal([2, 3, 4, 5], settings.ScoreSetOverrides["A"].ToArray());
        Assert.Equal(0, settings.ReportSafe);
        Assert.DoesNotContain("EVIL", site.Rules.Keys);
        // The site configuration is untouched.
        Assert.Equal(5, site.Settings.RequiredScore);
        Assert.Equal(1, site.Settings.ReportSafe);
    }

    [Fact]
    public void User_prefs_single_score_goes_to_score_overrides()
    {
        var site = Read("body A /a/\n");
        var settings = UserPrefs(site, "score A 0\n");
        Assert.Equal(0, settings.ScoreOverrides["A"]);
    }

    [Fact]
    public void Tflags_priority_describe_and_replace_tags_are_recorded()
    {
        var config = Read("tflags A multiple maxhits=3\npriority A -50\ndescribe A Some text\nreplace_tag X (?:x)\nreplace_rules A B\nreplace_start {\nreplace_end }\nredirector_pattern /r=(.*)/\n");
        Assert.Equal("multiple maxhits=3", config.Tflags["A"]);
        Assert.Equal(-50, config.Priorities["A"]);
        Assert.Equal("Some text", config.Descriptions["A"]);
        Assert.Equal("(?:x)", config.ReplaceTags["X"]);
        Assert.Contains("B", config.ReplaceRules);
        Assert.Equal("{", config.ReplaceStart);
        Assert.Single(config.RedirectorPatterns);
    }

    [Fact]
    public void Plugin_settings_we_do_not_model_are_counted_not_fatal()
    {
        var config = Read("dcc_timeout 8\ndcc_timeout 9\n");
        Assert.Equal(2, config.Report.IgnoredDirectives["dcc_timeout"]);
    }
}
