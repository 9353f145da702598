using Spamd.Engine.Bayes;

namespace Spamd.Engine.Tests.Bayes;

public class ChiSquareCombinerTests
{
    // Expected values computed with SpamAssassin 4.0.1's Mail::SpamAssassin::Bayes::Combine::combine.
    [Theory]
    [InlineData(250, 300, new[] { 0.99, 0.98, 0.05, 0.9, 0.85 }, 0.822933146627535)]
    [InlineData(1000, 400, new[] { 0.2, 0.1, 0.95 }, 0.407725342016440)]
    public void Combine_matches_SpamAssassin(long nspam, long nham, double[] probabilities, double expected)
    {
        double? actual = ChiSquareCombiner.Combine(nspam, nham, probabilities);
        Assert.NotNull(actual);
        Assert.Equal(expected, actual.Value, 12);
    }

    [Fact]
    public void Combine_survives_products_below_double_range()
    {
        double? actual = ChiSquareCombiner.Combine(1000, 400, Enumerable.Repeat(0.001, 150).ToArray());
        Assert.NotNull(actual);
        Assert.Equal(0.0, actual.Value, 12);
        Assert.False(double.IsNaN(actual.Value));
    }

    [Fact]
    public void Token_probability_uses_Robinson_smoothing()
    {
        // s=3, n=1 with nspam=nham: ratio 0.75, smoothed towards x = 0.538 by s = 0.03.
        double expected = (0.030 * 0.538 + 4 * 0.75) / (0.030 + 4);
        Assert.Equal(expected, ChiSquareCombiner.TokenProbability(3, 1, 100, 100)!.Value, 12);
        Assert.Null(ChiSquareCombiner.TokenProbability(3, 1, 0, 100));
        Assert.Null(ChiSquareCombiner.TokenProbability(1, 0, 100, 100, useHapaxes: false));
    }

    [Theory]
    [InlineData(0.0, "BAYES_00")]
    [InlineData(0.01, "BAYES_00")]
    [InlineData(0.5, "BAYES_50")]
    [InlineData(0.995, "BAYES_99")]
    [InlineData(0.9995, "BAYES_99,BAYES_999")]
    public void Buckets_follow_check_bayes_bounds(double probability, string expected)
    {
        Assert.Equal(expected, string.Join(",", BayesRuleBuckets.RulesHit(probability)));
    }
}
