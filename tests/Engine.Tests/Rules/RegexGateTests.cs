using Spamd.Engine.Rules;
using Xunit;

namespace Spamd.Engine.Tests.Rules;

public class RegexGateTests
{
    [Theory]
    [InlineData("a{1,100}", "a{1,}")]
    [InlineData("a{2,3}", "a{2,3}")]
    [InlineData("[{1,100}]x", "[{1,100}]x")]
    [InlineData(@"\{1,100}", @"\{1,100}")]
    [InlineData(@"[]{1,100}]{0,50}", @"[]{1,100}]{0,}")]
    [InlineData("(?:ab){5}c{3,}", "(?:ab){5}c{3,}")]
    public void Loosening_changes_only_large_bounded_quantifiers(string pattern, string expected) =>
        Assert.Equal(expected, RuleRegex.LoosenCounters(pattern));

    [Theory]
    [InlineData("name: ---- address: ---- city: ---- zip: ---- phone: ----", true)]
    [InlineData("name: ---- address: ---- city: ----", false)]
    [InlineData("nothing to see", false)]
    public void A_gated_regex_with_large_counters_answers_as_before(string text, bool expected)
    {
        var regex = RuleRegex.Create(@"(?:\b(?:name|address|city|zip|phone):?[-\s]{1,100}){5}", "i", TimeSpan.FromSeconds(1), false, out _)!;
        Assert.True(regex.AddGate());
        int timeouts = 0;
        Assert.Equal(expected, regex.IsMatch(text, ref timeouts));
    }
}
