using System.Text.RegularExpressions;

namespace Spamd.Engine.Rules;

/// <summary>
/// The body rules <c>sa-compile</c> compiled for SpamAssassin's Rule2XSBody plugin. When that plugin is
/// loaded, spamd runs them first in their priority, line by line, which decides where they appear in reports;
/// we read which rules they are from the compiled modules' rule lists (the same files spamd loads) and run
/// them in that order ourselves.
/// </summary>
public static partial class CompiledBodyRules
{
    /// <summary>spamd's __local_state_dir__/compiled (Debian: /var/lib/spamassassin).</summary>
    public static string Directory { get; set; } = "/var/lib/spamassassin/compiled";

    private const string SpamAssassinVersion = "4.000001";

    // q#NAME,[l=1]# => q#(?aa)(?i)pattern#,
    [GeneratedRegex(@"^\s*q#([^,#]+),\[[^\]]*\]#\s*=>\s*q#(.*)#,\s*$")]
    private static partial Regex RuleLine();

    // 'base string' => 'RULE,[l=1] RULE2,[l=0]',  (Data::Dumper: \\ and \' escaped)
    [GeneratedRegex(@"^\s*'((?:[^'\\]|\\.)*)'\s*=>\s*'([^']*)',?\s*$")]
    private static partial Regex BaseLine();

    [GeneratedRegex(@"\\([0-7]{3})")]
    private static partial Regex OctalEscape();

    [GeneratedRegex(@"^body_(neg)?(\d+)\.pm$")]
    private static partial Regex ModuleName();

    [GeneratedRegex(@"^(?:\(\?\^?[a-z]*\))+")]
    private static partial Regex LeadingModifiers();

    /// <summary>(priority, rule name) → the compiled pattern text and the rule's base strings; empty when nothing is compiled.</summary>
    public static Dictionary<(int Priority, string Name), (string Pattern, List<string> Bases)> Load()
    {
        var result = new Dictionary<(int, string), (string, List<string>)>();
        try
        {
            if (!System.IO.Directory.Exists(Directory)) return result;
            // One directory per Perl version; spamd uses its own, we take the newest.
            var versionDir = System.IO.Directory.GetDirectories(Directory).Order(StringComparer.Ordinal)
                .Select(d => Path.Combine(d, SpamAssassinVersion, "Mail", "SpamAssassin", "CompiledRegexps"))
                .LastOrDefault(System.IO.Directory.Exists);
            if (versionDir is null) return result;
            foreach (var file in System.IO.Directory.GetFiles(versionDir, "body_*.pm"))
            {
                var module = ModuleName().Match(Path.GetFileName(file));
                if (!module.Success || !int.TryParse(module.Groups[2].Value, out int priority)) continue;
                if (module.Groups[1].Success) priority = -priority;
                foreach (var line in File.ReadLines(file))
                {
                    var rule = RuleLine().Match(line);
                    if (rule.Success) result[(priority, rule.Groups[1].Value)] = (rule.Groups[2].Value, []);
                }
                ReadBases(Path.Combine(versionDir, "..", "..", "..", "bases_" + Path.GetFileNameWithoutExtension(file) + ".pl"), priority, result);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Unreadable compiled rules: spamd would not use them either.
        }
        return result;
    }

    /// <summary>
    /// The base strings sa-compile extracted (the "base_string" table): the scanner looks for them in each
    /// lower-cased body line and runs the rules of those it finds, which marks them run even when they miss.
    /// </summary>
    private static void ReadBases(string path, int priority, Dictionary<(int, string), (string, List<string>)> rules)
    {
        if (!File.Exists(path)) return;
        bool inTable = false;
        foreach (var line in File.ReadLines(path))
        {
            if (line.Contains("'base_string' =>", StringComparison.Ordinal)) { inTable = true; continue; }
            if (!inTable) continue;
            var entry = BaseLine().Match(line);
            if (!entry.Success) continue;
            string unquoted = entry.Groups[1].Value.Replace("\\'", "'").Replace("\\\\", "\\");
            string text = OctalEscape().Replace(unquoted, m => ((char)Convert.ToInt32(m.Groups[1].Value, 8)).ToString());
            foreach (var name in entry.Groups[2].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                if (rules.TryGetValue((priority, name.Split(',')[0]), out var rule)) rule.Item2.Add(text);
        }
    }

    /// <summary>
    /// Rule2XSBody uses a compiled rule only while its pattern is unchanged; the compiled text is the pattern
    /// after Perl's modifiers, with '#' written as "[hash]".
    /// </summary>
    public static bool SamePattern(string compiled, string pattern) =>
        LeadingModifiers().Replace(compiled, "") == LeadingModifiers().Replace(pattern.Replace("#", "[hash]"), "");
}
