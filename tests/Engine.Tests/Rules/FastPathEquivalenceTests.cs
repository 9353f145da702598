using Spamd.Engine.Config;
using Spamd.Engine.Mime;
using Spamd.Engine.Rules;
using Spamd.Engine.Tests.Bayes;
using Xunit;
using Xunit.Abstractions;

namespace Spamd.Engine.Tests.Rules;

/// <summary>
/// The scan shortcuts (literal prefilter, gates, ASCII forms ...) must never change an answer: every rule's value
/// (sub-rules and metas included), the hit list and the score are compared, per dev corpus message, with a scan
/// that runs every regex in full. The stock ruleset; the corpus comes from SPAMD_CORPUS_DIR.
/// </summary>
public class FastPathEquivalenceTests(ITestOutputHelper output)
{
    /// <summary>Messages per dev group (easy-ham-2, spam-2): the spam half carries the obfuscated look-alikes.</summary>
    private const int MessagesPerGroup = 40;

    [Fact]
    public void Shortcuts_change_no_rule_value_on_dev_corpus_messages()
    {
        var fast = Load(fastPaths: true);
        var full = Load(fastPaths: false);
        fast.GatesTask.Wait(); // compare with the gates in place, as a running daemon has them
        var files = CorpusFiles.Messages("easy-ham-2", MessagesPerGroup).Concat(CorpusFiles.Messages("spam-2", MessagesPerGroup));
        int compared = 0;
        foreach (var file in files)
        {
            var raw = File.ReadAllBytes(file);
            string expected = Describe(full, raw), actual = Describe(fast, raw);
            Assert.True(expected == actual, $"{Path.GetFileName(file)}:\nfull: {expected}\nfast: {actual}");
            compared++;
        }
        output.WriteLine($"{compared} messages, identical rule values");
    }

    /// <summary>
    /// A running daemon builds linear forms only for the few regexes that prove hot; here every body-class regex
    /// asked only whether it matches gets them, so each such rule's answers are compared.
    /// </summary>
    [Fact]
    public void Linear_forms_change_no_rule_value_on_dev_corpus_messages()
    {
        var fast = Load(fastPaths: true);
        var full = Load(fastPaths: false);
        fast.GatesTask.Wait();
        int built = 0;
        Parallel.ForEach(fast.RuleSet.Rules, rule =>
        {
            if (rule is { Kind: RuleKind.Body or RuleKind.RawBody or RuleKind.Full, Flags.Multiple: false, Regex: { } regex } &&
                regex.AddLinearForms()) Interlocked.Increment(ref built);
        });
        Assert.True(built > 100, $"only {built} regexes got linear forms");
        var files = CorpusFiles.Messages("easy-ham-2", MessagesPerGroup / 2).Concat(CorpusFiles.Messages("spam-2", MessagesPerGroup / 2));
        foreach (var file in files)
        {
            var raw = File.ReadAllBytes(file);
            string expected = Describe(full, raw), actual = Describe(fast, raw);
            Assert.True(expected == actual, $"{Path.GetFileName(file)}:\nfull: {expected}\nfast: {actual}");
        }
        output.WriteLine($"{built} regexes with linear forms, identical rule values");
    }

    private static RuleScanner Load(bool fastPaths) => RuleScanner.Load(new RuleLoadOptions
    {
        RulesDirectory = RuleLoadOptions.DefaultRulesDirectory,
        SiteDirectory = RuleLoadOptions.DefaultSiteDirectory,
        Locale = "C",
        CompileRegexesInBackground = false,
        MessageParser = raw => MailMessage.Parse(raw),
        UsePrefilter = fastPaths,
        UseFastPaths = fastPaths,
    });

    /// <summary>Score, hits in order and every non-zero rule value of one scan.</summary>
    private static string Describe(RuleScanner scanner, byte[] raw)
    {
        var context = new RuleContext(MailMessage.Parse(raw), scanner.DefaultSettings, scanner.RuleSet, bayesProbability: null);
        var run = new RuleRun(context, scanner.ScoresFor(scanner.DefaultSettings, 0), CancellationToken.None);
        run.Execute();
        var rules = scanner.RuleSet.Rules;
        var values = Enumerable.Range(0, rules.Length).Where(i => context.Values[i] != 0).Select(i => $"{rules[i].Name}={context.Values[i]}");
        return $"score {Math.Round(run.Score, 3)} hits {string.Join(",", run.Hits.Select(h => h.Name))} values {string.Join(" ", values)}";
    }
}
