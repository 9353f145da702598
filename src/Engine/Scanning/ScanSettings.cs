using System.Collections.Immutable;

namespace Spamd.Engine.Scanning;

/// <summary>
/// The settings one scan runs under: site configuration with one user's preferences applied.
/// Immutable; per-user copies are made with <c>with</c> so one user's settings never leak into another's scan.
/// Defaults are SpamAssassin 4.0.1's (10_default_prefs.cf) so a daemon without any ruleset still answers
/// exactly like spamd configured with only its defaults.
/// </summary>
public sealed partial record ScanSettings
{
    public double RequiredScore { get; init; } = 5.0;

    /// <summary>report_safe 0, 1 or 2.</summary>
    public int ReportSafe { get; init; } = 1;

    /// <summary>rewrite_header: header name (Subject, From, To) to its tag text (may contain template tags).</summary>
    public ImmutableDictionary<string, string> RewriteHeaders { get; init; } =
        ImmutableDictionary.Create<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>add_header lines in declaration order (X-Spam-Checker-Version always comes first).</summary>
    public ImmutableArray<AddedHeader> AddedHeaders { get; init; } = DefaultAddedHeaders;

    /// <summary>The report template (report lines joined by "\n").</summary>
    public string ReportTemplate { get; init; } = DefaultTemplates.Report;

    /// <summary>The unsafe_report template appended for non-text originals under report_safe 1/2.</summary>
    public string UnsafeReportTemplate { get; init; } = DefaultTemplates.UnsafeReport;

    /// <summary>report_contact (_CONTACTADDRESS_).</summary>
    public string ReportContact { get; init; } = "the administrator of that system";

    public string ReportCharset { get; init; } = "UTF-8";

    public bool FoldHeaders { get; init; } = true;

    /// <summary>report_safe_copy_headers, in order.</summary>
    public ImmutableArray<string> ReportSafeCopyHeaders { get; init; } = ImmutableArray<string>.Empty;

    /// <summary>Host name used in _HOSTNAME_ and the report_safe Received line.</summary>
    public string HostName { get; init; } = Environment.MachineName;

    /// <summary>Score overrides from configuration or user_prefs (score RULE n). 0 disables a rule.</summary>
    public ImmutableDictionary<string, double> ScoreOverrides { get; init; } =
        ImmutableDictionary.Create<string, double>(StringComparer.Ordinal);

    public bool UseBayes { get; init; } = true;

    public static readonly ImmutableArray<AddedHeader> DefaultAddedHeaders =
    [
        new(HeaderAudience.All, "Checker-Version", "SpamAssassin _VERSION_ (_SUBVERSION_) on _HOSTNAME_"),
        new(HeaderAudience.Spam, "Flag", "_YESNOCAPS_"),
        new(HeaderAudience.All, "Level", "_STARS(*)_"),
        new(HeaderAudience.All, "Status",
            "_YESNO_, score=_SCORE_ required=_REQD_ tests=_TESTS_ autolearn=_AUTOLEARN_ version=_VERSION_"),
    ];
}
