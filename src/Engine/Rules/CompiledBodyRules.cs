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

    [GeneratedRegex(@"^body_(neg)?(\d+)\.pm$")]
    private static partial Regex ModuleName();

    [GeneratedRegex(@"^(?:\(\?\^?[a-z]*\))+")]
    private static partial Regex LeadingModifiers();

    /// <summary>(priority, rule name) → the compiled pattern text; empty when nothing is compiled.</summary>
    public static Dictionary<(int Priority, string Name), string> Load()
    {
        var result = new Dictionary<(int, string), string>();
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
                    if (rule.Success) result[(priority, rule.Groups[1].Value)] = rule.Groups[2].Value;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Unreadable compiled rules: spamd would not use them either.
        }
        return result;
    }

    /// <summary>
    /// Rule2XSBody uses a compiled rule only while its pattern is unchanged; the compiled text is the pattern
    /// after Perl's modifiers, with '#' written as "[hash]".
    /// </summary>
    public static bool SamePattern(string compiled, string pattern) =>
        LeadingModifiers().Replace(compiled, "") == LeadingModifiers().Replace(pattern.Replace("#", "[hash]"), "");
}
