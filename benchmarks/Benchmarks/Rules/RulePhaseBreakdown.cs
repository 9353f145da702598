using Spamd.Benchmarks.Bayes;
using Spamd.Engine.Config;
using Spamd.Engine.Mime;
using Spamd.Engine.Relays;
using Spamd.Engine.Rules;

namespace Spamd.Benchmarks.Rules;

/// <summary>
/// Where a scan's CPU goes besides the rules' own work, in thread CPU time with the default (fast) scanner:
/// MIME parsing and each lazily built rendering (header lookups, body texts, URIs, relays) measured before the
/// scan touches them, then the rule phases, then what the scan does after its rules.
/// <c>dotnet run -c Release --project benchmarks/Benchmarks -- rule-phases [messages] [passes] [--rules N] [--phase NAME]</c>:
/// with <c>--rules</c>, the costliest rules (of one phase with <c>--phase</c>; per-rule clock readings add ~0.5 µs a rule).
/// </summary>
public static class RulePhaseBreakdown
{
    public static void Run(string[] args)
    {
        int count = args.Length > 0 && int.TryParse(args[0], out int c) ? c : 200;
        int passes = args.Length > 1 && int.TryParse(args[1], out int p) ? p : 2;
        int topRules = args.SkipWhile(a => a != "--rules").Skip(1).Select(int.Parse).FirstOrDefault();
        string? phase = args.SkipWhile(a => a != "--phase").Skip(1).FirstOrDefault();
        var messages = BayesAccuracy.Load("easy-ham-2").Take(count / 2).Concat(BayesAccuracy.Load("spam-2").Take(count / 2)).ToArray();
        var scanner = RuleScanner.Load(new RuleLoadOptions { CompileRegexesInBackground = false, MessageParser = raw => MailMessage.Parse(raw) });
        scanner.GatesTask.Wait();
        var settings = scanner.DefaultSettings;
        var specs = scanner.RuleSet.Rules.Where(r => r.HeaderSpec is not null).Select(r => r.HeaderSpec!).Distinct().ToArray();
        for (int pass = 0; pass < 2; pass++)
            foreach (var message in messages) scanner.Scan(message, settings, CancellationToken.None);
        Thread.Sleep(2000);

        var clock = new ScanProfile { ThreadCpuTime = true };
        var profile = new ScanProfile { ThreadCpuTime = true, RuleTimes = topRules > 0 };
        var before = new Dictionary<string, long>(StringComparer.Ordinal);
        void Add(string name, long ticks) => before[name] = before.GetValueOrDefault(name) + ticks;
        long scanTicks = 0;
        for (int pass = 0; pass < passes; pass++)
            foreach (var raw in messages)
            {
                long t = clock.Now();
                var message = MailMessage.Parse(raw);
                long u = clock.Now(); Add("parse", u - t); t = u;
                foreach (var spec in specs) if (!spec.Contains("ALL-") && !RelayPath.IsPseudoHeader(spec.Split(':')[0])) message.GetHeader(spec);
                u = clock.Now(); Add("header lookups", u - t); t = u;
                _ = message.BodyText;
                u = clock.Now(); Add("body text", u - t); t = u;
                _ = message.VisibleBodyText; _ = message.InvisibleBodyText;
                u = clock.Now(); Add("visible/invisible text", u - t); t = u;
                _ = message.RawBodyText;
                u = clock.Now(); Add("rawbody text", u - t); t = u;
                _ = message.FullText;
                u = clock.Now(); Add("full text", u - t); t = u;
                _ = message.Uris;
                u = clock.Now(); Add("uris", u - t); t = u;
                _ = message.HtmlParts;
                u = clock.Now(); Add("html parts", u - t); t = u;
                long phases = profile.PhaseTicks.Values.Sum();
                scanner.Scan(message, settings, CancellationToken.None, profile);
                u = clock.Now();
                scanTicks += u - t;
                Add("scan outside phases", u - t - (profile.PhaseTicks.Values.Sum() - phases));
            }
        int scans = passes * messages.Length;
        double total = 0;
        foreach (var (name, t) in before)
        {
            Console.WriteLine($"  {name,-44} {ScanProfile.Milliseconds(t) / scans,8:F3} ms");
            total += ScanProfile.Milliseconds(t) / scans;
        }
        foreach (var (name, t) in profile.PhaseTicks.OrderByDescending(kv => kv.Value))
        {
            Console.WriteLine($"  phase {name,-38} {ScanProfile.Milliseconds(t) / scans,8:F3} ms");
            total += ScanProfile.Milliseconds(t) / scans;
        }
        Console.WriteLine($"total {total:F3} ms CPU per message ({scans} scans; scan alone {ScanProfile.Milliseconds(scanTicks) / scans:F3})");
        var kinds = scanner.RuleSet.Rules.ToDictionary(r => r.Name, r => PhaseName(r));
        foreach (var (rule, t) in profile.RuleTicks.Where(kv => phase is null || kinds.GetValueOrDefault(kv.Key) == phase)
                     .OrderByDescending(kv => kv.Value).Take(topRules))
            Console.WriteLine($"  rule {rule,-32} {ScanProfile.Milliseconds(t) / scans * 1000,8:F1} µs  {kinds.GetValueOrDefault(rule)}");
    }

    private static string PhaseName(Rule rule) => rule.Kind switch
    {
        RuleKind.Body when rule.OneLine => "OneLineBody",
        RuleKind.MimeHeader => "Body",
        _ => rule.Kind.ToString(),
    };
}

/// <summary>Every rule value, hit (with step and log) and score per dev message, to diff two builds.</summary>
public static class RuleValueDump
{
    public static void Run(string[] args)
    {
        int count = args.Length > 0 && int.TryParse(args[0], out int c) ? c : 300;
        string output = args.Length > 1 ? args[1] : "/tmp/rule-values.txt";
        var groups = new[] { "easy-ham-2", "spam-2", "easy-ham-1", "spam-1" };
        var scanner = RuleScanner.Load(new RuleLoadOptions { CompileRegexesInBackground = false, MessageParser = raw => MailMessage.Parse(raw) });
        using var writer = new StreamWriter(output);
        foreach (var group in groups)
        {
            int n = 0;
            foreach (var raw in BayesAccuracy.Load(group).Take(count / groups.Length))
            {
                var context = new RuleContext(MailMessage.Parse(raw), scanner.DefaultSettings, scanner.RuleSet, bayesProbability: null);
                var run = new RuleRun(context, scanner.ScoresFor(scanner.DefaultSettings, 0), CancellationToken.None);
                run.Execute();
                var rules = scanner.RuleSet.Rules;
                var values = Enumerable.Range(0, rules.Length).Where(i => context.Values[i] != 0).Select(i => $"{rules[i].Name}={context.Values[i]}");
                writer.WriteLine($"{group}/{n++}: score {Math.Round(run.Score, 3)} timeouts {context.RegexTimeouts}");
                foreach (var hit in run.Hits) writer.WriteLine($"  hit {hit.Name} {hit.Score} step {hit.Step:x} log {string.Join("|", hit.Log ?? [])}");
                writer.WriteLine($"  values {string.Join(" ", values)}");
                writer.WriteLine($"  tags {string.Join(" ", context.Tags.OrderBy(kv => kv.Key).Select(kv => kv.Key + "=" + kv.Value))}");
            }
        }
        Console.WriteLine($"written {output}");
    }
}

/// <summary>Thread CPU per message of Received parsing alone (<c>relay-parse [messages] [passes]</c>).</summary>
public static class RelayParseTimer
{
    public static void Run(string[] args)
    {
        int count = args.Length > 0 && int.TryParse(args[0], out int c) ? c : 200;
        int passes = args.Length > 1 && int.TryParse(args[1], out int p) ? p : 5;
        var lines = BayesAccuracy.Load("easy-ham-2").Take(count / 2).Concat(BayesAccuracy.Load("spam-2").Take(count / 2))
            .Select(raw => MailMessage.Parse(raw).GetHeaderValues("Received").ToArray()).ToArray();
        var clock = new ScanProfile { ThreadCpuTime = true };
        for (int pass = 0; pass < passes + 2; pass++)
        {
            long start = clock.Now();
            foreach (var received in lines) RelayPath.Classify(received, [], []);
            if (pass >= 2) Console.WriteLine($"pass {pass - 1}: {ScanProfile.Milliseconds(clock.Now() - start) / lines.Length * 1000:F1} µs per message ({lines.Average(l => l.Length):F1} Received lines)");
        }
    }
}
