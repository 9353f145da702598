using Spamd.Engine.Output;
using Spamd.Engine.Scanning;

namespace Spamd.Engine.Tests.Output;

public class TemplateExpanderTests
{
    private static ScanResult Result(double score, double required = 5.0, RuleHit[]? hits = null, ScanSettings? settings = null,
        string autoLearn = "no", double? bayes = null, Dictionary<string, string>? tags = null) => new()
    {
        Score = score,
        RequiredScore = required,
        Hits = hits ?? [],
        Settings = settings ?? new ScanSettings { HostName = "host.example.net" },
        AutoLearn = autoLearn,
        BayesProbability = bayes,
        Tags = tags ?? new Dictionary<string, string>(),
    };

    private static string Expand(string template, ScanResult result) =>
        new TemplateExpander(result, Captures.Now).Expand(template);

    private const string YesNoForms = "_YESNO_|_YESNOCAPS_|_YESNO(a,b)_|_YESNOCAPS(a,b)_|_YESNO(only)_|_YESNO()_|_YESNO(,x)_|_YESNO(a,b,c)_";

    [Fact]
    public void Yes_no_forms_for_spam() => Assert.Equal("Yes|YES|a|A|only|Yes||a", Expand(YesNoForms, Result(6)));

    [Fact]
    public void Yes_no_forms_for_ham() => Assert.Equal("No|NO|b|B|No|No|x|b,c", Expand(YesNoForms, Result(4)));

    [Theory]
    [InlineData(1.3, "_SCORE_", "1.3")]
    [InlineData(1.3, "_SCORE(0)_", "01.3")]
    [InlineData(1.3, "_SCORE(00)_", "001.3")]
    [InlineData(1.3, "_SCORE(  )_", "  1.3")]
    [InlineData(1.3, "_SCORE(0 )_", "1.3")]
    [InlineData(1.3, "_HITS(0)_", "01.3")]
    [InlineData(1000, "_SCORE(0)_", "1000.0")]
    [InlineData(4.958, "_SCORE_", "4.9")]   // ham never reads as reaching the threshold
    [InlineData(4.96, "_SCORE(0)_", "04.9")]
    [InlineData(-0.002, "_SCORE_", "-0.0")]
    [InlineData(5.0, "_SCORE_/_REQD_", "5.0/5.0")]
    public void Scores(double score, string template, string expected) =>
        Assert.Equal(expected, Expand(template, Result(score)));

    [Fact]
    public void Ham_at_a_threshold_with_one_decimal_prints_a_perl_number() =>
        Assert.Equal("1 / 1.1", Expand("_SCORE_ / _REQD_", Result(1.088, required: 1.1)));

    [Theory]
    [InlineData(3.7, "_STARS_", "***")]
    [InlineData(3.7, "_STARS(ab)_", "ababab")]
    [InlineData(0.9, "_STARS(*)_", "")]
    [InlineData(-2, "_STARS(*)_", "")]
    [InlineData(75, "_STARS(*)_", "**************************************************")]
    public void Stars(double score, string template, string expected) =>
        Assert.Equal(expected, Expand(template, Result(score)));

    [Fact]
    public void Tests_are_sorted_by_ordinal_and_scores_print_as_perl_numbers()
    {
        RuleHit[] hits = [new("B_RULE", -0.001, "b", RuleArea.None), new("A_RULE", 1.3, "a", RuleArea.Body), new("_X", 1000, "x", RuleArea.Uri)];
        var result = Result(1001.299, hits: hits);
        Assert.Equal("A_RULE,B_RULE,_X|A_RULE;B_RULE;_X|A_RULE=1.3,B_RULE=-0.001,_X=1000|A_RULE=1.3 B_RULE=-0.001 _X=1000",
            Expand("_TESTS_|_TESTS(;)_|_TESTSSCORES_|_TESTSSCORES( )_", result));
        Assert.Equal("none|none", Expand("_TESTS_|_TESTSSCORES(,)_", Result(0)));
    }

    [Fact]
    public void Unknown_and_refused_tags_stay_as_written()
    {
        const string text = "_NOSUCHTAG_ _score_ _ADDEDHEADER_ _ADDEDHEADERSPAM_ __ _1_ plain_text_";
        Assert.Equal(text, Expand(text, Result(1)));
    }

    [Fact]
    public void Plugin_and_daemon_tags_come_from_the_result()
    {
        var result = Result(1, tags: new() { ["LANGUAGES"] = "en de", ["REMOTEHOSTADDR"] = "192.0.2.1" });
        Assert.Equal("en de|localhost|192.0.2.1||", Expand("_LANGUAGES_|_REMOTEHOSTNAME_|_REMOTEHOSTADDR_|_RULESVERSION_|_SUBJPREFIX_", result));
    }

    [Fact]
    public void Bayes_autolearn_version_and_host()
    {
        var settings = new ScanSettings { HostName = "mx.example.net", ReportContact = "postmaster@example.net" };
        Assert.Equal("0.5|no autolearn_force=no|4.0.1|2024-03-25|mx.example.net|postmaster@example.net",
            Expand("_BAYES_|_AUTOLEARN_|_VERSION_|_SUBVERSION_|_HOSTNAME_|_CONTACTADDRESS_", Result(1, settings: settings)));
        Assert.Equal("1.0000|0.1235|unavailable autolearn_force=no|report.example.net",
            Expand("_BAYES_", Result(1, bayes: 0.99999)) + "|" + Expand("_BAYES_", Result(1, bayes: 0.12345)) + "|" +
            Expand("_AUTOLEARN_", Result(1, autoLearn: "")) + "|" +
            Expand("_HOSTNAME_", Result(1, settings: settings with { ReportHostName = "report.example.net" })));
    }

    [Fact]
    public void Date_is_rfc2822_in_local_time()
    {
        var date = Expand("_DATE_", Result(1));
        if (TimeZoneInfo.Local.BaseUtcOffset == TimeSpan.Zero) Assert.Equal("Sat, 21 Nov 2026 23:52:03 +0000", date);
        Assert.Matches(@"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d [+-]\d{4}$", date);
    }

    [Fact]
    public void Summary_pads_short_rule_names_and_wraps_long_descriptions()
    {
        RuleHit[] hits =
        [
            new("A_VERY_LONG_RULE_NAME_OVER_22", 2.25, "Short", RuleArea.RawBody),
            new("NEG", -12.5, "This description is deliberately long so that it has to be wrapped at the report width of seventy-five columns", RuleArea.Full),
            new("EMPTY", 0.5, "", RuleArea.None),
        ];
        var result = Result(-9.75, hits: hits);
        // SpamAssassin measures the first line with the unpadded name, so it may run past 75 columns.
        Assert.Equal(
            " 2.2 A_VERY_LONG_RULE_NAME_OVER_22 RAW: Short\n" +
            " -12 NEG                    FULL: This description is deliberately long so that it has to be\n" +
            "                            wrapped at the report width of seventy-five\n" +
            "                            columns\n" +
            " 0.5 EMPTY                  No description available.\n",
            Expand("_SUMMARY_", result));
        Assert.Equal(
            "\n*  2.2 A_VERY_LONG_RULE_NAME_OVER_22 RAW: Short\n" +
            "*  -12 NEG FULL: This description is deliberately long so that it has to be\n" +
            "*       wrapped at the report width of seventy-five columns\n" +
            "*  0.5 EMPTY No description available.\n",
            Expand("_REPORT_", result));
    }

    [Fact]
    public void Report_ends_in_exactly_one_empty_line()
    {
        var settings = new ScanSettings { ReportTemplate = "score _SCORE_\n\n\n\n" };
        Assert.Equal("score 1.0\n\n", new TemplateExpander(Result(1, settings: settings), Captures.Now).Report());
        Assert.Equal("(no report template found)\n\n",
            new TemplateExpander(Result(1, settings: new ScanSettings { ReportTemplate = "" }), Captures.Now).Report());
    }
}
