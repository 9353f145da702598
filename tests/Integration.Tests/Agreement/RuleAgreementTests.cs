using Spamd.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Spamd.Integration.Tests.Agreement;

/// <summary>
/// Our engine against SpamAssassin 4.0.1 itself (spamd -L, stock ruleset, no Bayes) on a deterministic sample
/// of the dev evaluation split. The floors only ratchet upwards; the targets of issue 4 are 99% same verdict
/// and 0.97 rule-hit F1. scripts/rule-agreement.sh runs the whole split and rewrites docs/rule-agreement.md.
/// </summary>
public sealed class RuleAgreementTests(ITestOutputHelper output)
{
    // Raised whenever the engine improves; never lowered.
    private const double VerdictFloor = 0.99;
    private const double F1Floor = 0.99;

    [Fact]
    public async Task Sample_of_dev_evaluation_split_agrees_with_spamd()
    {
        int stride = int.TryParse(Environment.GetEnvironmentVariable("SPAMD_AGREEMENT_STRIDE"), out var s) ? s : 14;
        var files = DevCorpus.Sample("easy-ham-2", stride).Concat(DevCorpus.Sample("spam-2", stride)).ToList();

        await using var oracle = new SpamdOracle();
        var theirs = await oracle.VerdictsAsync(files);
        var scanner = AgreementScanner.Create();
        var report = new AgreementReport();
        foreach (var (file, verdict) in theirs)
        {
            var result = scanner.Scan(await File.ReadAllBytesAsync(file), scanner.DefaultSettings, CancellationToken.None);
            var ours = new SpamdVerdict(result.Score, result.IsSpam, result.Hits.Select(h => h.Name).ToHashSet());
            report.Add(verdict, ours);
        }

        var sample = stride == 1 ? "every message" : $"every {stride}th message";
        var markdown = report.ToMarkdown($"Rule agreement with spamd 4.0.1 ({sample} of easy-ham-2 and spam-2, spamd -L, stock ruleset, no Bayes)");
        output.WriteLine(markdown);
        if (oracle.TimedOut.Count > 0) output.WriteLine($"spamd timed out on: {string.Join(", ", oracle.TimedOut)}");
        var target = Environment.GetEnvironmentVariable("SPAMD_AGREEMENT_REPORT");
        if (!string.IsNullOrEmpty(target)) await File.WriteAllTextAsync(target, markdown);

        Assert.True(report.Messages >= files.Count * 9 / 10, $"only {report.Messages} of {files.Count} messages compared");
        Assert.True(report.VerdictAgreement >= VerdictFloor, $"verdict agreement {report.VerdictAgreement:P2} < {VerdictFloor:P2}");
        Assert.True(report.MicroF1 >= F1Floor, $"rule F1 {report.MicroF1:F4} < {F1Floor}");
    }
}
