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
    [InlineData("[vV][iI1]agra", "", new[] { "viagra", "v1agra" })]
    [InlineData(@"your\s+\w+\s+pill", "i", new[] { "pill" })]
    [InlineData(@"\p{L}abc", "", new[] { "abc" })]
    [InlineData(@"\cXabc", "", new[] { "\u0018abc" })]
    [InlineData(@"\012abc", "", new[] { "abc" })]
    [InlineData(@"[abcde]xyz", "", new[] { "xyz" })]
    [InlineData(@"(?:\$|usd)\d", "i", new[] { "$", "usd" })]
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

    /// <summary>Past the spelling limit a group no longer spells its whole text: only its parts may be literals.</summary>
    [Fact]
    public void A_group_with_too_many_spellings_is_not_taken_as_exact()
    {
        var literals = LiteralExtractor.Extract("x(?:(?:b|c)(?:d|e)(?:f|g)(?:h|i)(?:j|k))", "")!;
        Assert.Equal(16, literals.Length);
        Assert.All(literals, l => Assert.Matches("^[bc][de][fg][hi]$", l));
    }

    [Theory]
    [InlineData(@"(?:^|\s)[pP\xD1][aA@\xC0\xE4][yY\xFDj]\s(?:[mM\xCC]|rn)[eE3]", new[] { "pay", "p@y", "paj", "p@j" })]
    [InlineData(@"[yY\xDD\xFD]ou", new[] { "you" })]
    [InlineData(@"[\xC0-\xFF]?cash", new[] { "cash" })]
    [InlineData(@"\u0041bc", new[] { "abc" })]
    public void Ascii_text_literals_expand_small_classes_and_drop_high_octets(string dotnetPattern, string[] expected) =>
        Assert.Equal(expected.Order(), LiteralExtractor.ExtractForAsciiText(dotnetPattern)!.Order());

    [Theory]
    [InlineData(@"[abcdefghij]xy")]        // a class too big to spell out, and "xy" too short
    [InlineData(@"[a-c]bc")]               // ranges are not spelled out
    [InlineData(@"[^x]yz")]                // nor negated classes
    [InlineData(@"[a\u0130]b")]            // a member above 0xFF may match an ASCII letter ignoring case
    [InlineData(@"\d+x")]
    [InlineData(@"(?x: a b c )")]         // inline pattern whitespace: not read
    public void Ascii_text_literals_give_up_where_they_cannot_be_sure(string dotnetPattern) =>
        Assert.Null(LiteralExtractor.ExtractForAsciiText(dotnetPattern));

    [Fact]
    public void Common_words_lose_against_rarer_literals()
    {
        Assert.True(LiteralSelectivity.Frequency("you") > LiteralSelectivity.Frequency("pill"));
        Assert.True(LiteralSelectivity.Frequency("ould") > LiteralSelectivity.Frequency("bucks"));
        Assert.True(LiteralSelectivity.Cost(["p@y", "pay"]) < LiteralSelectivity.Cost(["you"]));
        Assert.Equal(double.PositiveInfinity, LiteralSelectivity.Cost(["ab", "viagra"]));
    }

    /// <summary>
    /// Look-alike spellings: every string the pattern matches (one spelling per letter, any ASCII around it)
    /// contains one of the literals extracted for ASCII texts.
    /// </summary>
    [Fact]
    public void Ascii_text_literals_occur_in_every_match()
    {
        string[][] letters =
        [
            ["p", "P"], ["a", "A", "@"], ["y", "Y", "j"], [" ", "\t"], ["m", "M", "rn"], ["e", "E", "3"],
            ["n", "N"], ["o", "O", "0", "u"], ["w", "W", "v", "\\/"],
        ];
        string Pattern(string[] spellings) => "(?:" + string.Join("|", spellings.Select(Regex.Escape)) + ")";
        var optional = new[] { false, false, false, false, false, false, true, false, false };
        string pattern = string.Concat(letters.Select((l, i) => Pattern(l) + (optional[i] ? "?" : "")))
                         + "|" + Pattern(letters[4]) + Pattern(letters[7]) + Pattern(letters[6]) + "ey";
        var literals = LiteralExtractor.ExtractForAsciiText(pattern);
        Assert.NotNull(literals);
        var regex = new Regex(pattern, RegexOptions.IgnoreCase);
        string Noise(Random random) => new(Enumerable.Range(0, random.Next(6)).Select(_ => (char)random.Next(32, 127)).ToArray());
        string Text(Random random) => Noise(random) + string.Concat(letters.Select(l => l[random.Next(l.Length)])) + Noise(random);
        var texts = Gen.Choose(0, int.MaxValue).Select(seed => Text(new Random(seed)));
        Prop.ForAll(texts.ToArbitrary(), text =>
            !regex.IsMatch(text) || literals!.Any(l => text.Contains(l, StringComparison.OrdinalIgnoreCase))).QuickCheckThrowOnFailure();
        Assert.Matches(regex, "xx p@j\trn3nuvyy");
    }

    /// <summary>Random texts over the patterns' own characters: a match always comes with one of the literals.</summary>
    [Fact]
    public void Ascii_text_literals_are_necessary_for_a_match()
    {
        string[] patterns =
        [
            "[pP@][aA4@][yYj](?:[mM]|rn)[eE3]", "[gk](?:[il1|]|ee)[vV]e?[sz]", "x(?:(?:a|b)(?:c|d)(?:e|f)(?:g|h)(?:i|j)(?:k|l)(?:m|n))y",
            "(?:[aA\xE0]b|c[dD\xF0])[eE]{2}", "[mM\xCC][oO0]+[nN]ey",
        ];
        var regexes = patterns.Select(p => (Regex: new Regex(p), Literals: LiteralExtractor.ExtractForAsciiText(p))).ToArray();
        Assert.All(regexes, r => Assert.NotNull(r.Literals));
        var alphabet = Gen.Elements("pP@aA4yYjmMrneE3gkil1|vVszxbcdfhklnyoO0N".ToCharArray());
        var texts = Gen.ArrayOf(alphabet).Select(chars => new string(chars));
        Prop.ForAll(texts.ToArbitrary(), text =>
        {
            foreach (var (regex, literals) in regexes)
                if (regex.IsMatch(text) && !literals!.Any(l => text.Contains(l, StringComparison.OrdinalIgnoreCase)))
                    return false;
            return true;
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData(@"\b_{0,3}h[_\W]?y[_\W]?d[_\W]?r[_\W]?[o0\xF2-\xF6][_\W]?x", new[] { "hydrox", "hydr0x" })]
    [InlineData(@"(?:\b|\s)[_\W]{0,3}b\W{0,10}t\W{0,10}c\b", new[] { "btc" })]
    [InlineData(@"p[-. ]?a[-. ]?s[-. ]?s", new[] { "pass" })]
    public void Squeezed_text_literals_skip_what_lies_between_letters(string dotnetPattern, string[] expected) =>
        Assert.Equal(expected.Order(), LiteralExtractor.ExtractForSqueezedText(dotnetPattern)!.Order());

    [Theory]
    [InlineData(@"v\w?i\w?a")]   // \w may add letters or digits between them
    [InlineData(@"a.b.c")]
    [InlineData(@"x\S?y\S?z")]
    public void Squeezed_text_literals_keep_what_may_add_letters(string dotnetPattern) =>
        Assert.Null(LiteralExtractor.ExtractForSqueezedText(dotnetPattern));

    /// <summary>Spellings with any punctuation and spaces between the letters: a literal occurs in the squeezed text.</summary>
    [Fact]
    public void Squeezed_text_literals_occur_in_every_match()
    {
        const string pattern = @"(?:\b|\s)[_\W]{0,3}[vV][_\W]{0,3}[i1!|l][_\W]{0,3}[a4@][_\W]{0,3}g[_\W]?r[_\W]?[a4@]\b";
        var literals = LiteralExtractor.ExtractForSqueezedText(pattern);
        Assert.NotNull(literals);
        var regex = new Regex(pattern, RegexOptions.IgnoreCase);
        string[][] letters = [["v", "V"], ["i", "1", "!", "|", "l"], ["a", "4", "@"], ["g"], ["r"], ["a", "4", "@"]];
        const string separators = " _-.,*!|@#~";
        string Text(Random random)
        {
            var text = new System.Text.StringBuilder(" ");
            foreach (var letter in letters)
            {
                text.Append(letter[random.Next(letter.Length)]);
                for (int n = random.Next(3); n > 0; n--) text.Append(separators[random.Next(separators.Length)]);
            }
            return text.Append(' ').ToString();
        }
        var texts = Gen.Choose(0, int.MaxValue).Select(seed => Text(new Random(seed)));
        int matched = 0;
        Prop.ForAll(texts.ToArbitrary(), text =>
        {
            if (!regex.IsMatch(text)) return true;
            matched++;
            var squeezed = new char[text.Length];
            string kept = new(squeezed, 0, LiteralExtractor.Squeeze(text, squeezed));
            return literals!.Any(l => kept.Contains(l, StringComparison.OrdinalIgnoreCase));
        }).QuickCheckThrowOnFailure();
        Assert.True(matched > 0, "no generated text matched");
    }

    [Fact]
    public void Rules_with_squeezed_literals_still_hit_through_the_prefilter()
    {
        var scanner = RuleTestKit.Scanner("""
            body DRUG_SPACED /\bv[_\W]{0,3}[i1!|l][_\W]{0,3}[a4@][_\W]{0,3}g[_\W]{0,3}r[_\W]{0,3}[a4@]\b/i
            score DRUG_SPACED 1
            """);
        Assert.Contains("DRUG_SPACED", scanner.Scan(RuleTestKit.Body("cheap", "get V.1.a-g_r4 now")).Names());
        Assert.Contains("DRUG_SPACED", scanner.Scan(RuleTestKit.Body("caf\u00e9 v i a g r a")).Names());
        Assert.DoesNotContain("DRUG_SPACED", scanner.Scan(RuleTestKit.Body("via grand avenue", "vitamin agar")).Names());
    }

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
