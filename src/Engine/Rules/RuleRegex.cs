using System.Text.RegularExpressions;

namespace Spamd.Engine.Rules;

/// <summary>
/// One translated rule regex, bounded in time: a match that runs past the timeout counts as no match,
/// so a pathological rule or message cannot stall a scan. Uses the non-backtracking engine when the
/// pattern allows it (no lookarounds, back-references or atomic groups).
/// </summary>
public sealed class RuleRegex
{
    // Swapped once for the compiled form by Upgrade(); readers see either form, both give the same answers.
    private volatile Regex regex;

    private RuleRegex(Regex regex, string[] tagGroups)
    {
        this.regex = regex;
        TagGroups = tagGroups;
    }

    private const int MaxCompiledPatternLength = 8192;

    public bool IsCompiled => (regex.Options & RegexOptions.Compiled) != 0;

    /// <summary>
    /// Replaces the interpreted regex with a compiled one (several times faster to match, slow to build, so
    /// done in the background after load).
    /// </summary>
    public void Upgrade()
    {
        var current = regex;
        if ((current.Options & (RegexOptions.Compiled | RegexOptions.NonBacktracking)) != 0) return;
        // Compiled code for the huge ReplaceTags alternations measured several times slower than the interpreter.
        if (current.ToString().Length > MaxCompiledPatternLength) return;
        try
        {
            var compiled = new Regex(current.ToString(), current.Options | RegexOptions.Compiled, current.MatchTimeout);
            compiled.IsMatch(""); // JIT the generated code here, not in the first scan that uses it
            regex = compiled;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or InvalidOperationException)
        {
            // Keep the interpreted form.
        }
    }

    /// <summary>Named groups that set SpamAssassin tags (names starting with an upper-case letter).</summary>
    public string[] TagGroups { get; }

    public bool IsEcma => (regex.Options & RegexOptions.ECMAScript) != 0;

    public bool IsNonBacktracking => (regex.Options & RegexOptions.NonBacktracking) != 0;

    public string Pattern => regex.ToString();

    /// <summary>Translates and compiles a delimited Perl regex; returns null with <paramref name="error"/> set on failure.</summary>
    public static RuleRegex? Create(string perlRegex, TimeSpan timeout, bool allowNonBacktracking, out string? error)
    {
        var translation = PerlRegex.TranslateDelimited(perlRegex);
        if (!translation.Succeeded)
        {
            error = translation.Error;
            return null;
        }
        return Create(translation, timeout, allowNonBacktracking, out error);
    }

    /// <summary>
    /// Compiles a Perl pattern, preferring .NET's ECMAScript mode (native ASCII <c>\w \b</c>, faster) and falling
    /// back to the explicit-class translation when that mode refuses the pattern.
    /// </summary>
    public static RuleRegex? Create(string pattern, string flags, TimeSpan timeout, bool allowNonBacktracking, out string? error)
    {
        error = null;
        var ecma = PerlRegex.TranslateEcmaScript(pattern, flags);
        if (ecma.Succeeded && !allowNonBacktracking)
        {
            try
            {
                var regex = new Regex(ecma.Pattern, ecma.Options, timeout);
                return new RuleRegex(regex, TagNames(regex));
            }
            catch (ArgumentException)
            {
                // Not valid in ECMAScript mode: use the explicit translation.
            }
        }
        var translation = PerlRegex.Translate(pattern, flags);
        if (!translation.Succeeded)
        {
            error = "untranslatable regex: " + translation.Error;
            return null;
        }
        return Create(translation, timeout, allowNonBacktracking, out error);
    }

    private static string[] TagNames(Regex regex) =>
        regex.GetGroupNames().Where(n => n.Length > 0 && char.IsAsciiLetterUpper(n[0])).ToArray();

    public static RuleRegex? Create(RegexTranslation translation, TimeSpan timeout, bool allowNonBacktracking, out string? error)
    {
        error = null;
        Regex regex;
        try
        {
            regex = new Regex(translation.Pattern, translation.Options, timeout);
        }
        catch (ArgumentException e)
        {
            error = e.Message;
            return null;
        }
        var tags = TagNames(regex);
        if (allowNonBacktracking && tags.Length == 0 && MayBeNonBacktracking(translation.Pattern))
        {
            try
            {
                regex = new Regex(translation.Pattern, translation.Options | RegexOptions.NonBacktracking, timeout);
            }
            catch (NotSupportedException)
            {
                // Keep the backtracking engine.
            }
        }
        return new RuleRegex(regex, tags);
    }

    // Cheap pre-check so we do not pay for a failing NonBacktracking construction on most lookaround patterns.
    private static bool MayBeNonBacktracking(string pattern) =>
        !pattern.Contains("(?=") && !pattern.Contains("(?!") && !pattern.Contains("(?<=") && !pattern.Contains("(?<!") &&
        !pattern.Contains("(?>") && !HasBackReference(pattern);

    private static bool HasBackReference(string pattern)
    {
        for (int i = 0; i + 1 < pattern.Length; i++)
        {
            if (pattern[i] != '\\') continue;
            char next = pattern[i + 1];
            if ((next >= '1' && next <= '9') || next == 'k') return true;
            i++;
        }
        return false;
    }

    /// <summary>True when the regex matches; false on no match or timeout.</summary>
    public bool IsMatch(string text, ref int timeouts)
    {
        try
        {
            return regex.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            timeouts++;
            return false;
        }
    }

    /// <summary>The first match (for tag captures), or null on no match or timeout.</summary>
    public Match? FirstMatch(string text, ref int timeouts)
    {
        try
        {
            var match = regex.Match(text);
            return match.Success ? match : null;
        }
        catch (RegexMatchTimeoutException)
        {
            timeouts++;
            return null;
        }
    }

    /// <summary>Counts matches like Perl's <c>while (/re/g)</c>, stopping at <paramref name="limit"/>.</summary>
    public int CountMatches(string text, int limit, ref int timeouts)
    {
        int count = 0;
        try
        {
            foreach (var _ in regex.EnumerateMatches(text))
            {
                if (++count >= limit) break;
            }
        }
        catch (RegexMatchTimeoutException)
        {
            timeouts++;
        }
        return count;
    }
}
