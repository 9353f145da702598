using Spamd.Engine.Output;

namespace Spamd.Engine.Tests.Output;

/// <summary>The Spam: header values the reference notes record (§1.5).</summary>
public class ScoreFormatTests
{
    [Theory]
    [InlineData(999.998, 5.0, true, "1000.0")]
    [InlineData(1.3, 5.0, false, "1.3")]
    [InlineData(4.958, 5.0, false, "4.9")]
    [InlineData(1.088, 1.1, false, "1")]
    [InlineData(-0.002, 5.0, false, "-0.0")]
    [InlineData(0.0, 5.0, false, "0.0")]
    [InlineData(5.0, 5.0, true, "5.0")]
    [InlineData(0.0, 0.0, true, "0.0")]
    public void Score(double score, double required, bool isSpam, string expected) =>
        Assert.Equal(expected, ScoreFormat.Score(score, required, isSpam));

    [Theory]
    [InlineData(5.0, "5.0")]
    [InlineData(1.1, "1.1")]
    [InlineData(-3, "-3.0")]
    [InlineData(12.25, "12.2")]
    public void Threshold(double required, string expected) =>
        Assert.Equal(expected, ScoreFormat.Threshold(required));
}
