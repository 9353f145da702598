using System.Diagnostics;

namespace Spamd.Engine.Scanning;

/// <summary>
/// The scanner that works with no ruleset at all: it knows the GTUBE test string and nothing else.
/// The rule engine replaces it when a ruleset is loaded.
/// </summary>
public sealed class GtubeScanner : IScanner
{
    public static ReadOnlySpan<byte> GtubeString => "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X"u8;

    public const string RuleName = "GTUBE";
    public const double RuleScore = 1000.0;

    public GtubeScanner(ScanSettings? settings = null) => DefaultSettings = settings ?? new ScanSettings();

    public ScanSettings DefaultSettings { get; }

    public ScanSettings WithUserPreferences(string userPrefsText) => DefaultSettings;

    public ScanResult Scan(ReadOnlyMemory<byte> message, ScanSettings settings, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        cancellationToken.ThrowIfCancellationRequested();
        bool hit = message.Span.IndexOf(GtubeString) >= 0;
        double score = settings.ScoreOverrides.TryGetValue(RuleName, out var s) ? s : RuleScore;
        var hits = hit && score != 0
            ? new[] { new RuleHit(RuleName, score, "Generic Test for Unsolicited Bulk Email", RuleArea.Body) }
            : Array.Empty<RuleHit>();
        return new ScanResult
        {
            Score = hits.Length == 0 ? 0 : Math.Round(score, 3),
            RequiredScore = settings.RequiredScore,
            Hits = hits,
            Settings = settings,
            Elapsed = Stopwatch.GetElapsedTime(started),
        };
    }
}
