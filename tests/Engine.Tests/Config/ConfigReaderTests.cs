using Spamd.Engine.Config;
using Spamd.Engine.Rules;
using Spamd.Engine.Scanning;

namespace Spamd.Engine.Tests.Config;

public class ConfigReaderTests
{
    private static ConfigBuilder Read(string text, string locale = "C", string? path = null)
    {
        var builder = new ConfigBuilder(new ScanSettings());
        var reader = new ConfigReader(builder, locale);
        if (path is null) reader.ReadText(text, "test.cf");
        else reader.ReadFile(path);
        return builder;
    }

    [Fact]
    public void Comments_are_removed_but_escaped_hashes_kept()
    {
        var config = Read("# a comment\nbody A /x\\#y/ # trailing comment\n   \n");
        Assert.Equal("/x#y/", config.Rules["A"].Text);
        Assert.Single(config.Rules);
    }

    [Fact]
    public void Directive_names_are_case_insensitive_and_dashes_become_underscores()
    {
        var config = Read("REQUIRED-SCORE 7.5\n");
        Assert.Equal(7.5, config.Settings.RequiredScore);
    }

    [Fact]
    public void Lang_lines_apply_only_to_matching_locales()
    {
        const string text = "describe A english\nlang de describe A deutsch\nlang fr describe A francais\n";
        Assert.Equal("english", Read(text, "C").Descriptions["A"]);
        Assert.Equal("deutsch", Read(text, "de_DE.UTF-8").Descriptions["A"]);
    }

    [Fact]
    public void Ifplugin_blocks_follow_loaded_plugins()
    {
        const string text = """
            loadplugin Mail::SpamAssassin::Plugin::HeaderEval
            ifplugin Mail::SpamAssassin::Plugin::HeaderEval
            body LOADED /a/
            endif
            ifplugin Mail::SpamAssassin::Plugin::Unknown
            body UNKNOWN /b/
            endif
            ifplugin Mail::SpamAssassin::Plugin::Razor2
            body NOT_LOADED /c/
            endif
            """;
        var config = Read(text);
        Assert.Contains("LOADED", config.Rules.Keys);
        Assert.DoesNotContain("UNKNOWN", config.Rules.Keys);
        Assert.DoesNotContain("NOT_LOADED", config.Rules.Keys);
    }

    [Fact]
    public void Unknown_third_party_plugins_count_as_absent()
    {
        var config = Read("loadplugin Other::Plugin::Thing\nifplugin Other::Plugin::Thing\nbody A /a/\nendif\n");
        Assert.Empty(config.Rules);
        Assert.Contains(config.Report.Warnings, w => w.Contains("Other::Plugin::Thing"));
    }

    [Fact]
    public void If_else_endif_nest()
    {
        const string text = """
            if version >= 3.004000
              body NEW /a/
              if !plugin(Mail::SpamAssassin::Plugin::ReplaceTags)
                body NO_REPLACE /b/
              else
                body WITH_REPLACE /c/
              endif
            else
              body OLD /d/
            endif
            if (version < 4.000000)
              body ANCIENT /e/
            else
              if can(Mail::SpamAssassin::Conf::feature_bug6558_free) && !can(Mail::SpamAssassin::Conf::compat_x)
                body FEATURE /f/
              endif
            endif
            """;
        var config = Read(text);
        Assert.Equal(["FEATURE", "NEW", "NO_REPLACE"], config.Rules.Keys.Order().ToArray());
    }

    [Fact]
    public void Else_inside_a_skipped_block_stays_skipped()
    {
        var config = Read("if 0\nif 1\nbody A /a/\nelse\nbody B /b/\nendif\nendif\n");
        Assert.Empty(config.Rules);
    }

    [Fact]
    public void Enable_compat_makes_can_compat_true()
    {
        const string text = "enable_compat welcomelist_blocklist\nif !can(Mail::SpamAssassin::Conf::compat_welcomelist_blocklist)\nbody OLD /a/\nendif\n";
        Assert.Empty(Read(text).Rules);
        Assert.Single(Read("if !can(Mail::SpamAssassin::Conf::compat_welcomelist_blocklist)\nbody OLD /a/\nendif\n").Rules);
    }

    [Fact]
    public void Plugin_has_probes_need_the_plugin_loaded()
    {
        const string probe = "if can(Mail::SpamAssassin::Plugin::BodyEval::has_check_body_length)\nbody A /a/\nendif\n";
        Assert.Empty(Read(probe).Rules);
        Assert.Single(Read("loadplugin Mail::SpamAssassin::Plugin::BodyEval\n" + probe).Rules);
    }

    [Fact]
    public void Include_reads_relative_files()
    {
        string directory = Directory.CreateTempSubdirectory().FullName;
        try
        {
            File.WriteAllText(Path.Combine(directory, "main.cf"), "include extra.cf\nbody MAIN /m/\n");
            File.WriteAllText(Path.Combine(directory, "extra.cf"), "body EXTRA /e/\n");
            var config = Read("", path: Path.Combine(directory, "main.cf"));
            Assert.Equal(["EXTRA", "MAIN"], config.Rules.Keys.Order().ToArray());
            Assert.Equal(2, config.Report.Files.Count);
        }
        finally
        {
            Directory.Delete(directory, true);
        }
    }

    [Fact]
    public void Require_version_of_another_release_skips_the_rest_of_the_file()
    {
        Assert.Single(Read("require_version @@VERSION@@\nbody A /a/\n").Rules);
        Assert.Empty(Read("require_version 3.003000\nbody A /a/\n").Rules);
        Assert.Single(Read("require_version 4.000001\nbody A /a/\n").Rules);
    }

    [Fact]
    public void Bad_condition_skips_its_block_and_warns()
    {
        var config = Read("if frobnicate(1\nbody A /a/\nendif\nbody B /b/\n");
        Assert.Equal(["B"], config.Rules.Keys.ToArray());
        Assert.NotEmpty(config.Report.Warnings);
    }

    [Fact]
    public void Loader_reads_spamd_order_and_later_files_override()
    {
        string root = Directory.CreateTempSubdirectory().FullName;
        try
        {
            string rules = Directory.CreateDirectory(Path.Combine(root, "rules")).FullName;
            string site = Directory.CreateDirectory(Path.Combine(root, "site")).FullName;
            File.WriteAllText(Path.Combine(site, "init.pre"), "loadplugin Mail::SpamAssassin::Plugin::HeaderEval\n");
            File.WriteAllText(Path.Combine(rules, "20_b.cf"), "score A 2\n");
            File.WriteAllText(Path.Combine(rules, "10_a.cf"), "ifplugin Mail::SpamAssassin::Plugin::HeaderEval\nbody A /a/\nendif\nscore A 1\n");
            File.WriteAllText(Path.Combine(site, "local.cf"), "score A 3\n");
            var config = ConfigLoader.Load(new RuleLoadOptions { RulesDirectory = rules, SiteDirectory = site, CfText = "required_score 4" });
            Assert.Equal(3, config.Scores["A"][0]);
            Assert.Equal(4, config.Settings.RequiredScore);
            Assert.Equal(["init.pre", "10_a.cf", "20_b.cf", "local.cf"], config.Report.Files.Select(f => Path.GetFileName(f)).ToArray());
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }

    [Fact]
    public void Missing_directories_load_nothing_without_failing()
    {
        var config = ConfigLoader.Load(new RuleLoadOptions { RulesDirectory = "/nonexistent/rules", SiteDirectory = "/nonexistent/site" });
        Assert.Empty(config.Rules);
    }

    [Fact]
    public void Rule_kinds_are_recognised()
    {
        const string text = """
            header H From =~ /x/
            header HE eval:check_for_missing_to_header()
            body B /b/
            body BE eval:check_body_length('100')
            rawbody R /r/
            full F /f/
            uri U /u/
            meta M H && B
            mimeheader MH Content-Type =~ /x/
            reuse RU
            """;
        var kinds = Read(text).Rules.ToDictionary(kv => kv.Key, kv => kv.Value.Kind);
        Assert.Equal(RuleKind.Header, kinds["H"]);
        Assert.Equal(RuleKind.HeaderEval, kinds["HE"]);
        Assert.Equal(RuleKind.Body, kinds["B"]);
        Assert.Equal(RuleKind.BodyEval, kinds["BE"]);
        Assert.Equal(RuleKind.RawBody, kinds["R"]);
        Assert.Equal(RuleKind.Full, kinds["F"]);
        Assert.Equal(RuleKind.Uri, kinds["U"]);
        Assert.Equal(RuleKind.Meta, kinds["M"]);
        Assert.Equal(RuleKind.MimeHeader, kinds["MH"]);
        Assert.Equal(RuleKind.Empty, kinds["RU"]);
    }

    [Fact]
    public void Invalid_rule_names_are_skipped_and_reported()
    {
        var config = Read("body 9BAD /a/\nbody GOOD /b/\n");
        Assert.Equal(["GOOD"], config.Rules.Keys.ToArray());
        Assert.Contains("9BAD", config.Report.SkippedRules.Keys);
    }
}
