using Spamd.Engine.Mime;
using System.Diagnostics;
using System.Globalization;
using Spamd.Engine.Bayes;
using Spamd.Engine.Learning;
using Spamd.Learn;

// sa-learn: trains the Bayes database the way SpamAssassin's sa-learn does, with the same options and output.
const int UsageExit = 64;
LearnOptions options;
try { options = LearnOptions.Parse(args); }
catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
{
    return Usage(e.Message);
}
if (options.Help) return Usage("For more information read the manual page");
if (options.Version) { Console.WriteLine("SpamAssassin version 4.0.1 (Spamd sa-learn)"); return 0; }
if (options.ShowDots && options.Progress)
{
    Console.WriteLine("--showdots and --progress may not be used together, please select just one");
    return 0;
}
if (!options.HasAction)
    return Usage("Please select either --spam, --ham, --folders, --forget, --sync, --import,\n--dump, --clear, --backup or --restore");
if (options.Targets.Any(t => t.IsSpam == null) && !options.Forget)
    return Usage("Please select either --spam or --ham or --forget before the first target");

try
{
    var config = LearnSetup.LoadConfig(options);
    string dbPath = LearnSetup.DatabasePrefix(options, config) + BayesStoreProvider.FileSuffix;
    using var store = new SqliteBayesStore(dbPath);

    if (options.Dump != null) return Dump(store, options.Dump, config.Options);
    if (options.Clear) { store.Clear(); return 0; }
    if (options.Backup)
    {
        using var stdout = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = false };
        store.Backup(stdout);
        return 0;
    }
    if (options.Restore != null)
    {
        using var reader = new StreamReader(options.Restore, System.Text.Encoding.Latin1);
        store.Restore(reader);
        return 0;
    }
    long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    if (options.IsSpam == null && !options.Forget)
    {
        store.ExpireOldTokens(config.Options.ExpiryMaxDbSize, now, force: options.ForceExpire);
        return 0;
    }
    return Learn(store, options, config.Options, config.RewriteSubjectTag);
}
catch (FormatException e)
{
    Console.Error.WriteLine($"ERROR: Bayes restore returned an error: {e.Message}");
    return 2;
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or Microsoft.Data.Sqlite.SqliteException)
{
    Console.Error.WriteLine($"sa-learn: {e.Message}");
    return 2;
}

static int Learn(SqliteBayesStore store, LearnOptions options, BayesOptions bayesOptions, string? subjectTag)
{
    // Messages are parsed with the URI options of the same configuration (redirector_pattern, util_rb_*), as spamd parses them.
    var uriOptions = LearnSetup.LoadUriOptions(options);
    var classifier = new BayesClassifier(new BayesStoreProvider(store.Path), raw => MailMessage.Parse(raw, uriOptions: uriOptions), bayesOptions);
    var learner = new BulkLearner(classifier, store, subjectTag);
    LearnAction action = options.Forget ? LearnAction.Forget : options.IsSpam == true ? LearnAction.Spam : LearnAction.Ham;
    var targets = options.Targets.Count > 0 ? options.Targets.Select(t => t.Target).ToList() : ["-"];
    int examined = 0, learned = 0;
    var clock = Stopwatch.StartNew();
    var lastReport = TimeSpan.Zero;
    using var stderr = new StreamWriter(Console.OpenStandardError()) { AutoFlush = true };

    // Dots and counts are written once a batch has committed.
    void Committed(IReadOnlyList<LearnOutcome> outcomes)
    {
        examined += outcomes.Count;
        learned += outcomes.Count(outcome => outcome == LearnOutcome.Done);
        if (options.ShowDots) stderr.Write(new string('.', outcomes.Count));
        if (options.Progress && clock.Elapsed - lastReport >= TimeSpan.FromSeconds(1))
        {
            lastReport = clock.Elapsed;
            stderr.Write(string.Create(CultureInfo.InvariantCulture,
                $"\r{examined} messages examined, {learned} learned, {examined / clock.Elapsed.TotalSeconds:0} msgs/s "));
        }
    }

    // All targets are one stream of messages: a batch may span files.
    learner.Learn(targets.SelectMany(target => MessageSource.Read(target, options.Mbox, options.MaxSize)), action, Committed);
    if (options.ShowDots || options.Progress) stderr.WriteLine();
    if (!options.Quiet)
        Console.WriteLine($"{(options.Forget ? "Forgot" : "Learned")} tokens from {learned} message(s) ({examined} message(s) examined)");
    if (bayesOptions.AutoExpire)
        store.ExpireOldTokens(bayesOptions.ExpiryMaxDbSize, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), force: false);
    return 0;
}

static int Dump(SqliteBayesStore store, string what, BayesOptions bayesOptions)
{
    if (what is not ("" or "all" or "magic" or "data"))
    {
        Console.Error.WriteLine($"Unknown dump option '{what}'");
        return 1;
    }
    using var stdout = new StreamWriter(Console.OpenStandardOutput());
    if (what is "" or "all" or "magic") MagicDump.Write(stdout, store.GetMagic());
    if (what is "" or "all" or "data") MagicDump.WriteTokens(stdout, store, bayesOptions);
    return 0;
}

static int Usage(string message)
{
    Console.WriteLine("SpamAssassin version 4.0.1");
    Console.Error.WriteLine(message);
    Console.Error.WriteLine("Usage: sa-learn [options] [file]...\n" +
        "  --spam | --ham | --forget   what to learn the targets as\n" +
        "  --dbpath path  -u user  --dump [magic|data|all]  --backup  --restore file  --clear  --sync\n" +
        "  --mbox  --showdots  --progress  -q");
    return UsageExit;
}
