using Spamd.Engine.Mime;
using Spamd.Engine.Scanning;

namespace Spamd.Engine.Config;

/// <summary>
/// Where the configuration comes from and how the rule engine is wired, with spamd's Debian defaults.
/// Every path may be null or missing: the loader then simply has less to read.
/// </summary>
public sealed record RuleLoadOptions
{
    public const string DefaultRulesDirectory = "/usr/share/spamassassin";
    public const string DefaultSiteDirectory = "/etc/spamassassin";
    public const string DefaultUpdatesDirectory = "/var/lib/spamassassin/4.000001/updates_spamassassin_org";

    /// <summary>
    /// The default rules directory. Null picks sa-update's directory when it holds rules, else
    /// <see cref="DefaultRulesDirectory"/>, the way spamd picks it.
    /// </summary>
    public string? RulesDirectory { get; init; }

    /// <summary>The site configuration directory (*.pre, local.cf).</summary>
    public string? SiteDirectory { get; init; } = DefaultSiteDirectory;

    /// <summary>Extra configuration text read before everything (spamd --pre).</summary>
    public string? PreText { get; init; }

    /// <summary>Extra configuration text read after local.cf (spamd --cf).</summary>
    public string? CfText { get; init; }

    /// <summary>The locale <c>lang xx</c> lines are compared with (spamd uses LANG; C keeps none).</summary>
    public string Locale { get; init; } = Environment.GetEnvironmentVariable("LANG") ?? "C";

    /// <summary>Turns message bytes into the view rules see (the lead points it at the MIME parser).</summary>
    public Func<ReadOnlyMemory<byte>, IMailMessage>? MessageParser { get; init; }

    /// <summary>
    /// As <see cref="MessageParser"/>, and given the URI options of the loaded configuration (util_rb_tld,
    /// redirector_pattern from every file, local.cf and --cf included); wins over <see cref="MessageParser"/>.
    /// </summary>
    public Func<ReadOnlyMemory<byte>, UriOptions, IMailMessage>? ConfiguredMessageParser { get; init; }

    /// <summary>
    /// Bayes probability for a message, or null when Bayes is not usable (not enough training, disabled).
    /// A non-null answer selects score set 2 and feeds <c>check_bayes</c>.
    /// </summary>
    public Func<IMailMessage, ScanSettings, double?>? BayesProbability { get; init; }

    /// <summary>
    /// Whether the scan's Bayes database has learned enough to be used (SpamAssassin's is_scan_available): it
    /// selects score set 2 even for a message Bayes gives no probability.
    /// </summary>
    public Func<ScanSettings, bool>? BayesAvailable { get; init; }

    /// <summary>Bayes learning for autolearn at the end of a scan; null: autolearn can decide but never learns.</summary>
    public Learning.AutoLearnCallback? AutoLearn { get; init; }

    /// <summary>
    /// Carries DNS queries for the network tests (the daemon's UDP transport). Null runs local tests only, as
    /// spamd -L: no DNS test hits and score set 0/2 applies; set, score set 1/3 applies and the DNSBL and
    /// URIDNSBL rules ask the <c>dns_server</c> servers (else those of /etc/resolv.conf).
    /// </summary>
    public Dns.IDnsTransport? DnsTransport { get; init; }

    /// <summary>The time bound of one regex evaluation; a rule that exceeds it counts as not matching.</summary>
    public TimeSpan RegexTimeout { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Compile regexes that allow it with the non-backtracking engine (linear time, but slower to build and
    /// larger in memory). Off by default: the time bound already guards against pathological cases.
    /// </summary>
    public bool UseNonBacktracking { get; init; }

    /// <summary>Skip rules whose required literals do not occur (same results, less regex work). Off only for testing.</summary>
    public bool UsePrefilter { get; init; } = true;

    /// <summary>
    /// Run equivalent, cheaper forms of rules where they exist (a regex's smaller form for all-ASCII texts ...).
    /// Same results; off only to check that.
    /// </summary>
    public bool UseFastPaths { get; init; } = true;

    /// <summary>
    /// Build, after load, the non-backtracking gates of the long form-filling regexes (see RuleScanner).
    /// </summary>
    public bool GateHeavyRegexes { get; init; } = true;

    /// <summary>
    /// Compile a regex to IL, in the background, once it has cost 10 ms of matching: the hot few (the rules
    /// without a literal to prefilter on) get several times faster, the thousands of others cost nothing.
    /// </summary>
    public bool CompileHotRegexes { get; init; } = true;

    /// <summary>
    /// After loading, compile the rule regexes to IL in a background task (matching gets several times faster;
    /// scans run meanwhile with the interpreted forms).
    /// </summary>
    public bool CompileRegexesInBackground { get; init; } = true;

    /// <summary>
    /// Let regexes that prove expensive build a non-backtracking "gate" (a relaxed superset checked first).
    /// Halves scan time on the corpus but the gates' state caches grew to more than 1 GB, so it is off by default.
    /// </summary>
    public bool UseRegexGates { get; init; }

    /// <summary>Settings before any configuration file is read (host name, etc.).</summary>
    public ScanSettings BaseSettings { get; init; } = new();

    /// <summary>The rules directory actually used: explicit, else sa-update's when it holds .cf files, else Debian's.</summary>
    public string ResolveRulesDirectory()
    {
        if (RulesDirectory is not null) return RulesDirectory;
        if (Directory.Exists(DefaultUpdatesDirectory) &&
            Directory.EnumerateFiles(DefaultUpdatesDirectory, "*.cf").Any())
            return DefaultUpdatesDirectory;
        return DefaultRulesDirectory;
    }
}
