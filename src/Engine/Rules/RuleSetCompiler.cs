using System.Collections.Frozen;
using System.Text.RegularExpressions;
using Spamd.Engine.Config;
using Spamd.Engine.Rules.Evals;
using Spamd.Engine.Rules.Literals;
using Spamd.Engine.Scanning;

namespace Spamd.Engine.Rules;

/// <summary>
/// Turns parsed configuration into an immutable <see cref="RuleSet"/>: applies ReplaceTags, translates and
/// compiles regexes, binds eval functions, compiles metas in dependency order, assigns priorities and
/// builds the prefilters. A rule that cannot be compiled is reported and left out; the load never fails.
/// </summary>
public static partial class RuleSetCompiler
{
    private const string NoDescription = "No description available.";

    public static RuleSet Compile(ConfigBuilder config, TimeSpan regexTimeout, bool allowNonBacktracking = false, bool usePrefilter = true)
    {
        var report = config.Report;
        var definitions = config.Rules.Values.OrderBy(d => d.Name, StringComparer.Ordinal).ToList();

        // Pass 1: every non-meta rule, regexes compiled in parallel (the stock set has patterns of 200 KB).
        var plain = definitions.Where(d => d.Kind != RuleKind.Meta).ToArray();
        var compiled = new Rule?[plain.Length];
        Parallel.For(0, plain.Length, i =>
        {
            string? error;
            try
            {
                compiled[i] = CompileRule(plain[i], 0, config, regexTimeout, allowNonBacktracking, out error);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // One bad rule never fails the load.
                compiled[i] = null;
                error = $"{e.GetType().Name}: {e.Message}";
            }
            if (compiled[i] is null) report.Skip(plain[i].Name, error ?? "cannot compile");
        });
        var rules = new List<Rule>();
        var indexByName = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var rule in compiled)
        {
            if (rule is null) continue;
            indexByName[rule.Name] = rules.Count;
            rules.Add(rule with { Index = rules.Count, RequiredLiterals = usePrefilter ? rule.RequiredLiterals : null });
        }
        var oneLineBases = config.IsPluginLoaded("Rule2XSBody") ? MarkOneLineRules(rules, config) : null;
        var metaDefinitions = definitions.Where(d => d.Kind == RuleKind.Meta).ToList();
        foreach (var meta in metaDefinitions)
        {
            indexByName[meta.Name] = rules.Count;
            rules.Add(Placeholder(meta, rules.Count, config));
        }

        var metaOrder = CompileMetas(metaDefinitions, rules, indexByName, config);
        var priorityLevels = BuildLevels(rules);

        report.RuleCount = rules.Count;
        var frozenIndex = indexByName.ToFrozenDictionary(StringComparer.Ordinal);
        return new RuleSet
        {
            Rules = rules.ToArray(),
            IndexByName = frozenIndex,
            Levels = priorityLevels,
            MetaOrder = metaOrder.Select(name => rules[indexByName[name]]).ToArray(),
            Settings = config.Settings,
            Report = report,
            UriHostLists = config.UriHostLists.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.ToFrozenSet(StringComparer.Ordinal), StringComparer.Ordinal),
            UriOptions = config.BuildUriOptions(),
            UriDnsBls = UriDnsBlRule.WithFlags(config.UriDnsBls, config.Tflags),
            FreeMail = new FreeMailDomains(
                config.FreemailDomains.Where(d => !d.AsSpan().ContainsAny("*?")),
                config.FreemailDomains.Where(d => d.AsSpan().ContainsAny("*?")),
                config.FreemailWelcomelist),
            BodyPrefilter = new Prefilter(rules.Where(r => r.Kind == RuleKind.Body)),
            RawBodyPrefilter = new Prefilter(rules.Where(r => r.Kind == RuleKind.RawBody)),
            FullPrefilter = new Prefilter(rules.Where(r => r.Kind == RuleKind.Full)),
            UriPrefilter = new Prefilter(rules.Where(r => r.Kind == RuleKind.Uri)),
            OneLineBases = oneLineBases,
        };
    }

    /// <summary>Rule2XSBody's choice: compiled body rules whose pattern is unchanged, except ReplaceTags and capture rules.</summary>
    private static BaseStringScanner? MarkOneLineRules(List<Rule> rules, ConfigBuilder config)
    {
        var compiled = CompiledBodyRules.Load();
        if (compiled.Count == 0) return null;
        var bases = new Dictionary<int, List<string>>();
        for (int i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            if (rule.Kind != RuleKind.Body || rule.Regex is null || rule.Regex.TagGroups.Length > 0) continue;
            if (config.ReplaceRules.Contains(rule.Name) || !compiled.TryGetValue((rule.Priority, rule.Name), out var entry)) continue;
            if (!config.Rules.TryGetValue(rule.Name, out var definition)
                || !PerlRegex.TryParseDelimited(definition.Text, out var pattern, out _, out _)
                || !CompiledBodyRules.SamePattern(entry.Pattern, pattern)) continue;
            rules[i] = rule with { OneLine = true };
            bases[i] = entry.Bases;
        }
        return bases.Count == 0 ? null : new BaseStringScanner(bases);
    }

    private static double[] ScoresFor(string name, ConfigBuilder config)
    {
        if (config.Scores.TryGetValue(name, out var scores)) return (double[])scores.Clone();
        double score = name.StartsWith("T_", StringComparison.Ordinal) ? 0.01 : 1.0;
        if (RuleFlags.Parse(config.Tflags.GetValueOrDefault(name)).Nice) score = -score;
        return [score, score, score, score];
    }

    private static Rule Placeholder(RuleDefinition meta, int index, ConfigBuilder config) => new()
    {
        Index = index,
        Name = meta.Name,
        Kind = RuleKind.Meta,
        Description = config.Descriptions.GetValueOrDefault(meta.Name) ?? NoDescription,
        Area = RuleArea.None,
        Scores = ScoresFor(meta.Name, config),
        Priority = config.Priorities.GetValueOrDefault(meta.Name),
        Flags = RuleFlags.Parse(config.Tflags.GetValueOrDefault(meta.Name)),
        Meta = _ => 0,
    };

    private static Rule? CompileRule(RuleDefinition definition, int index, ConfigBuilder config, TimeSpan timeout,
        bool allowNonBacktracking, out string? error)
    {
        error = null;
        var flags = RuleFlags.Parse(config.Tflags.GetValueOrDefault(definition.Name));
        int priority = config.Priorities.TryGetValue(definition.Name, out int p) ? p : flags.Net ? -100 : 0;
        var area = definition.Kind switch
        {
            RuleKind.Body or RuleKind.BodyEval => RuleArea.Body,
            RuleKind.RawBody or RuleKind.RawBodyEval => RuleArea.RawBody,
            RuleKind.Full or RuleKind.FullEval => RuleArea.Full,
            RuleKind.Uri => RuleArea.Uri,
            _ => RuleArea.None,
        };
        var rule = new Rule
        {
            Index = index,
            Name = definition.Name,
            Kind = definition.Kind,
            Description = config.Descriptions.GetValueOrDefault(definition.Name) ?? NoDescription,
            Area = area,
            Scores = ScoresFor(definition.Name, config),
            Priority = priority,
            Flags = flags,
        };

        switch (definition.Kind)
        {
            case RuleKind.Empty:
                return rule;
            case RuleKind.HeaderEval:
            case RuleKind.BodyEval:
            case RuleKind.RawBodyEval:
            case RuleKind.FullEval:
                return BindEval(rule, definition.Text, config, out error);
            case RuleKind.MimeHeader:
                return CompileMimeHeader(rule, definition.Text, config, timeout, allowNonBacktracking, out error);
            case RuleKind.Header:
                return CompileHeader(rule, definition.Text, config, timeout, allowNonBacktracking, out error);
            default:
                return CompileRegexRule(rule, definition.Text, config, timeout, allowNonBacktracking, out error);
        }
    }
}
