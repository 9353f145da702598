using System.Diagnostics;
using System.Runtime.CompilerServices;
using Spamd.Engine.Config;
using Spamd.Engine.Dns;
using Spamd.Engine.Mime;
using Spamd.Engine.Scanning;

namespace Spamd.Engine.Rules;

/// <summary>
/// The rule engine: scans a message with a compiled SpamAssassin ruleset, rule types in SpamAssassin's order
/// (per priority: header, header eval, body, uri, body eval, rawbody, rawbody eval, full, full eval, meta),
/// so hits, scores and hit order match spamd's. Immutable and thread-safe; a reload builds a new scanner.
/// </summary>
public sealed class RuleScanner : IScanner
{
    private const string GtubeRule =
        @"body GTUBE /XJS\*C4JDBQADN1\.NSBN3\*2IDNEN\*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL\*C\.34X/";

    private readonly Func<ReadOnlyMemory<byte>, IMailMessage> parser;
    private readonly Func<IMailMessage, ScanSettings, double?>? bayes;
    private readonly Learning.AutoLearnCallback? autoLearn;
    private readonly Func<ScanSettings, bool>? bayesAvailable;
    private readonly string locale;
    private readonly ConditionalWeakTable<ScanSettings, double[]?[]> scoreCache = new();
    private UserRuleScanners? userRuleScanners;

    public RuleScanner(RuleSet rules, Func<ReadOnlyMemory<byte>, IMailMessage> parser,
        Func<IMailMessage, ScanSettings, double?>? bayes = null, string locale = "C", Learning.AutoLearnCallback? autoLearn = null,
        Func<ScanSettings, bool>? bayesAvailable = null)
    {
        this.autoLearn = autoLearn;
        this.bayesAvailable = bayesAvailable;
        RuleSet = rules;
        this.parser = parser;
        this.bayes = bayes;
        this.locale = locale;
    }

    public RuleSet RuleSet { get; }

    /// <summary>
    /// Network tests on (spamd without -L): score set 1, or 3 with Bayes, as in SpamAssassin, and DNS lookups
    /// through <see cref="Resolver"/> when there is one.
    /// </summary>
    public bool NetworkTests { get; init; }

    /// <summary>Where DNS tests ask (dns_server, else resolv.conf's servers); null: they never hit.</summary>
    public IDnsResolver? Resolver { get; init; }

    public LoadReport Report => RuleSet.Report;

    public ScanSettings DefaultSettings => userSettings ?? RuleSet.Settings;

    /// <summary>Set on a user's own ruleset: its settings point back at it, so scans under them run here.</summary>
    private ScanSettings? userSettings;

    internal void MarkAsUserScanner() => userSettings = RuleSet.Settings with { UserRuleScanner = this };

    /// <summary>Loads the configuration (spamd's order) and compiles it; never throws for a bad rule.</summary>
    public static RuleScanner Load(RuleLoadOptions options)
    {
        var started = Stopwatch.GetTimestamp();
        var config = ConfigLoader.Load(options);
        var scanner = FromConfig(config, options, started);
        scanner.userRuleScanners = new UserRuleScanners(() => ConfigLoader.Load(options), options);
        return scanner;
    }

    /// <summary>Compiles configuration text alone (tests, --cf only setups).</summary>
    public static RuleScanner FromText(string configText, RuleLoadOptions? options = null)
    {
        options ??= new RuleLoadOptions();
        var started = Stopwatch.GetTimestamp();
        var scanner = FromConfig(ReadText(configText, options), options, started);
        scanner.userRuleScanners = new UserRuleScanners(() => ReadText(configText, options), options);
        return scanner;
    }

    private static ConfigBuilder ReadText(string configText, RuleLoadOptions options)
    {
        var config = new ConfigBuilder(options.BaseSettings);
        new ConfigReader(config, options.Locale).ReadText(configText, "(text)");
        return config;
    }

    internal static RuleScanner FromConfig(ConfigBuilder config, RuleLoadOptions options, long started)
    {
        if (!config.Rules.ContainsKey("GTUBE"))
        {
            // Without any ruleset we still know GTUBE, like the daemon's fallback scanner.
            config.Apply("body", GtubeRule["body ".Length..], "(built-in)");
            config.Descriptions.TryAdd("GTUBE", "Generic Test for Unsolicited Bulk Email");
            config.Scores.TryAdd("GTUBE", [1000, 1000, 1000, 1000]);
            config.Tflags.TryAdd("GTUBE", "userconf noautolearn");
        }
        var rules = RuleSetCompiler.Compile(config, options.RegexTimeout, options.UseNonBacktracking, options.UsePrefilter);
        if (options.UseFastPaths) AddFastPaths(rules, options.UsePrefilter);
        if (options.CompileHotRegexes)
            foreach (var rule in rules.Rules)
                if (rule.Regex is { } regex) regex.CompileWhenHot = true;
        if (options.UseRegexGates)
        {
            // The gates of the form-filling rules need more automaton states than .NET's default.
            if (AppContext.GetData("REGEX_NONBACKTRACKING_MAX_AUTOMATA_SIZE") is null)
                AppContext.SetData("REGEX_NONBACKTRACKING_MAX_AUTOMATA_SIZE", 200_000);
            foreach (var rule in rules.Rules)
                if (rule.Regex is { } regex && rule.Kind is RuleKind.Body or RuleKind.RawBody or RuleKind.Full or RuleKind.Uri)
                    regex.GatesAllowed = true;
        }
        rules.Report.LoadTime = Stopwatch.GetElapsedTime(started);
        Func<ReadOnlyMemory<byte>, IMailMessage> parser = options.ConfiguredMessageParser is { } parse
            ? raw => parse(raw, rules.UriOptions)
            : options.MessageParser ?? (raw => new PlainMailMessage(raw));
        var scanner = new RuleScanner(rules, parser, options.BayesProbability, options.Locale, options.AutoLearn, options.BayesAvailable)
        {
            NetworkTests = options.DnsTransport is not null,
            Resolver = ResolverFor(options.DnsTransport, rules.Settings),
        };
        if (options.CompileRegexesInBackground) scanner.CompilationTask = Task.Run(scanner.CompileRegexes);
        // Off the load path: seconds on a busy machine, and until a gate exists its regex simply runs ungated.
        if (options.UsePrefilter && options.GateHeavyRegexes) scanner.GatesTask = Task.Run(() => GateHeavyRegexes(rules));
        // After load and the gates, not competing with them for the two cores.
        if (options.UseFastPaths) scanner.GatesTask.ContinueWith(_ => LongHeaderRegexes.CompileInBackground(rules), TaskScheduler.Default);
        return scanner;
    }

    /// <summary>
    /// The ASCII forms of the regexes that have one (the look-alike rules' shrink a hundredfold), and the literals
    /// those forms require on ASCII texts.
    /// </summary>
    private static void AddFastPaths(RuleSet rules, bool usePrefilter)
    {
        var regexes = rules.Rules.Select(r => r.Regex).OfType<RuleRegex>().ToArray();
        Parallel.ForEach(regexes, regex => regex.AddAsciiForm());
        foreach (var regex in regexes) regex.UseAutomaton = true;
        var budget = new LinearFormBudget(MaxHotLinearForms);
        foreach (var rule in rules.Rules)
            if (AnswersIsMatch(rule)) rule.Regex!.LinearWhenHot = budget;
        if (!usePrefilter) return;
        rules.HeaderLiterals = HeaderLiteralFilter.Build(rules.Rules);
        foreach (var prefilter in new[] { rules.BodyPrefilter, rules.RawBodyPrefilter, rules.FullPrefilter, rules.UriPrefilter })
            prefilter.AddAsciiForms();
    }

    /// <summary>
    /// Regexes that may build linear forms when hot: each costs a few megabytes of automaton (the look-alike rules
    /// ~3-7 MB, and the BDD caches the engine keeps), and the 4 costliest carry most of the gain.
    /// </summary>
    private const int MaxHotLinearForms = 4;

    /// <summary>A body-class regex rule asked only whether it matches (see <see cref="RuleRegex.AddLinearForms"/>).</summary>
    private static bool AnswersIsMatch(Rule rule) =>
        rule is { Kind: RuleKind.Body or RuleKind.RawBody or RuleKind.Full, Flags.Multiple: false, Regex.TagGroups.Length: 0 };

    /// <summary>The configured dns_server list (else resolv.conf's) over the transport; null without either.</summary>
    private static IDnsResolver? ResolverFor(IDnsTransport? transport, ScanSettings settings)
    {
        if (transport is null) return null;
        var servers = DnsServerAddress.Resolve(settings.DnsServers);
        return servers.Count == 0 ? null : new DnsResolver(transport, servers);
    }

    /// <summary>Translated patterns at least this long (and short enough for a gate) get one at load.</summary>
    private const int HeavyPatternLength = 700;

    /// <summary>
    /// Builds, at load, the non-backtracking gates of the few body regexes that are long and case-insensitive
    /// alternations (the form-filling and look-alike rules): they dominated scan time, backtracking at every
    /// position of every paragraph, while their gate rejects almost every paragraph in linear time. Only these
    /// few: a gate's automaton cache costs megabytes. Rules without a literal (look-alike letter classes) are
    /// left out: their automata took seconds each to build.
    /// </summary>
    private static void GateHeavyRegexes(RuleSet rules)
    {
        var heavy = rules.Rules.Where(r => r.Kind is RuleKind.Body or RuleKind.RawBody && r.Regex is { IsNonBacktracking: false } regex &&
                                           regex.Pattern.Length >= HeavyPatternLength && r.RequiredLiterals is not null).ToArray();
        // The form-filling rules repeat a large group 3-5 times: more automaton nodes than .NET's default allows.
        if (AppContext.GetData("REGEX_NONBACKTRACKING_MAX_AUTOMATA_SIZE") is null)
            AppContext.SetData("REGEX_NONBACKTRACKING_MAX_AUTOMATA_SIZE", 200_000);
        foreach (var rule in heavy) rule.Regex!.AddGate();
    }

    /// <summary>The building of the heavy regexes' gates started at load (completes when all exist).</summary>
    public Task GatesTask { get; private set; } = Task.CompletedTask;

    /// <summary>The background compilation started at load, if any (completes when every regex is compiled).</summary>
    public Task CompilationTask { get; private set; } = Task.CompletedTask;

    /// <summary>Compiles every rule regex to IL, body rules first. Answers never change, only their cost.</summary>
    public void CompileRegexes()
    {
        var order = RuleSet.Rules.Where(r => r.Regex is not null)
            .OrderBy(r => r.Kind == RuleKind.Body ? 0 : r.Kind == RuleKind.RawBody ? 1 : 2);
        foreach (var rule in order) rule.Regex!.Upgrade();
    }

    public ScanSettings WithUserPreferences(string userPrefsText)
    {
        var config = new ConfigBuilder(DefaultSettings, RuleSet.ScoresOf);
        new ConfigReader(config, locale).ReadText(userPrefsText, "user_prefs");
        if (config.HasUserRules && userRuleScanners is not null)
            return userRuleScanners.For(userPrefsText).DefaultSettings;
        return config.Settings;
    }

    public ScanResult Scan(ReadOnlyMemory<byte> message, ScanSettings settings, CancellationToken cancellationToken) =>
        Scan(message, settings, cancellationToken, profile: null);

    /// <summary>Parses and scans, adding the time of each phase and rule to <paramref name="profile"/>.</summary>
    public ScanResult Scan(ReadOnlyMemory<byte> message, ScanSettings settings, CancellationToken cancellationToken, ScanProfile? profile)
    {
        var started = Stopwatch.GetTimestamp();
        var parsed = parser(message);
        profile?.AddPhase(ScanProfile.Parse, Stopwatch.GetTimestamp() - started);
        // Elapsed counts from before parsing, so the time reported is the whole scan.
        return Scan(parsed, settings, cancellationToken, profile, started);
    }

    /// <summary>Scans an already parsed message.</summary>
    public ScanResult Scan(IMailMessage message, ScanSettings settings, CancellationToken cancellationToken, ScanProfile? profile = null) =>
        Scan(message, settings, cancellationToken, profile, Stopwatch.GetTimestamp());

    private ScanResult Scan(IMailMessage message, ScanSettings settings, CancellationToken cancellationToken, ScanProfile? profile, long started)
    {
        if (settings.UserRuleScanner is RuleScanner own && own != this)
            return own.Scan(message, settings, cancellationToken, profile, started);
        double? probability = settings.UseBayes && settings.UseBayesRules && bayes is not null ? bayes(message, settings) : null;
        // A usable database selects the Bayes score set even when this message gets no probability (as 4.0.1).
        bool bayesScoreSet = probability is not null || (settings.UseBayes && settings.UseBayesRules && bayesAvailable?.Invoke(settings) == true);
        int scoreSet = (NetworkTests ? 1 : 0) | (bayesScoreSet ? 2 : 0);
        var context = new RuleContext(message, settings, RuleSet, probability) { Resolver = Resolver, NetworkTests = NetworkTests };
        var run = new RuleRun(context, ScoresFor(settings, scoreSet), cancellationToken, profile);
        run.Execute();
        double score = Math.Round(run.Score, 3);
        var (autoLearnStatus, autoLearnForce) = Learning.AutoLearnStep.Run(RuleSet, run.Hits, scoreSet, set => ScoresFor(settings, set),
            settings, score >= settings.RequiredScore, message, autoLearn);
        return new ScanResult
        {
            Score = score,
            AutoLearn = autoLearnStatus,
            AutoLearnForce = autoLearnForce,
            RequiredScore = settings.RequiredScore,
            Hits = run.Hits,
            Settings = settings,
            MessageId = message.GetHeader("Message-Id")?.Trim(),
            BayesProbability = probability,
            // The body rendering is already built for body rules, so the preview costs only its first lines.
            ContentPreview = Output.ContentPreview.FromBody(message.BodyText),
            Elapsed = Stopwatch.GetElapsedTime(started),
        };
    }

    /// <summary>Effective scores of every rule for one settings object and score set, computed once and cached.</summary>
    internal double[] ScoresFor(ScanSettings settings, int scoreSet)
    {
        var perSet = scoreCache.GetValue(settings, _ => new double[]?[4]);
        var scores = perSet[scoreSet];
        if (scores is not null) return scores;

        var rules = RuleSet.Rules;
        scores = new double[rules.Length];
        for (int i = 0; i < rules.Length; i++) scores[i] = rules[i].Scores[scoreSet];
        foreach (var (name, score) in settings.ScoreOverrides)
            if (RuleSet.IndexByName.TryGetValue(name, out int index)) scores[index] = score;
        foreach (var (name, set) in settings.ScoreSetOverrides)
            if (RuleSet.IndexByName.TryGetValue(name, out int index) && set.Length == 4) scores[index] = set[scoreSet];
        perSet[scoreSet] = scores;
        return scores;
    }
}
