using Spamd.Engine.Config;
using Spamd.Engine.Rules;
using Xunit;

namespace Spamd.Engine.Tests.Rules;

/// <summary>The one-pass literal check of header rules finds exactly what a per-rule OrdinalIgnoreCase search finds.</summary>
public class HeaderLiteralFilterTests
{
    /// <summary>The automaton's fold (see HeaderLiteralFilter): a char equals an ASCII literal char exactly when upper-cased alike.</summary>
    [Fact]
    public void Upper_casing_matches_ordinal_ignore_case_for_every_char_against_ascii()
    {
        int mismatches = 0;
        for (int c = 0; c <= char.MaxValue; c++)
        {
            if (char.IsSurrogate((char)c)) continue;
            for (char p = ' '; p <= '~'; p++)
            {
                bool ignoreCase = string.Equals(((char)c).ToString(), p.ToString(), StringComparison.OrdinalIgnoreCase);
                if (ignoreCase != (char.ToUpperInvariant((char)c) == char.ToUpperInvariant(p))) mismatches++;
            }
        }
        Assert.Equal(0, mismatches);
    }

    [Theory]
    [InlineData("Hello World", true, false, true)]
    [InlineData("HELLO", true, false, false)]
    [InlineData("say SPAM here", false, true, false)]
    [InlineData("say \u017Fpam here", false, false, false)] // U+017F (long s) is no 's' to OrdinalIgnoreCase either
    [InlineData("nothing", false, false, false)]
    public void A_rule_runs_only_when_one_of_its_literals_occurs_in_its_header(string subject, bool hello, bool spam, bool world)
    {
        var scanner = RuleScanner.FromText("""
            header T_HELLO ALL =~ /hello/i
            header T_SPAM ALL =~ /spam/i
            header T_WORLD ALL =~ /world/
            header T_NOT_SPAM ALL !~ /spam/i
            header T_FROM From =~ /hello/i
            """, new RuleLoadOptions { Locale = "C", CompileRegexesInBackground = false });
        var filter = scanner.RuleSet.HeaderLiterals;
        Assert.NotNull(filter);
        var state = new HeaderLiteralFilter.State(filter, scanner.RuleSet.Rules.Length);
        bool MayMatch(string name) => filter.MayMatch(scanner.RuleSet.Find(name)!, subject, state);
        Assert.Equal(hello, MayMatch("T_HELLO"));
        Assert.Equal(spam, MayMatch("T_SPAM"));
        Assert.Equal(world, MayMatch("T_WORLD"));
        Assert.Equal(spam, MayMatch("T_NOT_SPAM"));
        Assert.False(filter.Covers(scanner.RuleSet.Find("T_FROM")!)); // a short header: the rule searches its own literals
        var names = scanner.Scan(new FakeMailMessage().With("ALL", subject).With("From", "x")).Names();
        Assert.Equal(spam, !names.Contains("T_NOT_SPAM"));
        Assert.Equal(hello, names.Contains("T_HELLO"));
        Assert.DoesNotContain("T_FROM", names);
    }

    [Fact]
    public void Rules_with_more_literals_than_a_per_rule_search_affords_are_filtered_too()
    {
        var scanner = RuleScanner.FromText("header T_MANY ALL =~ /(?:alpha|bravo|charlie|delta|echo|foxtrot)\\d/",
            new RuleLoadOptions { Locale = "C", CompileRegexesInBackground = false });
        var rule = scanner.RuleSet.Find("T_MANY")!;
        Assert.Equal(6, rule.RequiredLiterals!.Length);
        Assert.True(scanner.RuleSet.HeaderLiterals!.Covers(rule));
        Assert.Contains("T_MANY", scanner.Scan(new FakeMailMessage().With("ALL", "echo7")).Names());
        Assert.DoesNotContain("T_MANY", scanner.Scan(new FakeMailMessage().With("ALL", "golf7")).Names());
    }
}
