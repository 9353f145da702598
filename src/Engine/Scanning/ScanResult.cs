namespace Spamd.Engine.Scanning;

/// <summary>The outcome of one scan: everything the protocol answers and the output rewriter need.</summary>
public sealed class ScanResult
{
    /// <summary>Total score, already rounded to 3 decimals as SpamAssassin does before formatting.</summary>
    public required double Score { get; init; }

    public required double RequiredScore { get; init; }

    /// <summary>score &gt;= required_score.</summary>
    public bool IsSpam => Score >= RequiredScore;

    /// <summary>Rules that hit, in the order they hit (reports keep this order; _TESTS_ sorts).</summary>
    public required IReadOnlyList<RuleHit> Hits { get; init; }

    /// <summary>The settings the message was scanned with (templates, report_safe, rewrite_header ...).</summary>
    public required ScanSettings Settings { get; init; }

    /// <summary>
    /// _PREVIEW_: the start of the decoded, rendered body, as SpamAssassin's content preview
    /// (<see cref="Output.ContentPreview.FromBody"/>); one char per byte, like the body rendering.
    /// </summary>
    public string ContentPreview { get; init; } = "";

    /// <summary>_AUTOLEARN_: ham|spam|no|disabled|failed|unavailable.</summary>
    public string AutoLearn { get; init; } = "no";

    /// <summary>The autolearn_force detail ("no", "yes (RULE)"), or null when SpamAssassin shows none (autolearn disabled).</summary>
    public string? AutoLearnForce { get; init; } = "no";

    /// <summary>The message's Message-ID header value (for the per-scan log line), or null.</summary>
    public string? MessageId { get; init; }

    /// <summary>Bayes probability when Bayes was used (_BAYES_ tag), else null.</summary>
    public double? BayesProbability { get; init; }

    /// <summary>
    /// Further template tags set by plugins or the daemon (RELAYSTRUSTED, LANGUAGES, REMOTEHOSTNAME, ...), by tag
    /// name without underscores. Values are octet strings (one char per byte), like message text.
    /// </summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = EmptyTags;

    private static readonly IReadOnlyDictionary<string, string> EmptyTags = new Dictionary<string, string>();

    /// <summary>Time the scan took.</summary>
    public TimeSpan Elapsed { get; init; }
}
