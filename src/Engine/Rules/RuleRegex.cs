using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Spamd.Engine.Rules;

/// <summary>
/// One translated rule regex, bounded in time: a match that runs past the timeout counts as no match,
/// so a pathological rule or message cannot stall a scan. Uses the non-backtracking engine when the
/// pattern allows it (no lookarounds, back-references or atomic groups).
/// </summary>
public sealed partial class RuleRegex
{
    // Swapped once for the compiled form by Upgrade(); readers see either form, both give the same answers.
    private volatile Regex regex;

    // A linear-time superset of the regex (see AddGate): where it does not match, the regex cannot.
    private volatile Regex? gate;

    /// <summary>The Perl source (pattern and flags) when created from it, for building the gate.</summary>
    private string? perlPattern, perlFlags;

    // Time spent matching so far; a regex that proves expensive gets compiled, or a gate built, in the background.
    private long spentTicks;
    private int gateRequested, compileRequested;
    private static readonly long GateThresholdTicks = Stopwatch.Frequency / 20; // 50 ms
    private static readonly long CompileThresholdTicks = Stopwatch.Frequency / 100; // 10 ms

    // Smaller equivalents of the regex for all-ASCII texts, and for those without '&' (see AsciiPattern):
    // null when the regex has none, NeverMatches when no such text can match.
    private volatile Regex? asciiRegex, plainRegex;
    private static readonly Regex NeverMatches = new(Rules.AsciiPattern.NeverMatches);

    private RuleRegex(Regex regex, string[] tagGroups)
    {
        this.regex = regex;
        TagGroups = tagGroups;
    }

    /// <summary>
    /// Derives the regex's forms for all-ASCII texts (<see cref="Rules.AsciiPattern"/>), used from then on for such
    /// texts. Returns false when the pattern has none (nothing to remove, tag captures, or a construct left alone).
    /// </summary>
    public bool AddAsciiForm()
    {
        var current = regex;
        if (TagGroups.Length > 0 || (current.Options & (RegexOptions.IgnorePatternWhitespace | RegexOptions.NonBacktracking)) != 0) return false;
        var ascii = Form(current, Rules.AsciiPattern.Derive(current.ToString()));
        if (ascii is null) return false;
        // Without '&' the HTML-entity spellings go as well; same as the ASCII form when there are none.
        plainRegex = Form(current, Rules.AsciiPattern.Derive(ascii.ToString(), withoutAmpersand: true)) ?? ascii;
        asciiRegex = ascii;
        return true;
    }

    private static Regex? Form(Regex full, string? pattern)
    {
        if (pattern is null) return null;
        if (pattern == Rules.AsciiPattern.NeverMatches) return NeverMatches;
        try
        {
            return new Regex(pattern, full.Options & ~RegexOptions.Compiled, full.MatchTimeout);
        }
        catch (ArgumentException)
        {
            return null; // keep using the full regex for such texts
        }
    }

    /// <summary>Whether all-ASCII texts use a smaller equivalent of the regex (or are known not to match).</summary>
    public bool HasAsciiForm => asciiRegex is not null;

    /// <summary>The pattern of the all-ASCII form, if any.</summary>
    public string? AsciiFormPattern => asciiRegex?.ToString();

    /// <summary>The pattern of the form for ASCII texts without '&amp;', if any.</summary>
    public string? PlainFormPattern => plainRegex?.ToString();

    /// <summary>The regex to run on <paramref name="text"/>, or null when it cannot match.</summary>
    private Regex? RegexFor(string text)
    {
        var ascii = asciiRegex;
        if (ascii is null) return regex;
        var chosen = Rules.AsciiPattern.IsAsciiWithoutAmpersand(text) ? plainRegex
            : Rules.AsciiPattern.IsAscii(text) ? ascii
            : regex;
        return ReferenceEquals(chosen, NeverMatches) ? null : chosen;
    }

    private const int MaxCompiledPatternLength = 8192;

    // The ASCII forms of the look-alike rules are long only in text (classes keep their unused high members).
    private const int MaxCompiledFormLength = 32768;

    // Yet compiled, the longer ones (__PAY_ME 7.6 KB, __MY_MALWARE 13 KB) measured 2-3x slower than interpreted:
    // their matching code is too large for the JIT to optimise. Forms up to this length get compiled.
    private const int MaxCompiledFormCodeLength = 4096;

    // Gates of the 100-200 KB look-alike patterns measured 3-9 s to build and ~80 MB each: not worth it.
    private const int MaxGatePatternLength = 8192;

    public bool IsCompiled => (regex.Options & RegexOptions.Compiled) != 0;

    /// <summary>
    /// Replaces the interpreted regex with a compiled one (several times faster to match, slow to build, so
    /// done in the background after load).
    /// </summary>
    public void Upgrade(string? sample = null)
    {
        var ascii = asciiRegex;
        var plain = plainRegex;
        if (ascii is not null && Compile(ascii, MaxCompiledFormCodeLength, sample) is { } compiledAscii) asciiRegex = compiledAscii;
        if (plain is not null && (ReferenceEquals(plain, ascii) ? asciiRegex : Compile(plain, MaxCompiledFormCodeLength, sample)) is { } compiledPlain)
            plainRegex = compiledPlain;
        if (Compile(regex, MaxCompiledPatternLength, sample) is { } compiled) regex = compiled;
    }

    private const string WarmUpText =
        "Hello John, you have 24 hours to pay me $1,000 in BTC. Click http://www.example.com/x?id=1 or call 555-0100 NOW!\n";

    /// <summary>
    /// Whether a regex that has cost 10 ms of matching compiles itself (<see cref="Upgrade"/>), off the scanning
    /// thread: only the few hot regexes pay for compilation, and they get several times faster.
    /// </summary>
    public bool CompileWhenHot { get; set; }

    /// <summary>The compiled form of an interpreted regex, or null when it should stay as it is.</summary>
    private static Regex? Compile(Regex current, int maxLength, string? sample)
    {
        if ((current.Options & (RegexOptions.Compiled | RegexOptions.NonBacktracking)) != 0 || ReferenceEquals(current, NeverMatches)) return null;
        // Compiled code for the huge ReplaceTags alternations measured several times slower than the interpreter.
        if (current.ToString().Length > maxLength) return null;
        try
        {
            var compiled = new Regex(current.ToString(), current.Options | RegexOptions.Compiled, current.MatchTimeout);
            // JIT the generated code here, not in the first scan that uses it: the matching code compiles only
            // when a text offers a candidate position (hundreds of milliseconds for the big alternations).
            compiled.IsMatch("");
            compiled.IsMatch(WarmUpText);
            if (sample is not null) compiled.IsMatch(sample);
            return compiled;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or InvalidOperationException)
        {
            return null; // keep the interpreted form
        }
    }

    /// <summary>Named groups that set SpamAssassin tags (names starting with an upper-case letter).</summary>
    public string[] TagGroups { get; }

    public bool IsEcma => (regex.Options & RegexOptions.ECMAScript) != 0;

    /// <summary>Whether the translated pattern is read with .NET's pattern whitespace (Perl's /x).</summary>
    public bool IgnoresPatternWhitespace => (regex.Options & RegexOptions.IgnorePatternWhitespace) != 0;

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
                return new RuleRegex(regex, TagNames(regex)) { perlPattern = pattern, perlFlags = flags };
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
        var created = Create(translation, timeout, allowNonBacktracking, out error);
        if (created is not null)
        {
            created.perlPattern = pattern;
            created.perlFlags = flags;
        }
        return created;
    }

    public bool HasGate => gate is not null || asciiGate is not null;

    /// <summary>
    /// Whether an expensive regex may build its gate by itself. Off unless the load options ask for it: the
    /// non-backtracking engine's state cache grew past 1 GB over 80 corpus messages.
    /// </summary>
    public bool GatesAllowed { get; set; }

    /// <summary>
    /// Builds the non-backtracking gate (done automatically once a regex has cost 50 ms of matching) from the relaxed translation (no word boundaries, no lookarounds), for
    /// patterns that have no literal to prefilter on and backtrack heavily. Returns false when the pattern has
    /// no relaxed form or the engine refuses it.
    /// </summary>
    public bool AddGate()
    {
        if (asciiRegex is not null) return AddAsciiGate();
        if (gate is not null || perlPattern is null) return gate is not null;
        var relaxed = PerlRegex.TranslateRelaxed(perlPattern, perlFlags ?? "");
        if (!relaxed.Succeeded || relaxed.Pattern.Length > MaxGatePatternLength) return false;
        try
        {
            var candidate = new Regex(LoosenCounters(relaxed.Pattern), relaxed.Options | RegexOptions.NonBacktracking, regex.MatchTimeout);
            candidate.IsMatch("");
            gate = candidate;
            return true;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            return false;
        }
    }

    // The gate of the form for ASCII texts (see AddAsciiGate), or null.
    private volatile Regex? asciiGate;

    /// <summary>
    /// The gate of a regex with ASCII forms: built from its relaxed form for ASCII texts, whose automaton is a
    /// fraction of the full pattern's (no high octets to tell apart; 125 MB → 60 MB for the stock ruleset's
    /// gates). Other texts run ungated.
    /// </summary>
    private bool AddAsciiGate()
    {
        if (asciiGate is not null) return true;
        var current = regex;
        var relaxed = Rules.AsciiPattern.Relax(current.ToString(), withoutAmpersand: false);
        if (relaxed is null || relaxed.Length > MaxCompiledFormLength) return false;
        // ECMAScript mode does not combine with NonBacktracking; on ASCII texts \w \d \s mean the same without it.
        var options = (current.Options & (RegexOptions.IgnoreCase | RegexOptions.Multiline | RegexOptions.Singleline)) |
                      RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;
        try
        {
            var candidate = new Regex(LoosenCounters(relaxed), options, current.MatchTimeout);
            candidate.IsMatch("");
            asciiGate = candidate;
            return true;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            return false;
        }
    }

    /// <summary>Counted repetitions with an upper bound above this become unbounded in a gate.</summary>
    private const int MaxGateCount = 8;

    /// <summary>
    /// Turns <c>{m,n}</c> with a large n into <c>{m,}</c>: still a superset, and it keeps the non-backtracking
    /// automaton small (the <c>{1,100}</c> counters of the form-filling rules exceed its size limit otherwise).
    /// Escapes and character classes are skipped, so only real quantifiers change.
    /// </summary>
    internal static string LoosenCounters(string pattern) => LoosenCounters(pattern, MaxGateCount);

    /// <summary>As <see cref="LoosenCounters(string)"/>, for counters with an upper bound above <paramref name="maxCount"/>.</summary>
    internal static string LoosenCounters(string pattern, int maxCount)
    {
        var result = new System.Text.StringBuilder(pattern.Length);
        bool inClass = false;
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                result.Append(c).Append(pattern[++i]);
                continue;
            }
            if (inClass)
            {
                if (c == ']') inClass = false;
                result.Append(c);
                continue;
            }
            if (c == '[')
            {
                inClass = true;
                result.Append(c);
                // A ']' (or '^]') right after the opening bracket is a member, not the end.
                if (i + 1 < pattern.Length && pattern[i + 1] == '^') result.Append(pattern[++i]);
                if (i + 1 < pattern.Length && pattern[i + 1] == ']') result.Append(pattern[++i]);
                continue;
            }
            if (c == '{' && TryReadCounter(pattern, i, out int min, out int max, out int end) && max > maxCount)
            {
                result.Append('{').Append(min).Append(",}");
                i = end;
                continue;
            }
            result.Append(c);
        }
        return result.ToString();
    }

    private static bool TryReadCounter(string pattern, int open, out int min, out int max, out int end)
    {
        min = max = 0;
        end = pattern.IndexOf('}', open);
        if (end < 0) return false;
        var body = pattern.AsSpan(open + 1, end - open - 1);
        int comma = body.IndexOf(',');
        return comma > 0 && comma < body.Length - 1 &&
               int.TryParse(body[..comma], System.Globalization.NumberStyles.None, null, out min) &&
               int.TryParse(body[(comma + 1)..], System.Globalization.NumberStyles.None, null, out max) &&
               min <= max;
    }

    /// <summary>
    /// Adds the time of one match; past the thresholds, compiles the regex and builds the gate, once each, off the
    /// scanning thread.
    /// </summary>
    private void Account(long started, string text, bool linearCandidate = false)
    {
        bool wantsCompile = CompileWhenHot && compileRequested == 0;
        bool wantsGate = GatesAllowed && gateRequested == 0 && perlPattern is not null;
        bool wantsLinear = linearCandidate && linearRequested == 0;
        if (!wantsCompile && !wantsGate && !wantsLinear) return;
        long spent = Interlocked.Add(ref spentTicks, Stopwatch.GetTimestamp() - started);
        if (wantsLinear) AccountLinear(spent, text);
        if (wantsCompile && spent >= CompileThresholdTicks && Interlocked.Exchange(ref compileRequested, 1) == 0)
            HotRegexCompiler.Enqueue(this, text);
        if (wantsGate && spent >= GateThresholdTicks && Interlocked.Exchange(ref gateRequested, 1) == 0) Task.Run(() => AddGate());
    }

    /// <summary>False only when the gate proves the regex cannot match (a gate timeout proves nothing).</summary>
    private bool MayMatch(string text)
    {
        // The ASCII gate knows only ASCII texts; the full gate, when there is one, any text.
        var current = asciiGate is { } ascii && Rules.AsciiPattern.IsAscii(text) ? ascii : gate;
        if (current is null) return true;
        try
        {
            return current.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return true;
        }
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

    // The answer on the empty text (absent headers, blank lines), learned once: 0 unknown, 1 no, 2 yes.
    private int emptyAnswer;

    /// <summary>True when the regex matches; false on no match or timeout.</summary>
    public bool IsMatch(string text, ref int timeouts)
    {
        if (text.Length == 0 && emptyAnswer != 0) return emptyAnswer == 2;
        int timeoutsBefore = timeouts;
        bool answer = Match(text, ref timeouts);
        if (text.Length == 0 && timeouts == timeoutsBefore) emptyAnswer = answer ? 2 : 1;
        return answer;
    }

    private bool Match(string text, ref int timeouts)
    {
        if (AutomatonRejects(text) || !MayMatch(text)) return false;
        var chosen = RegexFor(text);
        if (chosen is null) return false;
        if (LinearFor(text) is { } linear) chosen = linear;
        long started = Stopwatch.GetTimestamp();
        try
        {
            return chosen.IsMatch(text);
        }
        catch (RegexMatchTimeoutException) when (UsesCompiledCode(chosen))
        {
            return RetryIsMatch(chosen, text, ref timeouts);
        }
        catch (RegexMatchTimeoutException)
        {
            timeouts++;
            return false;
        }
        finally
        {
            Account(started, text, linearCandidate: LinearWhenHot is not null);
        }
    }

    private static bool UsesCompiledCode(Regex regex) => (regex.Options & RegexOptions.Compiled) != 0;

    /// <summary>
    /// A compiled regex's first use of a code path includes its JIT compilation (up to hundreds of milliseconds
    /// for the big alternations on a busy machine), which counts against the match timeout: one more try, with the
    /// code now compiled, before calling it a timeout.
    /// </summary>
    private static bool RetryIsMatch(Regex regex, string text, ref int timeouts)
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

    private static int RetryCount(Regex regex, string text, int limit, ref int timeouts)
    {
        int count = 0;
        try
        {
            foreach (var _ in regex.EnumerateMatches(text))
                if (++count >= limit) break;
        }
        catch (RegexMatchTimeoutException)
        {
            timeouts++;
        }
        return count;
    }

    /// <summary>The first match (for tag captures), or null on no match or timeout.</summary>
    public Match? FirstMatch(string text, ref int timeouts)
    {
        if (AutomatonRejects(text) || !MayMatch(text)) return null;
        var chosen = RegexFor(text) ?? regex;
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                var match = chosen.Match(text);
                return match.Success ? match : null;
            }
            catch (RegexMatchTimeoutException) when (attempt == 0 && UsesCompiledCode(chosen))
            {
                // The first use may have included the JIT (see RetryIsMatch): one more try.
            }
            catch (RegexMatchTimeoutException)
            {
                timeouts++;
                return null;
            }
        }
    }

    /// <summary>Counts matches like Perl's <c>while (/re/g)</c>, stopping at <paramref name="limit"/>.</summary>
    public int CountMatches(string text, int limit, ref int timeouts)
    {
        int count = 0;
        if (AutomatonRejects(text) || !MayMatch(text)) return 0;
        var chosen = RegexFor(text);
        if (chosen is null) return 0;
        long started = Stopwatch.GetTimestamp();
        try
        {
            foreach (var _ in chosen.EnumerateMatches(text))
            {
                if (++count >= limit) break;
            }
        }
        catch (RegexMatchTimeoutException) when (UsesCompiledCode(chosen))
        {
            count = RetryCount(chosen, text, limit, ref timeouts);
        }
        catch (RegexMatchTimeoutException)
        {
            timeouts++;
        }
        Account(started, text);
        return count;
    }
}
