using System.Text.RegularExpressions;
using Spamd.Engine.Mime;

namespace Spamd.Engine.Config;

/// <summary>
/// The settings URI extraction reads: the registry boundaries (<c>util_rb_tld</c>, <c>util_rb_2tld</c>,
/// <c>util_rb_3tld</c>, <c>clear_util_rb</c>) and the <c>redirector_pattern</c>s, turned into the
/// <see cref="UriOptions"/> the message parser uses for this configuration.
/// </summary>
public sealed partial class ConfigBuilder
{
    /// <summary>util_rb_tld entries (lower case), in order of appearance.</summary>
    public List<string> ValidTlds { get; } = [];
    public List<string> TwoLevelDomains { get; } = [];
    public List<string> ThreeLevelDomains { get; } = [];

    private bool ApplyUriSetting(string key, string value)
    {
        switch (key)
        {
            case "util_rb_tld": AddLowerCase(ValidTlds, value); return true;
            case "util_rb_2tld": AddLowerCase(TwoLevelDomains, value); return true;
            case "util_rb_3tld": AddLowerCase(ThreeLevelDomains, value); return true;
            case "clear_util_rb":
                ValidTlds.Clear();
                TwoLevelDomains.Clear();
                ThreeLevelDomains.Clear();
                return true;
        }
        return false;
    }

    private static void AddLowerCase(List<string> list, string value)
    {
        foreach (var word in Words(value)) list.Add(word.ToLowerInvariant());
    }

    /// <summary>
    /// The URI options of this configuration, redirector patterns compiled (one that does not compile is
    /// reported and left out). Without any util_rb_tld the built-in list of common TLDs stands in.
    /// </summary>
    public UriOptions BuildUriOptions()
    {
        var patterns = new List<Regex>(RedirectorPatterns.Count);
        foreach (var pattern in RedirectorPatterns)
        {
            if (UriOptions.TryPerlRegex(pattern, out var regex, out var error)) patterns.Add(regex!);
            else Report.Warn($"redirector_pattern {pattern}: {error}");
        }
        return new UriOptions(ValidTlds.Count > 0 ? ValidTlds : UriOptions.FallbackTldList, patterns, TwoLevelDomains, ThreeLevelDomains);
    }
}
