using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using Spamd.Engine.Rules;
using Xunit;

namespace Spamd.Engine.Tests.Rules;

public class AsciiPatternTests
{
    [Theory]
    [InlineData(@"(?:a|\xc3\xa9)b", "(?:a)b")]
    [InlineData(@"(?:[aA@]|[\xc3][\xa0-\xa5]|&\#224;)", @"(?:[aA@]|&\#224;)")]
    [InlineData(@"x[\xe0-\xef]?y", "xy")]
    [InlineData(@"x(?:\xc3\xa9)*y", "xy")]
    [InlineData(@"a(?!\xc3)b", "ab")]
    [InlineData(@"a(?=\xc3|c)", "a(?=c)")]
    [InlineData("a\u00e9?b", "ab")]
    [InlineData(@"(?i:caf(?:e|\xe9))", "(?i:caf(?:e))")]
    [InlineData(@"(?<name>a|\xff)", "(?<name>a)")]
    public void High_octet_pieces_are_removed(string pattern, string expected) =>
        Assert.Equal(expected, AsciiPattern.Derive(pattern));

    [Theory]
    [InlineData(@"\xc3\xa9")]
    [InlineData(@"[\x80-\xff]")]
    [InlineData(@"a(?=\xe9)")]
    [InlineData(@"(?:\xe9|[\xc0\xc1])+")]
    public void A_pattern_that_needs_a_high_octet_never_matches_ascii(string pattern) =>
        Assert.Equal(AsciiPattern.NeverMatches, AsciiPattern.Derive(pattern));

    [Theory]
    [InlineData(@"\bfoo\s+bar\b")]
    [InlineData(@"[^\xe9]x")]         // negated: matches ASCII
    [InlineData(@"[\x00-\xff]")]      // reaches ASCII
    [InlineData(@"[\w\xe9]")]
    [InlineData(@"(a)\1\xe9?")]       // back-reference: left alone
    [InlineData(@"(?x) a \xe9?")]     // pattern whitespace: left alone
    [InlineData(@"(?(a)b|\xe9)")]     // conditional: left alone
    [InlineData(@"(?<a-b>x)\xe9?")]   // balancing group: left alone
    public void Patterns_without_removable_pieces_have_no_ascii_form(string pattern) =>
        Assert.Null(AsciiPattern.Derive(pattern));

    [Theory]
    [InlineData(@"\bfoo(?=bar)(?!baz)(?<=o)(?>x+)\B", "foo(?:x+)")]
    [InlineData(@"a(?:\xe9|b)(?!\xe9)", "a(?:b)")]
    [InlineData(@"a(?=\xe9)", AsciiPattern.NeverMatches)]
    public void A_relaxed_form_drops_what_a_non_backtracking_gate_cannot_run(string pattern, string expected) =>
        Assert.Equal(expected, AsciiPattern.Relax(pattern, withoutAmpersand: false));

    [Fact]
    public void A_gated_regex_with_ascii_forms_answers_as_before()
    {
        var regex = RuleRegex.Create(@"\b(?:name|n\xc3\xa4me):?(?!\d)[-\s]{1,100}(?:address|addr\xe9ss)", "i", TimeSpan.FromSeconds(1), false, out _)!;
        Assert.True(regex.AddAsciiForm());
        Assert.True(regex.AddGate());
        int timeouts = 0;
        Assert.True(regex.IsMatch("Name: ---- Address", ref timeouts));
        Assert.True(regex.IsMatch("n\u00c3\u00a4me: ---- addr\u00e9ss", ref timeouts));
        Assert.False(regex.IsMatch("name: 1---- address", ref timeouts));
        Assert.False(regex.IsMatch("nothing & more", ref timeouts));
    }

    /// <summary>The premise: no octet 0x80-0xFF matches an ASCII character, not even case-insensitively.</summary>
    [Theory]
    [InlineData(RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    [InlineData(RegexOptions.IgnoreCase | RegexOptions.ECMAScript)]
    public void No_high_octet_matches_an_ascii_character(RegexOptions options)
    {
        var ascii = new string(Enumerable.Range(0, 128).Select(c => (char)c).ToArray());
        for (int c = 0x80; c <= 0xFF; c++)
        {
            Assert.False(new Regex($@"\x{c:x2}", options).IsMatch(ascii), $"\\x{c:x2}");
            Assert.False(new Regex($@"[\x{c:x2}]", options).IsMatch(ascii), $"[\\x{c:x2}]");
        }
    }

    private const string LookAlike =
        @"(?:^|\s)(?:[yY\xfd]|[\xc3][\x9d\xbd]|&\#253;)(?:[oO0]|[\xc3][\x92-\x96]|[\xce][\x9f])(?:[uUv]|[\xc3][\xb9-\xbc])" +
        @"(?:[rR]|[\xc5][\x94-\x99])?(?!\xe9)\W{0,2}(?:[pP]|[\xd1][\x80]){1,2}(?:$|\s)";

    [Fact]
    public void A_regex_answers_the_same_on_ascii_texts_with_its_ascii_form() =>
        Prop.ForAll(Gen.ArrayOf(Gen.Elements("y", "Y", "o", "0", "u", "v", "r", "p", "P", " ", "-", "x", "&#253;", "\u00e9", "\u00c3\u009d"))
                .Select(string.Concat).ToArbitrary(),
            text =>
            {
                var full = new Regex(LookAlike);
                var ascii = new Regex(AsciiPattern.Derive(LookAlike)!);
                return !AsciiPattern.IsAscii(text) || full.IsMatch(text) == ascii.IsMatch(text);
            }).QuickCheckThrowOnFailure();

    [Fact]
    public void A_rule_regex_uses_its_ascii_form_only_for_ascii_texts()
    {
        var regex = RuleRegex.Create(@"(?:^|\s)(?:[nN]|\xc3\xb1)(?:[oO0]|\xc3\xb6)\b", "", TimeSpan.FromSeconds(1), false, out _)!;
        Assert.True(regex.AddAsciiForm());
        int timeouts = 0;
        Assert.True(regex.IsMatch("say n0 more", ref timeouts));
        Assert.True(regex.IsMatch("say \u00c3\u00b1o more", ref timeouts));
        Assert.True(regex.IsMatch("caf\u00e9 \u00c3\u00b1o x", ref timeouts));
        Assert.False(regex.IsMatch("say nope", ref timeouts));
        Assert.Equal(3, regex.CountMatches("no n0 nO", 5, ref timeouts));
    }
}
