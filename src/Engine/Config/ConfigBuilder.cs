using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using Spamd.Engine.Rules;
using Spamd.Engine.Scanning;

namespace Spamd.Engine.Config;

/// <summary>
/// Applies configuration directives, one at a time, to the state a ruleset is compiled from: rule definitions,
/// per-rule attributes (score, describe, tflags, priority), ReplaceTags, and the <see cref="ScanSettings"/>.
/// In <see cref="ScoresOnly"/> mode it parses user preferences the way spamd does: administrator settings are
/// refused, and rule definitions too unless the site allows user rules.
/// </summary>
public sealed partial class ConfigBuilder
{
    /// <summary>SpamAssassin's $VERSION, which <c>version</c> in conditions and <c>require_version</c> compare with.</summary>
    public const string Version = "4.000001";

    private const double PerlVersion = 5.036000;

    private readonly Func<string, double[]?>? siteScores;

    /// <summary>Starts an empty site configuration.</summary>
    public ConfigBuilder(ScanSettings baseSettings, LoadReport? report = null)
    {
        Settings = baseSettings;
        Report = report ?? new LoadReport();
    }

    /// <summary>Starts a user-preferences parse over the site settings; <paramref name="siteScores"/> resolves relative scores.</summary>
    public ConfigBuilder(ScanSettings siteSettings, Func<string, double[]?> siteScores)
    {
        Settings = siteSettings;
        Report = new LoadReport();
        ScoresOnly = true;
        this.siteScores = siteScores;
    }

    public LoadReport Report { get; }

    public bool ScoresOnly { get; }

    /// <summary>
    /// A site configuration now reading one user's preferences to compile that user's own ruleset (the site
    /// allows user rules): administrator settings are refused as in <see cref="ScoresOnly"/> mode, rules are kept.
    /// </summary>
    public bool ReadingUserPreferences { get; private set; }

    /// <summary>A <see cref="ScoresOnly"/> parse met rule directives the site allows: the user needs a ruleset of their own.</summary>
    public bool HasUserRules { get; private set; }

    /// <summary>True while user preferences are read, in either mode.</summary>
    public bool IsUserPreferences => ScoresOnly || ReadingUserPreferences;

    /// <summary>Switches a loaded site configuration to reading a user's preferences on top of it.</summary>
    public void BeginUserPreferences() => ReadingUserPreferences = true;

    public ScanSettings Settings { get; private set; }

    public Dictionary<string, RuleDefinition> Rules { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, double[]> Scores { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> Descriptions { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> Tflags { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, int> Priorities { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> ReplaceTags { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> ReplacePre { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> ReplaceInter { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> ReplacePost { get; } = new(StringComparer.Ordinal);
    public HashSet<string> ReplaceRules { get; } = new(StringComparer.Ordinal);
    public string ReplaceStart { get; private set; } = "<";
    public string ReplaceEnd { get; private set; } = ">";

    public List<string> RedirectorPatterns { get; } = [];

    /// <summary>FreeMail plugin lists (lower case; entries with * or ? are wildcard domains).</summary>
    public HashSet<string> FreemailDomains { get; } = new(StringComparer.Ordinal);
    public HashSet<string> FreemailWelcomelist { get; } = new(StringComparer.Ordinal);

    /// <summary>enlist_uri_host lists: list name to host names (lower case).</summary>
    public Dictionary<string, HashSet<string>> UriHostLists { get; } = new(StringComparer.Ordinal);

    /// <summary>Plugins that count as loaded (short names, e.g. "HeaderEval").</summary>
    public HashSet<string> LoadedPlugins { get; } = new(StringComparer.Ordinal) { "Check" };

    private readonly HashSet<string> compatFlags = new(StringComparer.Ordinal);

    private static readonly Regex RuleName = new("^[_a-zA-Z][_a-zA-Z0-9]{0,99}$", RegexOptions.CultureInvariant);

    /// <summary>Applies one directive (key already lower-cased with '-' turned to '_').</summary>
    public void Apply(string key, string value, string where)
    {
        if (IsUserPreferences)
        {
            if (AdminDirectives.Contains(key))
            {
                Report.Warn($"{where}: not parsing, administrator setting: {key}");
                return;
            }
            if (PrivilegedDirectives.Contains(key) && !Settings.AllowUserRules)
            {
                Report.Warn($"{where}: not parsing, 'allow_user_rules' is 0: {key}");
                return;
            }
            if (PrivilegedDirectives.Contains(key) && ScoresOnly)
            {
                // Settings alone cannot carry rules: the scanner compiles a ruleset for this user instead.
                HasUserRules = true;
                return;
            }
        }

        try
        {
            if (!ApplyRuleDirective(key, value, where) && !ApplySetting(key, value, where) && !ApplyDnsSetting(key, value, where) && !ApplyUriSetting(key, value))
                Report.Ignored(key);
        }
        catch (FormatException e)
        {
            Report.Warn($"{where}: invalid '{key}' value: {e.Message}");
        }
    }

    private bool ApplyRuleDirective(string key, string value, string where)
    {
        switch (key)
        {
            case "header":
            case "body":
            case "rawbody":
            case "full":
            case "uri":
            case "meta":
            case "mimeheader":
                AddRule(key, value, where);
                return true;
            case "describe":
                if (SplitNameValue(value, out var name, out var text)) Descriptions[name] = text;
                return true;
            case "tflags":
                if (SplitNameValue(value, out name, out text)) Tflags[name] = text;
                else if (value.Length > 0) Tflags[value.Trim()] = "";
                return true;
            case "priority":
                if (SplitNameValue(value, out name, out text) && int.TryParse(text, CultureInfo.InvariantCulture, out int priority))
                    Priorities[name] = priority;
                else throw new FormatException(value);
                return true;
            case "score":
                SetScore(value);
                return true;
            case "askdns":
                // AskDNS rules are DNS lookups: the name exists (for metas) but never hits without network tests.
            case "reuse":
                name = value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
                if (RuleName.IsMatch(name) && !Rules.ContainsKey(name))
                    Rules[name] = new RuleDefinition(name, RuleKind.Empty, "", where);
                return true;
            case "replace_tag": return SetNamed(ReplaceTags, value);
            case "replace_pre": return SetNamed(ReplacePre, value);
            case "replace_inter": return SetNamed(ReplaceInter, value);
            case "replace_post": return SetNamed(ReplacePost, value);
            case "replace_rules":
                foreach (var rule in value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)) ReplaceRules.Add(rule);
                return true;
            case "replace_start": ReplaceStart = value; return true;
            case "replace_end": ReplaceEnd = value; return true;
            case "redirector_pattern":
                RedirectorPatterns.Add(value);
                return true;
            case "test":
                return true; // lint-time self tests
        }
        return false;
    }

    private void AddRule(string type, string value, string where)
    {
        if (!SplitNameValue(value, out var name, out var text))
        {
            Report.Warn($"{where}: {type} needs a rule name and a definition");
            return;
        }
        if (!RuleName.IsMatch(name))
        {
            Report.Skip(name, $"invalid rule name ({where})");
            return;
        }
        bool isEval = text.StartsWith("eval:", StringComparison.Ordinal);
        RuleKind kind = type switch
        {
            "header" => isEval ? RuleKind.HeaderEval : RuleKind.Header,
            "body" => isEval ? RuleKind.BodyEval : RuleKind.Body,
            "rawbody" => isEval ? RuleKind.RawBodyEval : RuleKind.RawBody,
            "full" => isEval ? RuleKind.FullEval : RuleKind.Full,
            "uri" => RuleKind.Uri,
            "meta" => RuleKind.Meta,
            _ => RuleKind.MimeHeader,
        };
        if (isEval) text = text["eval:".Length..].Trim();
        Rules[name] = new RuleDefinition(name, kind, text, where);
    }

    private void SetScore(string value)
    {
        var parts = value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 && parts.Length != 5)
            throw new FormatException("score needs a rule name and 1 or 4 scores");
        string rule = parts[0];
        bool relative = false;
        var values = new double[4];
        for (int i = 1; i < parts.Length; i++)
        {
            string s = parts[i];
            if (s.Length > 2 && s[0] == '(' && s[^1] == ')')
            {
                relative = true;
                s = s[1..^1];
            }
            if (!ScoreNumber().IsMatch(s)) throw new FormatException($"non-numeric score '{parts[i]}'");
            values[i - 1] = double.Parse(s, CultureInfo.InvariantCulture);
        }
        if (parts.Length == 2) values[1] = values[2] = values[3] = values[0];

        double[]? current = CurrentScores(rule);
        if (relative)
        {
            if (current is null) throw new FormatException("relative score without previous setting");
            for (int i = 0; i < 4; i++) values[i] += current[i];
        }

        if (!ScoresOnly)
        {
            Scores[rule] = values;
            return;
        }
        Settings = Settings with
        {
            ScoreSetOverrides = Settings.ScoreSetOverrides.SetItem(rule, [.. values]),
            ScoreOverrides = parts.Length == 2 || values.All(v => v == values[0])
                ? Settings.ScoreOverrides.SetItem(rule, values[0])
                : Settings.ScoreOverrides.Remove(rule),
        };
    }

    private double[]? CurrentScores(string rule)
    {
        if (!ScoresOnly) return Scores.GetValueOrDefault(rule);
        if (Settings.ScoreSetOverrides.TryGetValue(rule, out var set)) return [.. set];
        return siteScores?.Invoke(rule);
    }

    [GeneratedRegex(@"^-?\d+(?:\.\d+)?$")]
    private static partial Regex ScoreNumber();

    private static bool SetNamed(Dictionary<string, string> map, string value)
    {
        if (SplitNameValue(value, out var name, out var text)) map[name] = text;
        return true;
    }

    internal static bool SplitNameValue(string value, out string name, out string text)
    {
        int space = value.AsSpan().IndexOfAny(' ', '\t');
        if (space < 0)
        {
            name = value;
            text = "";
            return false;
        }
        name = value[..space];
        text = value[(space + 1)..].Trim();
        return true;
    }

    /// <summary>Evaluates an <c>if</c> expression (ifplugin arrives as <c>plugin(Module)</c>).</summary>
    public bool EvaluateCondition(string expression, string where)
    {
        try
        {
            var parsed = PerlExpression.Parse(expression);
            double result = parsed.Evaluate(
                name => name switch
                {
                    "version" => double.Parse(Version, CultureInfo.InvariantCulture),
                    "perl_version" => PerlVersion,
                    "local_tests_only" => 1,
                    _ => throw new FormatException($"unknown word '{name}'"),
                },
                (function, argument) => function switch
                {
                    "plugin" => IsPluginLoaded(argument) ? 1 : 0,
                    "can" => !IsUserPreferences && Can(argument) ? 1 : 0, // spamd: "if can" is not available in user_prefs
                    "has" => Can(argument) ? 1 : 0,
                    _ => throw new FormatException($"unknown function '{function}'"),
                });
            return result != 0;
        }
        catch (FormatException e)
        {
            Report.Warn($"{where}: cannot evaluate condition '{expression}': {e.Message}");
            return false;
        }
    }

    public bool IsPluginLoaded(string module) => LoadedPlugins.Contains(ShortPluginName(module));

    private bool Can(string method)
    {
        int split = method.LastIndexOf("::", StringComparison.Ordinal);
        if (split < 0) return false;
        string module = method[..split];
        string function = method[(split + 2)..];
        if (module == "Mail::SpamAssassin::Conf")
        {
            if (function.StartsWith("compat_", StringComparison.Ordinal)) return compatFlags.Contains(function["compat_".Length..]);
            return ConfFeatures.Contains(function);
        }
        // Plugin feature probes (has_*) exist exactly when the plugin module is loaded.
        return IsPluginLoaded(module) && function.StartsWith("has_", StringComparison.Ordinal);
    }

    private static string ShortPluginName(string module)
    {
        module = module.Trim();
        const string prefix = "Mail::SpamAssassin::Plugin::";
        string name = module.StartsWith(prefix, StringComparison.Ordinal) ? module[prefix.Length..] : module;
        return name switch
        {
            "Dmarc" => "DMARC",
            "WhiteListSubject" => "WelcomeListSubject",
            _ => name,
        };
    }

    private void LoadPlugin(string value)
    {
        string module = value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
        string name = ShortPluginName(module);
        if (module.StartsWith("Mail::SpamAssassin::Plugin::", StringComparison.Ordinal) && KnownPlugins.Contains(name))
            LoadedPlugins.Add(name);
        else
            Report.Warn($"plugin {module} is not available; its ifplugin blocks are skipped");
    }

    /// <summary>
    /// The plugins shipped with SpamAssassin 4.0.1. Loading one makes its rules exist exactly as in spamd; the
    /// eval functions we do not implement (network tests, external tools) then simply never hit.
    /// </summary>
    private static readonly HashSet<string> KnownPlugins = new(StringComparer.Ordinal)
    {
        "ASN", "AWL", "AccessDB", "AntiVirus", "AskDNS", "AuthRes", "AutoLearnThreshold", "Bayes", "BodyEval",
        "Check", "DCC", "DKIM", "DMARC", "DNSEval", "DecodeShortURLs", "ExtractText", "FreeMail", "FromNameSpoof",
        "HTMLEval", "HTTPSMismatch", "HashBL", "HeaderEval", "ImageInfo", "MIMEEval", "MIMEHeader", "OLEVBMacro",
        "OneLineBodyRuleType", "PDFInfo", "PhishTag", "Phishing", "Pyzor", "Razor2", "RelayCountry", "RelayEval",
        "ReplaceTags", "ResourceLimits", "Reuse", "Rule2XSBody", "SPF", "Shortcircuit", "SpamCop", "TextCat",
        "TxRep", "URIDNSBL", "URIDetail", "URIEval", "URILocalBL", "VBounce", "WLBLEval", "WelcomeListSubject",
    };

    private static readonly HashSet<string> ConfFeatures = new(StringComparer.Ordinal)
    {
        "feature_originating_ip_headers", "feature_dns_local_ports_permit_avoid", "feature_bayes_auto_learn_on_error",
        "feature_uri_host_listed", "feature_yesno_takes_args", "feature_bug6558_free", "feature_edns",
        "feature_dns_query_restriction", "feature_registryboundaries", "feature_geodb", "feature_dns_block_rule",
        "feature_compile_regexp", "feature_meta_rules_matching", "feature_subjprefix", "feature_bayes_stopwords",
        "feature_get_host", "feature_blocklist_welcomelist", "feature_welcomelist_blocklist",
        "feature_header_address_parser", "feature_local_tests_only", "feature_header_first_last",
        "feature_header_match_many", "feature_capture_rules", "has_tflags_nosubject", "has_tflags_nolog",
        "perl_min_version_5010000",
    };

    private static readonly HashSet<string> PrivilegedDirectives = new(StringComparer.Ordinal)
    {
        "allow_user_rules", "askdns", "body", "full", "header", "meta", "mimeheader", "priority", "rawbody",
        "redirector_pattern", "replace_end", "replace_inter", "replace_post", "replace_pre", "replace_rules",
        "replace_start", "replace_tag", "reuse", "tflags", "uri", "uri_detail", "uridnsbl", "uridnssub",
        "urirhsbl", "urirhssub", "urinsrhsbl", "urinsrhssub", "urifullnsrhsbl", "urifullnsrhssub",
    };

    private static readonly HashSet<string> AdminDirectives = new(StringComparer.Ordinal)
    {
        "loadplugin", "tryplugin", "enable_compat", "test", "bayes_path", "bayes_file_mode", "bayes_store_module",
        "bayes_sql_dsn", "bayes_sql_username", "bayes_sql_password", "auto_welcomelist_path", "user_scores_dsn",
        "body_part_scan_size", "rawbody_part_scan_size", "util_rb_tld", "util_rb_2tld", "util_rb_3tld",
        "dns_block_rule", "dns_local_ports_avoid", "version_tag", "rbl_timeout",
    };

    /// <summary>Records an <c>enable_compat</c> flag (makes <c>can(Mail::SpamAssassin::Conf::compat_X)</c> true).</summary>
    private void EnableCompat(string flag) => compatFlags.Add(flag.Trim());
}
