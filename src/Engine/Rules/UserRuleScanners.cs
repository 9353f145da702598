using System.Collections.Concurrent;
using System.Diagnostics;
using Spamd.Engine.Config;

namespace Spamd.Engine.Rules;

/// <summary>
/// The rulesets of users whose preferences define rules of their own (the site set <c>allow_user_rules 1</c>):
/// the site configuration is read again, the user's preferences are applied on top of it with rules kept, and
/// the whole is compiled, as spamd recompiles for such a user. Compiled once per distinct preferences text and
/// kept in a small cache, since each is a full ruleset (tens of megabytes); users without rules never get here.
/// </summary>
internal sealed class UserRuleScanners(Func<ConfigBuilder> siteConfiguration, RuleLoadOptions options)
{
    /// <summary>Few: each entry holds a whole compiled ruleset.</summary>
    private const int MaxEntries = 8;

    private readonly ConcurrentDictionary<string, Lazy<RuleScanner>> scanners = new(StringComparer.Ordinal);

    /// <summary>The scanner for one user's preferences; its default settings carry it (<c>UserRuleScanner</c>).</summary>
    public RuleScanner For(string userPrefsText)
    {
        if (scanners.Count >= MaxEntries && !scanners.ContainsKey(userPrefsText)) scanners.Clear();
        return scanners.GetOrAdd(userPrefsText, text => new Lazy<RuleScanner>(() => Compile(text))).Value;
    }

    private RuleScanner Compile(string userPrefsText)
    {
        var started = Stopwatch.GetTimestamp();
        var config = siteConfiguration();
        config.BeginUserPreferences();
        new ConfigReader(config, options.Locale).ReadText(userPrefsText, "user_prefs");
        var scanner = RuleScanner.FromConfig(config, options with { CompileRegexesInBackground = false }, started);
        scanner.MarkAsUserScanner();
        return scanner;
    }
}
