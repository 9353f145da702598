using Spamd.Engine.Rules;
using Xunit;

namespace Spamd.Engine.Tests.Rules;

public class LinearFormTests
{
    private static RuleRegex Create(string pattern, string flags = "") =>
        RuleRegex.Create(pattern, flags, TimeSpan.FromSeconds(1), allowNonBacktracking: false, out _)!;

    private static bool IsMatch(RuleRegex regex, string text)
    {
        int timeouts = 0;
        return regex.IsMatch(text, ref timeouts);
    }

    [Theory]
    [InlineData(@"\bpay\s+me\b", "i", "please PAY  me now", true)]
    [InlineData(@"\bpay\s+me\b", "i", "repay meat", false)]
    [InlineData(@"^(?:send|give)\s(?:to\s)?me$", "im", "first line\ngive to me\nlast", true)]
    [InlineData(@"^(?:send|give)\s(?:to\s)?me$", "i", "first line\ngive to me\nlast", false)]
    [InlineData(@"a.c", "", "a\nc", false)]
    [InlineData(@"a.c", "s", "a\nc", true)]
    [InlineData(@"\d{3}-\w+", "", "call 555-abc", true)]
    [InlineData(@"(?:y[o0]u|u)\s(?:h[a4]ve|got)", "i", "Y0U HAVE mail", true)]
    [InlineData(@"mal+ware[^.]{1,30}allows\sme", "i", "the MALWARE now allows me", true)]
    [InlineData(@"&#\d+;x", "", "a &#120;x", true)]
    public void Linear_forms_answer_as_the_backtracking_regex_on_ascii_texts(string pattern, string flags, string text, bool expected)
    {
        var regex = Create(pattern, flags);
        Assert.Equal(expected, IsMatch(regex, text));
        Assert.True(regex.AddLinearForms());
        Assert.True(regex.HasLinearForm);
        Assert.Equal(expected, IsMatch(regex, text));
    }

    [Fact]
    public void Texts_with_characters_above_ascii_keep_the_backtracking_form()
    {
        // Perl's /aa \b (ECMAScript's here) sees 'é' as a non-word character; .NET's Unicode \b, which the linear
        // engine uses, would not: such texts must not reach the linear form.
        var regex = Create(@"\bcaf\b");
        Assert.True(regex.AddLinearForms());
        Assert.True(IsMatch(regex, "un café noir"));
        Assert.False(IsMatch(regex, "cafe"));
    }

    [Fact]
    public void Ascii_forms_of_look_alike_patterns_get_linear_forms()
    {
        var regex = Create(@"p(?:a|\xe0|&#224;)y\sme", "i");
        Assert.True(regex.AddAsciiForm());
        Assert.True(regex.AddLinearForms());
        Assert.True(IsMatch(regex, "pay me"));
        Assert.True(IsMatch(regex, "p&#224;y me"));
        Assert.True(IsMatch(regex, "p\u00e0y me"));
        Assert.False(IsMatch(regex, "pey me"));
    }

    [Theory]
    [InlineData(@"foo(?=bar)")]
    [InlineData(@"(?<!x)foo")]
    [InlineData(@"(a)\1")]
    [InlineData(@"(?>a+)b")]
    [InlineData(@"(?:name:?[-\s]{1,100}){3}")]
    [InlineData(@"x[a-z]{2,41}")]
    public void Patterns_the_linear_engine_cannot_run_or_that_would_grow_large_are_refused(string pattern)
    {
        var regex = Create(pattern, "i");
        Assert.False(regex.AddLinearForms());
        Assert.False(regex.HasLinearForm);
    }

    [Fact]
    public void Regexes_with_tag_captures_are_refused()
    {
        var regex = Create(@"(?<NAME>\w+)@example\.com");
        Assert.False(regex.AddLinearForms());
    }

    [Fact]
    public void The_budget_counts_only_what_was_taken_and_kept()
    {
        var budget = new LinearFormBudget(2);
        Assert.True(budget.TryTake());
        Assert.True(budget.TryTake());
        budget.GiveBack();
        Assert.True(budget.TryTake());
        Assert.False(budget.TryTake());
    }
}
