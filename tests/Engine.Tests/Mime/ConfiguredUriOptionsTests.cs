using System.Text;
using Spamd.Engine.Config;
using Spamd.Engine.Mime;
using Spamd.Engine.Rules;

namespace Spamd.Engine.Tests.Mime;

/// <summary>
/// URI extraction reads redirector_pattern and util_rb_tld from the loaded configuration, local.cf and --cf
/// included, as SpamAssassin does (checked with spamd 4.0.1: the site's pattern makes the redirect target a
/// URI of its own, and a uri rule anchored on the target hits; without the pattern it does not).
/// </summary>
public sealed class ConfiguredUriOptionsTests : IDisposable
{
    private readonly string rulesDirectory = Directory.CreateTempSubdirectory("uriopts-rules").FullName;
    private readonly string siteDirectory = Directory.CreateTempSubdirectory("uriopts-site").FullName;

    private static readonly byte[] Message = Encoding.Latin1.GetBytes(
        "From: a@example.com\nSubject: s\n\nsee http://redir.example.com/go?to=target.example.org/x or shop.example.zzq now\n");

    public ConfiguredUriOptionsTests()
    {
        File.WriteAllText(Path.Combine(rulesDirectory, "20_uri.cf"), "util_rb_tld com org\n");
        File.WriteAllText(Path.Combine(siteDirectory, "local.cf"), """
            redirector_pattern m'^https?://redir\.example\.com/go\?to=(.*)'i
            uri LOCAL_TARGET_URI /^http:\/\/target\.example\.org\//
            score LOCAL_TARGET_URI 3.5

            """);
    }

    public void Dispose()
    {
        Directory.Delete(rulesDirectory, recursive: true);
        Directory.Delete(siteDirectory, recursive: true);
    }

    private RuleLoadOptions Options(string? cf = null) => new()
    {
        RulesDirectory = rulesDirectory,
        SiteDirectory = siteDirectory,
        CfText = cf,
        CompileRegexesInBackground = false,
        GateHeavyRegexes = false,
        ConfiguredMessageParser = (raw, uriOptions) => MailMessage.Parse(raw, uriOptions: uriOptions),
    };

    [Fact]
    public void Site_redirector_pattern_reaches_uri_extraction_and_uri_rules()
    {
        var scanner = RuleScanner.Load(Options());
        var uris = MailMessage.Parse(Message, uriOptions: scanner.RuleSet.UriOptions).Uris;
        Assert.Contains("http://target.example.org/x", uris);
        Assert.Contains(scanner.Scan(Message, scanner.DefaultSettings, CancellationToken.None).Hits, h => h.Name == "LOCAL_TARGET_URI");
    }

    [Fact]
    public void Without_the_configuration_the_target_is_not_a_uri()
    {
        // the same scanner parsing with options of its own (the bug: the site's pattern never reached the parser)
        var scanner = RuleScanner.Load(Options() with
        {
            ConfiguredMessageParser = null,
            MessageParser = raw => MailMessage.Parse(raw, uriOptions: new UriOptions(["com", "org"], [])),
        });
        Assert.DoesNotContain(scanner.Scan(Message, scanner.DefaultSettings, CancellationToken.None).Hits, h => h.Name == "LOCAL_TARGET_URI");
    }

    [Fact]
    public void Tld_lists_come_from_the_configuration_with_cf_text_last()
    {
        var options = RuleScanner.Load(Options()).RuleSet.UriOptions;
        Assert.DoesNotContain("http://shop.example.zzq", MailMessage.Parse(Message, uriOptions: options).Uris);

        var withCf = RuleScanner.Load(Options("util_rb_tld zzq\n")).RuleSet.UriOptions;
        Assert.Contains("http://shop.example.zzq", MailMessage.Parse(Message, uriOptions: withCf).Uris);

        var cleared = RuleScanner.Load(Options("clear_util_rb\nutil_rb_tld zzq\n")).RuleSet.UriOptions;
        Assert.True(cleared.IsValidTld("ZZQ"));
        Assert.False(cleared.IsValidTld("com"));
    }

    [Fact]
    public void A_redirector_pattern_that_does_not_compile_is_reported_and_left_out()
    {
        var scanner = RuleScanner.Load(Options("redirector_pattern /unclosed(/\n"));
        Assert.Single(scanner.RuleSet.UriOptions.RedirectorPatterns);
        Assert.Contains(scanner.Report.Warnings, w => w.Contains("redirector_pattern /unclosed(/", StringComparison.Ordinal));
    }
}
