using Spamd.Engine.Config;
using Spamd.Engine.Rules;
using Spamd.Engine.Scanning;

namespace Spamd.Engine.Tests.Rules;

/// <summary>Builds scanners from configuration text and scans fake messages.</summary>
internal static class RuleTestKit
{
    public static RuleScanner Scanner(string config, Func<Spamd.Engine.Mime.IMailMessage, ScanSettings, double?>? bayes = null) =>
        RuleScanner.FromText(config, new RuleLoadOptions { Locale = "C", BayesProbability = bayes, CompileRegexesInBackground = false });

    public static ScanResult Scan(this RuleScanner scanner, FakeMailMessage message, ScanSettings? settings = null) =>
        scanner.Scan(message, settings ?? scanner.DefaultSettings, CancellationToken.None);

    public static string[] Names(this ScanResult result) => result.Hits.Select(h => h.Name).ToArray();

    public static FakeMailMessage Body(params string[] lines) => new() { BodyText = lines };
}
