using Spamd.LoadDriver;

LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (FormatException e)
{
    if (e.Message.Length == 0) // --help
    {
        Console.WriteLine(LoadOptions.Usage);
        return 0;
    }
    Console.Error.WriteLine("spamload: " + e.Message);
    Console.Error.WriteLine(LoadOptions.Usage);
    return 2;
}

try
{
    if (options.Compare is var (first, second))
    {
        Console.Write(ComparisonTable.Render(
            LoadReport.FromJson(File.ReadAllText(first)), LoadReport.FromJson(File.ReadAllText(second))));
        return 0;
    }

    var messages = Corpus.Load(options.Directories, options.Pattern, options.LabelsFile);
    if (messages.Count == 0 && options.Method != ScanMethod.Ping)
    {
        Console.Error.WriteLine($"spamload: no files matching {options.Pattern} in {string.Join(", ", options.Directories)}");
        return 2;
    }
    if (options.Seed is int seed) Corpus.Shuffle(messages, seed);
    var requests = messages.Count == 0
        ? [SpamcRequest.Build(ScanMethod.Ping, null, default, null)]
        : messages.Select(m => SpamcRequest.Build(options.Method, options.User, m.Bytes, m.ExpectSpam)).ToArray();
    messages = null; // the requests hold their own copy; let the originals go before measuring

    var settings = new LoadSettings
    {
        Address = options.Address(),
        Method = options.Method,
        User = options.User,
        Concurrency = options.Concurrency,
        Count = options.Count,
        Duration = options.Duration,
        Warmup = options.Warmup,
        RequestTimeout = options.Timeout,
        TargetName = options.Name,
        WatchPid = options.WatchPid,
        Progress = new LoadProgress(),
    };

    using var interrupted = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) => { e.Cancel = true; interrupted.Cancel(); };
    var run = LoadRunner.RunAsync(settings, requests, interrupted.Token);
    // A heartbeat on stderr so a long run against a slow server visibly makes progress.
    var clock = System.Diagnostics.Stopwatch.StartNew();
    while (await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(10))) != run)
        Console.Error.WriteLine($"spamload: {settings.Progress.Completed} done, {settings.Progress.Failed} failed after {clock.Elapsed.TotalSeconds:F0} s");
    var report = await run;

    Console.Write(report.ToTable());
    if (options.JsonPath is { } path) await File.WriteAllTextAsync(path, report.ToJson());
    return report.Failed == 0 ? 0 : 1;
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentException or System.Text.Json.JsonException)
{
    Console.Error.WriteLine("spamload: " + e.Message);
    return 2;
}
