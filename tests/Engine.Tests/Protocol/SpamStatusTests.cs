using Spamd.Engine.Protocol;

namespace Spamd.Engine.Tests.Protocol;

public class SpamStatusTests
{
    [Theory]
    [InlineData(1000.0, 5.0, "1000.0", "5.0")]
    [InlineData(1.3, 5.0, "1.3", "5.0")]
    [InlineData(0.0, 5.0, "0.0", "5.0")]
    [InlineData(-0.0, 5.0, "-0.0", "5.0")]
    [InlineData(-0.001, 5.0, "-0.0", "5.0")]
    [InlineData(4.958, 5.0, "4.9", "5.0")] // ham whose score rounds up to the threshold shows threshold - 0.1
    [InlineData(1.088, 1.1, "1", "1.1")]   // ... as a Perl number: 1.1 - 0.1 prints as "1"
    [InlineData(9.25, 20.0, "9.2", "20.0")] // C printf rounding of the binary value
    [InlineData(2.25, 5.0, "2.2", "5.0")]
    [InlineData(19.4, 5.0, "19.4", "5.0")]
    [InlineData(5.0, 5.0, "5.0", "5.0")]   // spam: exact score
    [InlineData(-3.25, 5.0, "-3.2", "5.0")]
    public void Formats_score_and_threshold_as_spamd(double score, double required, string expectedScore, string expectedThreshold)
    {
        var status = SpamStatus.From(score, required, score >= required);
        Assert.Equal(expectedScore, status.Score);
        Assert.Equal(expectedThreshold, status.Threshold);
    }

    [Fact]
    public void Words_are_true_false_or_yes_no()
    {
        var spam = SpamStatus.From(10, 5, true);
        var ham = SpamStatus.From(1, 5, false);
        Assert.Equal(("True", "Yes", "False", "No"), (spam.Word(false), spam.Word(true), ham.Word(false), ham.Word(true)));
    }
}
