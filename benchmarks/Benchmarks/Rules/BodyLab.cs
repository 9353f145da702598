using Spamd.Benchmarks.Bayes;
using Spamd.Engine.Config;
using Spamd.Engine.Mime;
using Spamd.Engine.Rules;

namespace Spamd.Benchmarks.Rules;

/// <summary>
/// Where the body-class rules' time goes, rule by rule: the prefilter passes, and for each body/rawbody/full
/// regex the texts it runs on (count, characters) and the thread CPU of running it there (gates and linear forms
/// included, as built while warming).
/// <c>dotnet run -c Release --project benchmarks/Benchmarks -- body-lab [messages] [top]</c>.
/// </summary>
public static class BodyLab
{
    public static void Run(string[] args)
    {
        int count = args.Length > 0 && int.TryParse(args[0], out int c) ? c : 200;
        int top = args.Length > 1 && int.TryParse(args[1], out int t) ? t : 40;
        var raws = BayesAccuracy.Load("easy-ham-2").Take(count / 2).Concat(BayesAccuracy.Load("spam-2").Take(count / 2)).ToArray();
        var scanner = RuleScanner.Load(new RuleLoadOptions { CompileRegexesInBackground = false, MessageParser = raw => MailMessage.Parse(raw) });
        scanner.GatesTask.Wait();
        for (int pass = 0; pass < 2; pass++)
            foreach (var raw in raws) scanner.Scan(raw, scanner.DefaultSettings, CancellationToken.None);
        Thread.Sleep(2000);
        var linear = scanner.RuleSet.Rules.Where(r => r.Regex is { HasLinearForm: true }).Select(r => r.Name).ToArray();
        Console.WriteLine($"{linear.Length} regexes with linear forms after warming: {string.Join(" ", linear)}");
        var messages = raws.Select(raw => MailMessage.Parse(raw)).ToArray();
        var set = scanner.RuleSet;
        var clock = new ScanProfile { ThreadCpuTime = true };
        var classes = new (string Name, RuleKind Kind, Prefilter Prefilter, Func<MailMessage, IReadOnlyList<string>> Texts)[]
        {
            ("body", RuleKind.Body, set.BodyPrefilter, m => m.BodyText),
            ("rawbody", RuleKind.RawBody, set.RawBodyPrefilter, m => m.RawBodyText),
            ("full", RuleKind.Full, set.FullPrefilter, m => [m.FullText]),
        };
        var costs = new List<(string Rule, string Class, double Ms, long Texts, long Chars, int Hits)>();
        foreach (var (name, kind, prefilter, textsOf) in classes)
        {
            long chars = messages.Sum(m => (long)textsOf(m).Sum(x => x.Length));
            long texts = messages.Sum(m => (long)textsOf(m).Count);
            var candidates = new List<int>?[messages.Length][];
            long start = clock.Now();
            for (int i = 0; i < messages.Length; i++)
            {
                candidates[i] = new List<int>?[set.Rules.Length];
                prefilter.FindTexts(textsOf(messages[i]), candidates[i]);
            }
            double prefilterMs = ScanProfile.Milliseconds(clock.Now() - start) / messages.Length;
            Console.WriteLine($"{name}: {texts / (double)messages.Length:F1} texts, {chars / (double)messages.Length:F0} chars per message; prefilter {prefilterMs:F3} ms");
            foreach (var rule in set.Rules.Where(r => r.Kind == kind && r.Regex is not null && r.Scores[0] != 0))
            {
                long ruleTexts = 0, ruleChars = 0;
                int hits = 0, timeouts = 0;
                long ruleStart = clock.Now();
                for (int i = 0; i < messages.Length; i++)
                {
                    var all = textsOf(messages[i]);
                    IEnumerable<int> which = prefilter.Filters(rule.Index) ? candidates[i][rule.Index] ?? [] : Enumerable.Range(0, all.Count);
                    foreach (int x in which)
                    {
                        ruleTexts++;
                        ruleChars += all[x].Length;
                        if (rule.Regex!.IsMatch(all[x], ref timeouts)) { hits++; break; }
                    }
                }
                costs.Add((rule.Name + (rule.OneLine ? " (1L)" : "") + (prefilter.Filters(rule.Index) ? "" : " (nolit)"), name,
                    ScanProfile.Milliseconds(clock.Now() - ruleStart) / messages.Length, ruleTexts, ruleChars, hits));
            }
        }
        Console.WriteLine($"total regex {costs.Sum(x => x.Ms):F3} ms per message");
        foreach (var x in costs.OrderByDescending(x => x.Ms).Take(top))
            Console.WriteLine($"  {x.Rule,-44} {x.Class,-8} {x.Ms * 1000,7:F1} µs  texts {x.Texts / (double)messages.Length,6:F1} chars {x.Chars / (double)messages.Length,7:F0}  hit msgs {x.Hits}");
    }
}
