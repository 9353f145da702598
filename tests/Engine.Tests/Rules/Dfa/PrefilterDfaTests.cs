using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using Spamd.Engine.Rules;
using Spamd.Engine.Rules.Dfa;

namespace Spamd.Engine.Tests.Rules.Dfa;

/// <summary>
/// The prefilter automaton must never reject a text its regex matches (a superset), and must reject texts it
/// clearly cannot match (or it filters nothing).
/// </summary>
public class PrefilterDfaTests
{
    private static PrefilterDfa Dfa(string pattern, RegexOptions options = RegexOptions.None) =>
        PrefilterDfa.TryCreate(pattern, options) ?? throw new Xunit.Sdk.XunitException("no automaton for " + pattern);

    [Theory]
    [InlineData(@"viagra", "buy cheap viagra now", "buy cheap vitamins now")]
    [InlineData(@"\bfree\s+money\b", "get free   money today", "get freemoney today")]
    [InlineData(@"[a-z]{8,}[\s.]+[a-z]{8,}", "extraordinary circumstances", "tiny words only here")]
    [InlineData(@"\d{3}-\d{4}", "call 555-0100 now", "call 55-010 now")]
    [InlineData(@"(?i:click\s+here)", "CLICK   HERE", "clack here")]
    [InlineData(@"unsub(?:scribe)?\W{0,3}(?:here|now)", "unsubscribe - now", "unsubscribe later")]
    [InlineData(@"(?<!no )thanks", "no thanks", "thank you")] // the lookbehind is dropped: "no thanks" may match
    [InlineData(@"a.c", "abc", "a\nc")]
    public void Finds_what_the_regex_finds_and_rejects_clear_misses(string pattern, string matching, string missing)
    {
        var dfa = Dfa(pattern);
        Assert.True(dfa.MayMatch(matching), matching);
        Assert.False(dfa.MayMatch(missing), missing);
    }

    [Fact]
    public void A_back_reference_is_narrowed_to_its_groups_pattern()
    {
        var dfa = Dfa(@"From: (\w+)@x\nTo: \1@y");
        Assert.True(dfa.MayMatch("From: bob@x\nTo: bob@y"));
        Assert.False(dfa.MayMatch("From: bob@x\nTo: @y and more"));
        Assert.False(Dfa(@"((a)b)\2").MayMatch("abb and abc"));
    }

    [Fact]
    public void Skips_to_the_characters_that_can_start_a_match()
    {
        var dfa = Dfa(@"zq\d+");
        string filler = string.Concat(Enumerable.Repeat("plain words and z q 9 but never the pair; ", 50));
        Assert.False(dfa.MayMatch(filler));
        Assert.True(dfa.MayMatch(filler + "zq42"));
        Assert.True(dfa.MayMatch("zzzq1"));
        Assert.True(Dfa(@"(?i)zq").MayMatch(filler + "ZQ"));
        Assert.True(Dfa(@"zq|\u00e9x").MayMatch(filler + "\u00e9x")); // a non-ASCII start: no skipping
    }

    [Fact]
    public void An_end_anchor_at_the_end_of_the_pattern_needs_the_end_of_the_text_or_a_newline()
    {
        var dfa = Dfa(@"total:\s*_{3,}$");
        Assert.True(dfa.MayMatch("your total: ____"));
        Assert.True(dfa.MayMatch("your total: ____\nthanks"));
        Assert.False(dfa.MayMatch("your total: ____ is due"));
        Assert.False(Dfa(@"(?:ab|cd)\z").MayMatch("ab and cd and more"));
        Assert.True(Dfa(@"(?:ab|cd)\Z").MayMatch("xx cd"));
        Assert.True(Dfa(@"a$\nb").MayMatch("a\nb")); // an anchor inside the pattern: no constraint
    }

    [Fact]
    public void Latin1_characters_are_told_apart()
    {
        // Look-alike letters: each class lists a few Latin-1 spellings; other Latin-1 text cannot match.
        var dfa = Dfa(@"[v\u00FD][i\u00EC-\u00EF][a\u00E0-\u00E6]");
        Assert.True(dfa.MayMatch("buy v\u00EDagra now"));
        Assert.False(dfa.MayMatch("se\u00F1or \u00F1o\u00F1o \u00FC\u00FC\u00FC caf\u00E9"));
        Assert.True(Dfa("(?i)caf\u00C9").MayMatch("un caf\u00E9 noir"));
        Assert.Matches(new Regex("(?i)caf\u00C9"), "un caf\u00E9 noir");
    }

    [Fact]
    public void Case_insensitive_patterns_match_both_cases_and_the_non_ascii_case_partners()
    {
        var dfa = Dfa("kiss", RegexOptions.IgnoreCase);
        Assert.True(dfa.MayMatch("KiSs me"));
        // .NET matches 'k' against the Kelvin sign case-insensitively: the automaton must not rule it out.
        Assert.True(new Regex("kiss", RegexOptions.IgnoreCase).IsMatch("\u212Aiss"));
        Assert.True(dfa.MayMatch("\u212Aiss"));
        Assert.False(dfa.MayMatch("kids"));
    }

    [Theory]
    [InlineData(@"(\w+) \1", "hello hello")] // a back-reference matches what its group's pattern does
    [InlineData(@"((a)b)\2", "aba")] // groups are numbered in the order they open
    [InlineData(@"(?i)(ab)\1", "abAB")]
    [InlineData(@"(?<w>ab)\k<w>", "abab")]
    [InlineData(@"x(?=y)", "xy")]
    [InlineData(@"(?>a+)b", "aaab")]
    [InlineData(@"^start", "start here")]
    [InlineData(@"end$", "the end")]
    [InlineData(@"[a-z-[aeiou]]{3}", "xyz")]
    [InlineData(@"\x41\u0042\103", "ABC")]
    [InlineData(@"[\x00-\x1f]", "\t")]
    [InlineData(@"(?x) a \s b # comment", "a b")]
    [InlineData(@"(?i)abc(?-i)D", "ABCD")]
    [InlineData(@"[^\s]{2}", "é!")]
    [InlineData(@"\p{L}x", "éx")]
    [InlineData(@"a{2,100}", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData(@"(?:ab){20}", "abababababababababababababababababababababab")]
    [InlineData(@"[]a]", "]")]
    [InlineData(@"a{,2}", "a{,2}")] // not a counter in .NET: literal text
    public void Never_rejects_a_text_the_regex_matches(string pattern, string text)
    {
        Assert.Matches(new Regex(pattern), text);
        Assert.True(Dfa(pattern).MayMatch(text));
    }

    [Theory]
    [InlineData(@"\d", RegexOptions.None)]
    [InlineData(@"\w", RegexOptions.None)]
    [InlineData(@"\s", RegexOptions.None)]
    [InlineData(@"\D", RegexOptions.None)]
    [InlineData(@"\W", RegexOptions.None)]
    [InlineData(@"\S", RegexOptions.None)]
    [InlineData(@"\d", RegexOptions.ECMAScript)]
    [InlineData(@"\w", RegexOptions.ECMAScript)]
    [InlineData(@"\s", RegexOptions.ECMAScript)]
    [InlineData(@"[\W\d]", RegexOptions.ECMAScript)]
    [InlineData(@".", RegexOptions.None)]
    [InlineData(@"[^a-z]", RegexOptions.IgnoreCase)]
    [InlineData(@"[\u00E0-\u00FF]", RegexOptions.IgnoreCase)]
    [InlineData(@"[^\u00C0-\u00DE]", RegexOptions.IgnoreCase)]
    [InlineData(@"\u00B5", RegexOptions.IgnoreCase)]
    public void Class_escapes_hold_every_character_dotnet_puts_in_them(string pattern, RegexOptions options)
    {
        var regex = new Regex(pattern, options);
        var dfa = PrefilterDfa.TryCreate(pattern, options);
        Assert.NotNull(dfa);
        for (int c = 0; c < 0x250; c++)
        {
            string text = new string((char)c, 16);
            if (regex.IsMatch(text)) Assert.True(dfa!.MayMatch(text), $"U+{c:X4} rejected by {pattern}");
        }
    }

    [Fact]
    public void Patterns_matching_the_empty_string_or_unreadable_have_no_automaton()
    {
        Assert.Null(PrefilterDfa.TryCreate("a*", RegexOptions.None));
        Assert.Null(PrefilterDfa.TryCreate(@"(?(x)a|b)", RegexOptions.None));
        Assert.Null(PrefilterDfa.TryCreate(@"(unclosed", RegexOptions.None));
    }

    [Fact]
    public void An_automaton_past_its_state_limit_gives_up_and_then_rejects_nothing()
    {
        // a(a|b){n}c: the classic pattern whose deterministic automaton needs 2^n states (texts without 'c' never
        // reach the accepting state, so every position adds to what the automaton must remember).
        var dfa = Dfa("a[ab]{12}[ab]{11}c");
        var random = new Random(7);
        for (int i = 0; i < 200 && !dfa.GaveUp; i++)
        {
            bool may = dfa.MayMatch(new string(Enumerable.Range(0, 400).Select(_ => random.Next(2) == 0 ? 'a' : 'b').ToArray()));
            Assert.True(dfa.GaveUp || !may); // the call that gives up answers "may match"
        }
        Assert.True(dfa.GaveUp);
        Assert.True(dfa.MayMatch("nothing like it"));
    }

    [Fact]
    public void Concurrent_scans_build_one_consistent_automaton()
    {
        var dfa = Dfa(@"(?:pay|send)\s+(?:me|us)\s+\$?\d+(?:,\d{3})*");
        var texts = Enumerable.Range(0, 400).Select(i => i % 3 == 0 ? $"please send us ${i},000 today" : $"line {i} with nothing to see").ToArray();
        Parallel.For(0, 8, _ =>
        {
            foreach (var text in texts) Assert.Equal(text.Contains("send us"), dfa.MayMatch(text));
        });
    }

    private static readonly string[] PatternPieces =
    [
        "a", "b", "ab", "[ab]", "[^a]", @"\s", @"\d", @"\w", @"\W", ".", @"\b", "^", "$", "(?:a|bc)", "(a)", @"\1", "(?=a)", "(?!b)", "(?<=a)",
        "a*", "b+", "c?", "[a-c]{2,3}", "(?:ab){1,2}", "(?i:A)", "x{0,2}",
    ];

    private static readonly string[] TextPieces = ["a", "b", "c", " ", "ab", "ba", "1", "x", "\n", "A", "é", "-"];

    [Fact]
    public void Generated_patterns_never_reject_a_text_their_regex_matches()
    {
        var pattern = Gen.ArrayOf(Gen.Elements(PatternPieces)).Select(p => string.Concat(p));
        var text = Gen.ArrayOf(Gen.Elements(TextPieces)).Select(p => string.Concat(p));
        Prop.ForAll(Arb.From(pattern), Arb.From(text), (p, t) =>
        {
            Regex regex;
            try
            {
                regex = new Regex(p);
            }
            catch (ArgumentException)
            {
                return true; // not a pattern .NET accepts (e.g. \1 without a group)
            }
            var dfa = PrefilterDfa.TryCreate(p, RegexOptions.None);
            return dfa is null || !regex.IsMatch(t) || dfa.MayMatch(t);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_rule_regex_skips_the_regex_where_its_automaton_rejects_the_text()
    {
        var regex = RuleRegex.Create("/\\bcheap\\s+(?:pills|meds)\\b/i", TimeSpan.FromSeconds(1), allowNonBacktracking: false, out _)!;
        regex.UseAutomaton = true;
        int timeouts = 0;
        Assert.True(regex.IsMatch("Buy CHEAP   pills here today", ref timeouts));
        Assert.False(regex.IsMatch("nothing to see in this paragraph at all", ref timeouts));
        Assert.Equal(1, regex.CountMatches("cheap pills, cheap meds, ok", 1, ref timeouts));
        Assert.Equal(2, regex.CountMatches("cheap pills, cheap meds, ok", 10, ref timeouts));
        Assert.NotNull(regex.AutomatonStates);
    }
}
