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

    /// <summary>The report template: the report lines, each followed by "\n" (as SpamAssassin accumulates them).</summary>
    public string ReportTemplate { get; init; } = DefaultTemplates.Report;

    /// <summary>
    /// The unsafe_report template appended for non-text originals under report_safe 1/2: the lines, each followed
    /// by "\n".
    /// </summary>
    public string UnsafeReportTemplate { get; init; } = DefaultTemplates.UnsafeReport;

    /// <summary>report_contact (_CONTACTADDRESS_).</summary>
    public string ReportContact { get; init; } = "the administrator of that system";

    public string ReportCharset { get; init; } = "UTF-8";

    public bool FoldHeaders { get; init; } = true;

    /// <summary>report_safe_copy_headers, in order.</summary>
    public ImmutableArray<string> ReportSafeCopyHeaders { get; init; } = ImmutableArray<string>.Empty;

    /// <summary>
    /// The local fully qualified host name (SpamAssassin's <c>fq_hostname</c>): the report_safe Received line, and
    /// _HOSTNAME_ unless <see cref="ReportHostName"/> is set.
    /// </summary>
    public string HostName { get; init; } = LocalHostName.Value;

    /// <summary>report_hostname: replaces <see cref="HostName"/> in _HOSTNAME_ only.</summary>
    public string? ReportHostName { get; init; }

    /// <summary>encapsulated_content_description: the Content-Description of the attached original.</summary>
    public string EncapsulatedContentDescription { get; init; } = "original message before SpamAssassin";

    /// <summary>Score overrides from configuration or user_prefs (score RULE n). 0 disables a rule.</summary>
    public ImmutableDictionary<string, double> ScoreOverrides { get; init; } =
        ImmutableDictionary.Create<string, double>(StringComparer.Ordinal);

    public bool UseBayes { get; init; } = true;

    /// <summary>
    /// Applies a <c>report_safe</c> line as SpamAssassin's configuration does: 0 also adds
    /// <c>add_header spam Report _REPORT_</c> unless a spam header named Report exists already.
    /// </summary>
    public ScanSettings WithReportSafe(int value)
    {
        if (value is < 0 or > 2) throw new ArgumentOutOfRangeException(nameof(value), "report_safe is 0, 1 or 2");
        var headers = AddedHeaders;
        if (value == 0 && !headers.Any(h => h.Audience != HeaderAudience.Ham && h.Name.Equals("Report", StringComparison.OrdinalIgnoreCase)))
            headers = headers.Add(new AddedHeader(HeaderAudience.Spam, "Report", "_REPORT_"));
        return this with { ReportSafe = value, AddedHeaders = headers };
    }

    /// <summary>
    /// <c>hostname</c>, or when it has no dot, the first alias of it that starts with "name." (as SpamAssassin's
    /// <c>fq_hostname</c> looks it up); resolved once, giving up on a lookup that hangs.
    /// </summary>
    private static readonly Lazy<string> LocalHostName = new(() =>
    {
        var name = System.Net.Dns.GetHostName();
        if (name.Contains('.')) return name;
        try
        {
            var lookup = System.Net.Dns.GetHostEntryAsync(name);
            if (!lookup.Wait(TimeSpan.FromSeconds(2))) return name;
            var entry = lookup.Result;
            var fq = new[] { entry.HostName }.Concat(entry.Aliases)
                .SelectMany(n => n.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .FirstOrDefault(n => n.StartsWith(name + ".", StringComparison.Ordinal));
            return fq is null ? name : fq.Replace("(", "").Replace(")", "");
        }
        catch (AggregateException)
        {
            return name; // the name does not resolve: keep it as it is
        }
    });

    public static readonly ImmutableArray<AddedHeader> DefaultAddedHeaders =
    [
        new(HeaderAudience.All, "Checker-Version", "SpamAssassin _VERSION_ (_SUBVERSION_) on _HOSTNAME_"),
        new(HeaderAudience.Spam, "Flag", "_YESNOCAPS_"),
        new(HeaderAudience.All, "Level", "_STARS(*)_"),
        new(HeaderAudience.All, "Status",
            "_YESNO_, score=_SCORE_ required=_REQD_ tests=_TESTS_ autolearn=_AUTOLEARN_ version=_VERSION_"),
    ];
}
