using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using Spamd.Engine.Rules;
using Spamd.Engine.Rules.Literals;

namespace Spamd.Engine.Tests.Rules;

public class LiteralPrefilterTests
{
    [Theory]
    [InlineData("viagra", "", new[] { "viagra" })]
    [InlineData("VIAGRA", "i", new[] { "viagra" })]
    [InlineData(@"\bfree\s+money\b", "i", new[] { "money" })]
    [InlineData("(?:cheap|discount) meds", "", new[] { "cheap meds", "discount meds" })]
    [InlineData("e-?mail", "", new[] { "e-mail", "email" })]
    [InlineData(@"\Qa.b.c\E", "", new[] { "a.b.c" })]
    [InlineData("[vV][iI1]agra", "", new[] { "agra" })]
    [InlineData("x{2,}yz", "", new[] { "xyz" })]
    [InlineData(@"\xe9t\xe9", "i", new[] { "\u00e9t\u00e9" })]
    public void Extracts_required_literals(string pattern, string flags, string[] expected) =>
        Assert.Equal(expected.Order(), LiteralExtractor.Extract(pattern, flags)!.Order());

    [Theory]
    [InlineData("ab")]
    [InlineData(@"\d+\s\w+")]
    [InlineData("(?:abc|)")]
    [InlineData("(?:foo)?bar?")]
    [InlineData(@"a.b.c")]
    [InlineData(@"(abc")]
    public void No_literal_when_none_is_required_or_known(string pattern) =>
        Assert.Null(LiteralExtractor.Extract(pattern, ""));

    [Fact]
    public void Aho_corasick_finds_every_pattern_case_folded()
    {
        string[] patterns = ["he", "she", "his", "hers", "\u00e9t\u00e9"];
        var automaton = new AhoCorasick(patterns, LiteralExtractor.Fold);
        var found = new bool[patterns.Length];
        automaton.FindAll("USHERS in \u00c9T\u00c9", found);
        Assert.Equal([true, true, false, true, true], found);
    }

    /// <summary>Whatever the text, a regex can only match when one of its extracted literals occurs in it.</summary>
    [Fact]
    public void Literals_are_necessary_for_a_match()
    {
        string[] patterns = ["ab(?:cd|ef)g", "x?yz+w", @"(?:foo|bar)\d", "q(?:rs)?t", @"m\.n"];
        var regexes = patterns.Select(p => (Regex: new Regex(PerlRegex.Translate(p).Pattern), Literals: LiteralExtractor.Extract(p, ""))).ToArray();
        var alphabet = Gen.Elements('a', 'b', 'c', 'd', 'e', 'f', 'g', 'x', 'y', 'z', 'w', 'q', 'r', 's', 't', '1', 'o', '.', 'm', 'n');
        var texts = Gen.ArrayOf(alphabet).Select(chars => new string(chars));
        Prop.ForAll(texts.ToArbitrary(), text =>
        {
            foreach (var (regex, literals) in regexes)
                if (literals is not null && regex.IsMatch(text) && !literals.Any(l => text.Contains(l, StringComparison.OrdinalIgnoreCase)))
                    return false;
            return true;
        }).QuickCheckThrowOnFailure();
    }
}
