using System.Text.RegularExpressions;
using Spamd.Engine.Rules;

namespace Spamd.Engine.Tests.Rules;

/// <summary>Perl /aa semantics on a Latin-1 view, as probed against perl 5.36 (reference §5.5).</summary>
public class PerlRegexTests
{
    /// <summary>
    /// Matches with both translations (explicit ASCII classes, and ECMAScript mode when .NET accepts the pattern
    /// there) and insists they agree, so either engine path gives Perl's answer.
    /// </summary>
    private static bool Matches(string perl, string input)
    {
        Assert.True(PerlRegex.TryParseDelimited(perl, out var pattern, out var flags, out var error), error);
        var translation = PerlRegex.Translate(pattern, flags);
        Assert.True(translation.Succeeded, translation.Error);
        bool explicitAnswer = new Regex(translation.Pattern, translation.Options, TimeSpan.FromSeconds(1)).IsMatch(input);
        var ecma = PerlRegex.TranslateEcmaScript(pattern, flags);
        Assert.True(ecma.Succeeded, ecma.Error);
        try
        {
            bool ecmaAnswer = new Regex(ecma.Pattern, ecma.Options, TimeSpan.FromSeconds(1)).IsMatch(input);
            Assert.True(ecmaAnswer == explicitAnswer, $"ECMAScript translation '{ecma.Pattern}' disagrees");
        }
        catch (ArgumentException)
        {
            // Not valid in ECMAScript mode; RuleRegex falls back to the explicit translation.
        }
        var rule = RuleRegex.Create(pattern, flags, TimeSpan.FromSeconds(1), false, out error);
        Assert.NotNull(rule);
        int timeouts = 0;
        Assert.Equal(explicitAnswer, rule.IsMatch(input, ref timeouts));
        return explicitAnswer;
    }

    [Theory]
    [InlineData(@"/^\w$/", "\u00e9", false)]
    [InlineData(@"/^\w$/", "_", true)]
    [InlineData(@"/^\s$/", "\u00a0", false)]
    [InlineData(@"/^\s$/", "\u0085", false)]
    [InlineData(@"/^\s$/", "\u000b", true)]
    [InlineData(@"/^\d$/", "\u0663", false)]
    [InlineData(@"/^\d+$/", "0123", true)]
    [InlineData(@"/\bfoo\b/", "\u00c3foo", true)]
    [InlineData(@"/\bfoo\b/", "xfoo", false)]
    [InlineData(@"/\Bfoo/", "xfoo", true)]
    [InlineData(@"/^[\W]$/", "\u00e9", true)]
    [InlineData(@"/^[^\w]$/", "\u00e9", true)]
    [InlineData(@"/^[\S]$/", "\u00a0", true)]
    [InlineData(@"/^[\D]$/", "a", true)]
    public void Ascii_classes_under_aa(string perl, string input, bool expected) =>
        Assert.Equal(expected, Matches(perl, input));

    [Theory]
    [InlineData(@"/^[[:alnum:]]{3}$/", "abc", true)]
    [InlineData(@"/^[[:alnum:]]$/", ":", false)]
    [InlineData(@"/^[[:alnum:]]$/", "]", false)]
    [InlineData(@"/^[[:xdigit:]]+$/", "0f", true)]
    [InlineData(@"/^[[:xdigit:]]+$/", "0g", false)]
    [InlineData(@"/^[[:punct:]]$/", "!", true)]
    [InlineData(@"/^[[:cntrl:]]$/", "\u0001", true)]
    [InlineData(@"/^[^[:space:]x]+$/", "ab", true)]
    public void Posix_classes(string perl, string input, bool expected) =>
        Assert.Equal(expected, Matches(perl, input));

    [Theory]
    [InlineData(@"/abc$/", "abc\n", true)]
    [InlineData(@"/abc$/", "abc\n\n", false)]
    [InlineData(@"/abc\Z/", "abc\n", true)]
    [InlineData(@"/abc\z/", "abc\n", false)]
    [InlineData(@"/^b/", "a\nb", false)]
    [InlineData(@"/^b/m", "a\nb", true)]
    [InlineData(@"/a.b/", "a\nb", false)]
    [InlineData(@"/a.b/s", "a\nb", true)]
    [InlineData(@"/ABC/i", "abc", true)]
    [InlineData(@"/a b c/x", "abc", true)]
    [InlineData(@"/a\ b # comment
                  c/x", "a bc", true)]
    public void Anchors_and_flags(string perl, string input, bool expected) =>
        Assert.Equal(expected, Matches(perl, input));

    [Theory]
    [InlineData(@"/^a++$/", "aaa", true)]
    [InlineData(@"/^a++a$/", "aaa", false)]
    [InlineData(@"/^(?:ab)*+$/", "abab", true)]
    [InlineData(@"/^\w\w++-x/", "abc-x", true)]
    [InlineData(@"/^\w\w++x/", "abcx", false)]
    [InlineData(@"/^[^\n"">]++>/", "abc>", true)]
    [InlineData(@"/^a{2,3}+$/", "aaa", true)]
    public void Possessive_quantifiers_become_atomic(string perl, string input, bool expected) =>
        Assert.Equal(expected, Matches(perl, input));

    [Theory]
    [InlineData(@"/\QA.B\E/", "A.B", true)]
    [InlineData(@"/\QA.B\E/", "AxB", false)]
    [InlineData(@"/(?^i:abc)/", "ABC", true)]
    [InlineData(@"/(?i)(?^:abc)/", "ABC", false)]
    [InlineData(@"/(?aa)abc/", "abc", true)]
    [InlineData(@"/\x{41}/", "A", true)]
    [InlineData(@"/\xe9/i", "\u00c9", true)]
    [InlineData(@"/[\xc3][\xa9]/", "\u00c3\u00a9", true)]
    [InlineData(@"/\042/", "\"", true)]
    [InlineData(@"/[\042]/", "\"", true)]
    [InlineData(@"/a{,2}b/", "aab", true)]
    [InlineData(@"/a{,2}b/", "aaab", true)]
    [InlineData(@"/a{b/", "a{b", true)]
    [InlineData(@"/\h/", "\t", true)]
    [InlineData(@"/^\N$/", "x", true)]
    [InlineData(@"/^\N$/", "\n", false)]
    [InlineData(@"/(?P<n>a)(?P=n)/", "aa", true)]
    [InlineData(@"/(a)\g1/", "aa", true)]
    [InlineData(@"/(a)\g{1}/", "aa", true)]
    [InlineData(@"/(?<n>a)\k{n}/", "aa", true)]
    [InlineData(@"/(\w)\1/", "aa", true)]
    [InlineData(@"/[a-z-[]/", "[", true)]
    [InlineData(@"/[]a]/", "]", true)]
    [InlineData(@"/\y/", "y", true)]
    [InlineData(@"/a\@b/", "a@b", true)]
    [InlineData(@"/a(?#comment)b/", "ab", true)]
    public void Perl_only_syntax_is_translated(string perl, string input, bool expected) =>
        Assert.Equal(expected, Matches(perl, input));

    [Theory]
    [InlineData("m{foo}i", "foo", "i")]
    [InlineData("m!a/b!", "a/b", "")]
    [InlineData("m,x,", "x", "")]
    [InlineData("/a\\/b/s", "a\\/b", "s")]
    [InlineData("m(a(b)c)", "a(b)c", "")]
    public void Delimiters(string text, string pattern, string flags)
    {
        Assert.True(PerlRegex.TryParseDelimited(text, out var p, out var f, out var error), error);
        Assert.Equal(pattern, p);
        Assert.Equal(flags, f);
    }

    [Theory]
    [InlineData("foo")]
    [InlineData("/foo")]
    [InlineData("/foo/e")]
    [InlineData("/(?{ die })/")]
    public void Invalid_delimited_regexes_are_refused(string text) =>
        Assert.False(PerlRegex.TryParseDelimited(text, out _, out _, out _));

    [Theory]
    [InlineData(@"\K")]
    [InlineData(@"\p{L}")]
    [InlineData(@"(?R)")]
    [InlineData(@"(?|a|b)")]
    [InlineData(@"(a")]
    [InlineData(@"a)")]
    [InlineData(@"[abc")]
    [InlineData(@"(*FAIL)")]
    public void Untranslatable_constructs_report_an_error(string pattern) =>
        Assert.False(PerlRegex.Translate(pattern).Succeeded);

    [Fact]
    public void QuoteMeta_escapes_non_word_chars()
    {
        Assert.Equal(@"a\.b\@c_d", PerlRegex.QuoteMeta("a.b@c_d"));
        Assert.Matches(new Regex(PerlRegex.Translate(PerlRegex.QuoteMeta("x+y (z)")).Pattern), "x+y (z)");
    }

    [Fact]
    public void Pathological_regex_times_out_instead_of_hanging()
    {
        var regex = RuleRegex.Create("/^(a+)+$/", TimeSpan.FromMilliseconds(50), false, out var error);
        Assert.NotNull(regex);
        int timeouts = 0;
        var started = DateTime.UtcNow;
        Assert.False(regex.IsMatch(new string('a', 40) + "!", ref timeouts));
        Assert.Equal(1, timeouts);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Non_backtracking_engine_is_used_where_the_pattern_allows()
    {
        Assert.True(RuleRegex.Create("/foo[0-9]+bar/i", TimeSpan.FromSeconds(1), true, out _)!.IsNonBacktracking);
        Assert.False(RuleRegex.Create(@"/(a)\1/", TimeSpan.FromSeconds(1), true, out _)!.IsNonBacktracking);
        Assert.False(RuleRegex.Create(@"/foo(?=bar)/", TimeSpan.FromSeconds(1), true, out _)!.IsNonBacktracking);
    }

    [Theory]
    [InlineData(@"\bfoo\b", "xfoox", false, true)]
    [InlineData(@"foo(?=bar)", "foobaz", false, true)]
    [InlineData(@"(?<!x)foo", "xfoo", false, true)]
    [InlineData(@"(?>a+)a", "aaa", false, true)]
    [InlineData(@"a++b", "aab", true, true)]
    [InlineData(@"(?!never)x{2}", "xx", true, true)]
    public void Relaxed_translation_matches_a_superset(string pattern, string input, bool strict, bool relaxed)
    {
        var strictTranslation = PerlRegex.Translate(pattern);
        var relaxedTranslation = PerlRegex.TranslateRelaxed(pattern);
        Assert.True(relaxedTranslation.Succeeded, relaxedTranslation.Error);
        Assert.Equal(strict, Regex.IsMatch(input, strictTranslation.Pattern, strictTranslation.Options));
        Assert.Equal(relaxed, new Regex(relaxedTranslation.Pattern, relaxedTranslation.Options | RegexOptions.NonBacktracking).IsMatch(input));
    }

    [Fact]
    public void Back_references_have_no_relaxed_form() =>
        Assert.False(PerlRegex.TranslateRelaxed(@"(a)\1").Succeeded);

    [Fact]
    public void Gate_never_changes_answers()
    {
        var regex = RuleRegex.Create(@"\b(?:your|my)\s(?:name|address)(?!\w)", "i", TimeSpan.FromSeconds(1), false, out _)!;
        string[] texts = ["your name", "yourname", "my address please", "xmy name", "my names", "nothing here"];
        int timeouts = 0;
        var before = texts.Select(t => regex.IsMatch(t, ref timeouts)).ToArray();
        Assert.True(regex.AddGate());
        Assert.True(regex.HasGate);
        Assert.Equal(before, texts.Select(t => regex.IsMatch(t, ref timeouts)).ToArray());
        Assert.Equal([true, false, true, false, false, false], before);
    }
}
