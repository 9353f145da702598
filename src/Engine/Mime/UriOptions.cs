using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace Spamd.Engine.Mime;

/// <summary>
/// The configuration URI extraction depends on: the valid top-level domains (SpamAssassin's <c>util_rb_tld</c>,
/// which decides what a schemeless domain is) and the <c>redirector_pattern</c> regexes. The default reads both
/// from the installed SpamAssassin rules when present (the rule engine can pass its own), and otherwise uses a
/// small built-in list of the commonest TLDs.
/// </summary>
public sealed class UriOptions
{
    public const string DefaultRulesDirectory = "/usr/share/spamassassin";

    private static readonly Lazy<UriOptions> DefaultOptions = new(() => FromRulesDirectory(DefaultRulesDirectory));

    public UriOptions(IEnumerable<string> validTlds, IEnumerable<Regex> redirectorPatterns)
    {
        ValidTlds = validTlds.Select(t => t.ToLowerInvariant()).ToFrozenSet(StringComparer.Ordinal);
        RedirectorPatterns = redirectorPatterns.ToArray();
    }

    public FrozenSet<string> ValidTlds { get; }

    public IReadOnlyList<Regex> RedirectorPatterns { get; }

    public static UriOptions Default => DefaultOptions.Value;

    /// <summary>Reads <c>util_rb_tld</c> and <c>redirector_pattern</c> lines from the *.cf files of a rules directory.</summary>
    public static UriOptions FromRulesDirectory(string directory)
    {
        var tlds = new List<string>();
        var patterns = new List<Regex>();
        if (Directory.Exists(directory))
        {
            foreach (var file in Directory.EnumerateFiles(directory, "*.cf").Order(StringComparer.Ordinal))
            {
                foreach (var rawLine in File.ReadLines(file))
                {
                    var line = rawLine.Trim();
                    if (line.StartsWith("util_rb_tld", StringComparison.Ordinal) && line.Length > 11 && char.IsWhiteSpace(line[11]))
                        tlds.AddRange(line[11..].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
                    else if (line.StartsWith("redirector_pattern", StringComparison.Ordinal) && TryPerlRegex(line[18..].Trim(), out var re))
                        patterns.Add(re!);
                }
            }
        }
        if (tlds.Count == 0) tlds.AddRange(FallbackTlds.Split(' '));
        return new UriOptions(tlds, patterns);
    }

    // /pattern/flags as written in a rule file, compiled for .NET.
    internal static bool TryPerlRegex(string text, out Regex? regex)
    {
        regex = null;
        int hash = text.IndexOf(" #", StringComparison.Ordinal);
        if (text.Length < 2 || text[0] != '/') return false;
        int last = text.LastIndexOf('/');
        if (last <= 0) return false;
        var pattern = text[1..last].Replace("\\/", "/");
        var flags = text[(last + 1)..].Trim();
        // compiled: each is tried on every http(s) URI of every message
        var options = RegexOptions.CultureInvariant | RegexOptions.Compiled;
        if (flags.Contains('i')) options |= RegexOptions.IgnoreCase;
        if (flags.Contains('s')) options |= RegexOptions.Singleline;
        if (flags.Contains('m')) options |= RegexOptions.Multiline;
        if (flags.Contains('x')) options |= RegexOptions.IgnorePatternWhitespace;
        try
        {
            regex = new Regex(pattern, options, TimeSpan.FromSeconds(1));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private const string FallbackTlds =
        "com net org edu gov mil int info biz name pro mobi asia tel travel aero coop museum jobs cat xxx club online site top " +
        "xyz shop store app dev io co me tv cc ws us uk ca de fr it es nl be ch at se no dk fi pl cz ru ua cn jp kr tw hk sg in au nz " +
        "br ar mx cl za ie pt gr hu ro bg sk si hr rs lt lv ee is tr il ae sa ir pk id my th vn ph eu ly to ai";
}
