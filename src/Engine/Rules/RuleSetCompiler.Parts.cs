using System.Text.RegularExpressions;
using Spamd.Engine.Config;
using Spamd.Engine.Rules.Evals;
using Spamd.Engine.Rules.Literals;

namespace Spamd.Engine.Rules;

/// <summary>Compilation of each rule type.</summary>
public static partial class RuleSetCompiler
{
    [GeneratedRegex(@"^([\w.-]+(?::|(?::[a-z]+){1,2})?)\s*([=!]~)\s*(.+)$", RegexOptions.Singleline)]
    private static partial Regex HeaderTest();

    [GeneratedRegex(@"\s+\[if-unset:\s+(.+)\]$", RegexOptions.Singleline)]
    private static partial Regex IfUnset();

    [GeneratedRegex(@":(?!(?:raw|addr|name|host|domain|ip|revip|first|last)\b)", RegexOptions.IgnoreCase)]
    private static partial Regex BadHeaderModifier();

    [GeneratedRegex(@"(?<!\\)%\{([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*(?:\([^\)\}]*\))?)\}")]
    internal static partial Regex TemplateTag();

    [GeneratedRegex(@"\(\?P?[<'][A-Z]")]
    private static partial Regex CaptureGroup();

    [GeneratedRegex(@"^(\w+)\((.*?)\)$", RegexOptions.Singleline)]
    private static partial Regex EvalCall();

    [GeneratedRegex(@"(?<!_)\brules_matching\(\s*([_a-zA-Z*?][_a-zA-Z0-9*?]{0,127})\s*\)")]
    private static partial Regex RulesMatching();

    [GeneratedRegex("^[_a-zA-Z][_a-zA-Z0-9]*$")]
    private static partial Regex RuleNameToken();

    private static Rule? CompileHeader(Rule rule, string text, ConfigBuilder config, TimeSpan timeout, bool nonBacktracking, out string? error)
    {
        error = null;
        if (text.StartsWith("exists:", StringComparison.Ordinal))
        {
            string header = text["exists:".Length..].Trim();
            if (!Regex.IsMatch(header, @"^[\w.-]+:?$"))
            {
                error = $"invalid exists: header '{header}'";
                return null;
            }
            return rule with { HeaderSpec = header.TrimEnd(':'), ExistsTest = true };
        }
        var match = HeaderTest().Match(text);
        if (!match.Success)
        {
            error = "invalid header test";
            return null;
        }
        string spec = match.Groups[1].Value.TrimEnd(':');
        if (BadHeaderModifier().IsMatch(spec))
        {
            error = $"invalid header modifier in '{spec}'";
            return null;
        }
        string pattern = match.Groups[3].Value;
        string? ifUnset = null;
        var unset = IfUnset().Match(pattern);
        if (unset.Success)
        {
            ifUnset = unset.Groups[1].Value;
            pattern = pattern[..unset.Index];
        }
        var compiled = CompileRegexRule(rule, pattern, config, timeout, nonBacktracking, out error);
        // The literals are looked for in the header's value before the regex runs (see RuleRun.HeaderRule).
        return compiled is null ? null : compiled with
        {
            HeaderSpec = spec,
            Negated = match.Groups[2].Value == "!~",
            IfUnset = ifUnset,
        };
    }

    /// <summary>
    /// MIMEHeader's rules: a header test over every MIME part (the message itself included), run with the body
    /// evals as the plugin registers them.
    /// </summary>
    private static Rule? CompileMimeHeader(Rule rule, string text, ConfigBuilder config, TimeSpan timeout, bool nonBacktracking, out string? error)
    {
        var header = CompileHeader(rule with { Kind = RuleKind.Header }, text, config, timeout, nonBacktracking, out error);
        if (header is null) return null;
        if (header.Regex is null)
        {
            error = "mimeheader patterns cannot use template tags";
            return null;
        }
        var test = MimeEvals.MimeHeaderTest(header.HeaderSpec!, header.Regex, header.Negated, header.IfUnset);
        return rule with { Kind = RuleKind.BodyEval, Area = Spamd.Engine.Scanning.RuleArea.Body, EvalName = "mimeheader", Eval = test, EvalArguments = [] };
    }

    private static Rule? CompileRegexRule(Rule rule, string text, ConfigBuilder config, TimeSpan timeout, bool nonBacktracking, out string? error)
    {
        if (config.ReplaceRules.Contains(rule.Name)) text = ReplaceTagsExpander.Expand(text, config);
        if (!PerlRegex.TryParseDelimited(text, out var pattern, out var flags, out var parseError))
        {
            error = parseError;
            return null;
        }
        if (CaptureGroup().IsMatch(pattern)) rule = rule with { Priority = -10000 };

        var templates = TemplateTag().Matches(pattern);
        if (templates.Count > 0)
        {
            // Checked now with a stand-in value; compiled per message once the tag is known.
            var probe = PerlRegex.Translate(TemplateTag().Replace(pattern, "x"), flags);
            if (!probe.Succeeded || RuleRegex.Create(probe, timeout, false, out _) is null)
            {
                error = probe.Error ?? "invalid regex";
                return null;
            }
            error = null;
            return rule with
            {
                TemplatePattern = text,
                TemplateTags = templates.Select(m => m.Groups[1].Value).Distinct().ToArray(),
            };
        }

        var regex = RuleRegex.Create(pattern, flags, timeout, nonBacktracking, out error);
        if (regex is null) return null;
        return rule with { Regex = regex, RequiredLiterals = LiteralExtractor.Extract(pattern, flags) };
    }

    private static Rule? BindEval(Rule rule, string text, ConfigBuilder config, out string? error)
    {
        error = null;
        var call = EvalCall().Match(text.Trim());
        if (!call.Success)
        {
            error = $"syntax error in eval '{text}'";
            return null;
        }
        string name = call.Groups[1].Value;
        var arguments = EvalArguments.Parse(call.Groups[2].Value);
        if (arguments is null)
        {
            error = $"bad eval arguments '{call.Groups[2].Value}'";
            return null;
        }
        var function = EvalRegistry.Find(name);
        if (function is null) config.Report.Unimplemented(name);
        return rule with { EvalName = name, Eval = function, EvalArguments = arguments };
    }

    /// <summary>Compiles meta expressions in dependency order; cycles and syntax errors leave the meta constant 0.</summary>
    private static List<string> CompileMetas(List<RuleDefinition> metas, List<Rule> rules, Dictionary<string, int> indexByName, ConfigBuilder config)
    {
        var allNames = config.Rules.Keys.OrderBy(n => n, StringComparer.Ordinal).ToArray();
        var parsed = new Dictionary<string, (PerlExpression Expression, string[] Names)>(StringComparer.Ordinal);
        foreach (var meta in metas)
        {
            if (Regex.IsMatch(meta.Text, @"::|->|[$@%;{}]"))
            {
                config.Report.Skip(meta.Name, "invalid characters in meta expression");
                continue;
            }
            string text = RulesMatching().Replace(meta.Text, m => " (" + ExpandGlob(m.Groups[1].Value, meta.Name, allNames) + ") ");
            var tokens = PerlExpression.Tokenize(text).Select(t => t == "local_tests_only" ? "1" : t).ToList();
            try
            {
                var expression = tokens.Count == 0 ? PerlExpression.Parse("0") : PerlExpression.Parse(tokens);
                var names = tokens.Where(t => RuleNameToken().IsMatch(t)).Distinct().ToArray();
                parsed[meta.Name] = (expression, names);
            }
            catch (FormatException e)
            {
                config.Report.Skip(meta.Name, "meta syntax: " + e.Message);
            }
        }

        // Topological order: repeatedly take metas whose meta dependencies are all placed.
        var placed = new HashSet<string>(StringComparer.Ordinal);
        var order = new List<string>();
        var pending = parsed.Keys.OrderBy(n => n, StringComparer.Ordinal).ToList();
        bool progress = true;
        while (pending.Count > 0 && progress)
        {
            progress = false;
            for (int i = 0; i < pending.Count; i++)
            {
                string name = pending[i];
                if (parsed[name].Names.Any(d => parsed.ContainsKey(d) && !placed.Contains(d) && d != name)) continue;
                if (parsed[name].Names.Contains(name)) continue;
                placed.Add(name);
                order.Add(name);
                pending.RemoveAt(i--);
                progress = true;
            }
        }
        foreach (var name in pending) config.Report.Skip(name, "unsolved meta dependencies (cycle)");

        foreach (var name in order)
        {
            var (expression, names) = parsed[name];
            int index = indexByName[name];
            rules[index] = rules[index] with
            {
                Meta = expression.Compile(n => indexByName.GetValueOrDefault(n, -1)),
                Dependencies = names.Where(indexByName.ContainsKey).Select(n => indexByName[n]).ToArray(),
                WaitsForEnd = names.Any(n => !indexByName.ContainsKey(n)),
            };
        }
        var compiled = new HashSet<string>(order, StringComparer.Ordinal);
        foreach (var meta in metas.Where(m => !compiled.Contains(m.Name)))
            rules[indexByName[meta.Name]] = rules[indexByName[meta.Name]] with { Meta = null };
        return order;
    }

    private static string ExpandGlob(string glob, string self, string[] names)
    {
        var pattern = new Regex("^" + Regex.Escape(glob).Replace(@"\?", ".").Replace(@"\*", ".*?") + "$");
        var matches = names.Where(n => n != self && pattern.IsMatch(n)).ToArray();
        return matches.Length == 0 ? "0" : string.Join("+", matches);
    }

    /// <summary>Groups the non-meta rules into priority levels (lowest first) and phases.</summary>
    private static PriorityLevel[] BuildLevels(List<Rule> rules)
    {
        var priorities = rules.Where(r => PhaseOf(r) is not null).Select(r => r.Priority).Distinct().Order().ToList();
        if (priorities.Count == 0) priorities.Add(0);
        var levels = new List<PriorityLevel>();
        foreach (int priority in priorities)
        {
            var phases = new Rule[Enum.GetValues<RulePhase>().Length][];
            foreach (var phase in Enum.GetValues<RulePhase>())
                phases[(int)phase] = rules.Where(r => r.Priority == priority && PhaseOf(r) == phase)
                    .OrderBy(r => r.HeaderSpec ?? "", StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal)
                    .ToArray();
            levels.Add(new PriorityLevel(priority, phases));
        }
        return levels.ToArray();
    }

    private static RulePhase? PhaseOf(Rule rule) => rule.Kind switch
    {
        RuleKind.Body when rule.OneLine => RulePhase.OneLineBody,
        RuleKind.Header => RulePhase.Header,
        RuleKind.HeaderEval => RulePhase.HeaderEval,
        RuleKind.Body or RuleKind.MimeHeader => RulePhase.Body,
        RuleKind.Uri => RulePhase.Uri,
        RuleKind.BodyEval => RulePhase.BodyEval,
        RuleKind.RawBody => RulePhase.RawBody,
        RuleKind.RawBodyEval => RulePhase.RawBodyEval,
        RuleKind.Full => RulePhase.Full,
        RuleKind.FullEval => RulePhase.FullEval,
        _ => null,
    };
}
