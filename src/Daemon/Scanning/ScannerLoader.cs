using System.Diagnostics;
using Spamd.Daemon.Logging;
using Spamd.Daemon.Options;
using Spamd.Daemon.Users;
using Spamd.Engine.Bayes;
using Spamd.Engine.Config;
using Spamd.Engine.Learning;
using Spamd.Engine.Mime;
using Spamd.Engine.Rules;
using Spamd.Engine.Scanning;

namespace Spamd.Daemon.Scanning;

/// <summary>
/// The one place that builds the scanner (and the learner TELL uses) from the daemon's options
/// (-C/--configpath, --siteconfigpath, --cf, --pre, -L). Called at start and again on SIGHUP; an exception
/// keeps the previous scanner in service.
/// </summary>
public static class ScannerLoader
{
    /// <summary>The MIME reader, with the URI options (redirector_pattern, util_rb_tld) of the loaded configuration.</summary>
    private static IMailMessage Parse(ReadOnlyMemory<byte> raw, UriOptions uriOptions) => MailMessage.Parse(raw, uriOptions: uriOptions);

    /// <summary>
    /// The rule engine over the configured ruleset and the learner TELL uses, sharing one Bayes classifier
    /// (null learner when the database is unusable: Bayes is off and TELL answers "learning unavailable").
    /// </summary>
    /// <param name="warmUpInBackground">
    /// At start-up: serve at once while the warm-up scan runs beside the first requests. A reload warms up
    /// before the new ruleset is swapped in, so clients never wait for it.
    /// </param>
    public static ScannerGeneration Load(DaemonOptions options, DaemonLog? log = null, bool warmUpInBackground = false)
    {
        var started = Stopwatch.GetTimestamp();
        // The database opens (native SQLite, its own reading of the bayes_* settings) while the rules compile:
        // neither needs the other until the first scan.
        // Learning parses as scanning does, with the configuration's URI options (known once the rules compiled).
        RuleScanner? scanner = null;
        var opening = Task.Run(() => OpenBayes(options, raw => Parse(raw, scanner!.RuleSet.UriOptions)));
        scanner = Compile(options, () => opening.Result);
        var bayes = opening.GetAwaiter().GetResult();
        log?.Debug($"spamd: ruleset and Bayes database ready in {Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms");
        var warmUp = () =>
        {
            var warming = Stopwatch.GetTimestamp();
            WarmUp(scanner);
            log?.Debug($"spamd: warm-up scan took {Stopwatch.GetElapsedTime(warming).TotalMilliseconds:0} ms");
        };
        if (warmUpInBackground) _ = Task.Run(warmUp);
        else warmUp();
        return new ScannerGeneration(scanner, bayes);
    }

    /// <summary>Builds the scanner around an already opened classifier (shared with the learner).</summary>
    public static RuleScanner Load(DaemonOptions options, BayesClassifier? bayes)
    {
        var scanner = Compile(options, bayes is null ? null : () => bayes);
        WarmUp(scanner);
        return scanner;
    }

    /// <param name="bayes">The classifier once it is open (null inside: no usable database); null: no Bayes at all.</param>
    private static RuleScanner Compile(DaemonOptions options, Func<BayesClassifier?>? bayes) =>
        RuleScanner.Load(new RuleLoadOptions
        {
            // Compiling thousands of regexes in the background competes with scans for the JIT and, on a
            // 2-core machine, made the first scans take seconds while gaining no measured throughput.
            CompileRegexesInBackground = false,
            // Measured side by side in the daemon (1,200 dev messages, 4 in flight): compiling hot regexes to IL
            // left throughput unchanged (72 msg/s either way) and added ~110 MB of peak RSS (470 vs 360 MB).
            CompileHotRegexes = false,
            // The prefilter automata now prove the misses the non-backtracking gates were built for: side by side
            // (8 x 400 CHECKs, Bayes trained, twice) CPU per scan was the same within noise and RSS 272 vs 330-345 MB.
            GateHeavyRegexes = false,
            RulesDirectory = options.ConfigPath,
            SiteDirectory = options.SiteConfigPath ?? RuleLoadOptions.DefaultSiteDirectory,
            PreText = Lines(options.PreLines),
            CfText = Lines(options.ConfigLines),
            ConfiguredMessageParser = Parse,
            BayesProbability = bayes is null ? null
                : (message, settings) => bayes()?.Probability(message, settings.User, Relays(message, settings)),
            BayesAvailable = bayes is null ? null : settings => bayes()?.IsAvailable(settings.User) == true,
            // Without a usable database autolearn still decides, and reports "unavailable" as spamd does.
            AutoLearn = bayes is null ? null
                : (message, settings, asSpam) => bayes() is { } classifier && classifier.AutoLearn(message, settings.User, asSpam, Relays(message, settings)),
            // -L keeps the network tests off (score set 0/2); without it the DNS tests ask dns_server / resolv.conf.
            DnsTransport = options.LocalOnly ? null : NetworkTransport(),
        });

    /// <summary>The relay metadata Bayes tokenizes, with the scan's trusted/internal networks.</summary>
    private static Func<string, string?> Relays(IMailMessage message, ScanSettings settings) =>
        RelayMetadata.Of(message, settings.TrustedNetworks, settings.InternalNetworks);

    /// <summary>
    /// The UDP transport of the network tests. A scan blocks its thread while it waits for its DNS answers, and
    /// the code reading those answers needs pool threads too: a floor under the pool keeps concurrent scans
    /// from starving their own answers until the deadline (the pool only grows slowly on its own).
    /// </summary>
    private static UdpDnsTransport NetworkTransport()
    {
        ThreadPool.GetMinThreads(out int workers, out int completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), completionPorts);
        return new UdpDnsTransport();
    }

    /// <summary>
    /// One scan of a small built-in message before serving, so that the first client does not pay for
    /// JIT-compiling the engine (seconds on a busy machine).
    /// </summary>
    private static void WarmUp(IScanner scanner)
    {
        var sample = """
            Received: from mail.example.org (mail.example.org [192.0.2.1])
            	by mx.example.net with ESMTP id 1; Mon, 2 Nov 2026 10:00:00 +0000
            From: Warm Up <warm@example.org>
            To: someone@example.net
            Subject: warm-up
            Message-ID: <warm-up@example.org>
            Date: Mon, 2 Nov 2026 10:00:00 +0000
            MIME-Version: 1.0
            Content-Type: multipart/alternative; boundary="b"

            --b
            Content-Type: text/plain; charset=utf-8

            Hello, see http://www.example.com/page for details.
            --b
            Content-Type: text/html; charset=utf-8

            <html><body><p>Hello, <a href="http://www.example.com/page">details</a></p></body></html>
            --b--

            """u8.ToArray();
        // Never autolearn the sample into the database, and its relay and URIs must never become DNS questions.
        var local = scanner.DefaultSettings with { BayesAutoLearn = false, SkipRblChecks = true, SkipUriblChecks = true };
        scanner.Scan(sample, local, CancellationToken.None);
    }

    private static BayesClassifier? OpenBayes(DaemonOptions options, Func<ReadOnlyMemory<byte>, IMailMessage> parse)
    {
        try
        {
            var config = BayesSettings(options);
            var stores = Stores(options.BayesPath ?? config.BayesPath ?? "~/.spamassassin/bayes", options);
            // Opening the site database once here surfaces an unusable path at start, not at the first scan.
            stores.For(null);
            return new BayesClassifier(stores, parse, config.Options);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            Console.Error.WriteLine($"spamd: bayes: database unavailable ({e.Message}); Bayes off, TELL unavailable");
            return null;
        }
    }

    /// <summary>The bayes_* settings from the same configuration the rules come from, as sa-learn reads them.</summary>
    private static BayesConfig BayesSettings(DaemonOptions options)
    {
        var config = new BayesConfig();
        config.Load(options.ConfigPath ?? RuleLoadOptions.DefaultRulesDirectory);
        config.Load(options.SiteConfigPath ?? RuleLoadOptions.DefaultSiteDirectory);
        foreach (var line in options.ConfigLines) config.Apply(line);
        return config;
    }

    private static readonly Dictionary<string, BayesStoreProvider> OpenStores = new(StringComparer.Ordinal);

    /// <summary>One provider per database path for the life of the process (reloads share it).</summary>
    private static BayesStoreProvider Stores(string path, DaemonOptions options)
    {
        lock (OpenStores)
        {
            if (!OpenStores.TryGetValue(path, out var stores))
                OpenStores[path] = stores = new BayesStoreProvider(path, UserDirectory(options));
            return stores;
        }
    }

    /// <summary>
    /// What "~" in bayes_path is for a request's user, as spamd sets the user's directory: the home directory
    /// (when it reads users' preferences), or the --virtual-config-dir directory; null shares the site database.
    /// </summary>
    private static Func<string, string?> UserDirectory(DaemonOptions options) => user =>
        options.UserConfig ? UserDatabase.FindUser(user)?.Home is { Length: > 0 } home ? home : null
        : options.VirtualConfigDir is { } pattern ? Path.GetDirectoryName(UserPreferencesLocator.VirtualConfigPath(pattern, user))
        : null;

    private static string? Lines(List<string> lines) => lines.Count == 0 ? null : string.Join('\n', lines) + "\n";
}
