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
    public void Tail_ratio_lets_a_decisive_ham_tail_win_where_Robinson_stays_near_the_middle()
    {
        // 60 strong ham tokens and 20 spam ones: the ham tail is ~1e-44, the spam tail ~0.06, not significant.
        // Robinson's difference still says 0.47 (BAYES_50, as for the dev split's 3 false positives); the ratio
        // says ham.
        double[] probabilities = [.. Enumerable.Repeat(0.01, 60), .. Enumerable.Repeat(0.99, 20)];
        double robinson = ChiSquareCombiner.Combine(500, 2500, probabilities)!.Value;
        double ratio = ChiSquareCombiner.Combine(500, 2500, probabilities, BayesCombining.TailRatio)!.Value;
        Assert.InRange(robinson, 0.4, 0.5);
        Assert.InRange(ratio, 0.0, 1e-6);
    }

    [Fact]
    public void Tail_ratio_is_symmetric_and_agrees_with_Robinson_at_the_ends_and_the_tie()
    {
        double[] spammy = [0.99, 0.98, 0.9, 0.2], hammy = [0.01, 0.02, 0.1, 0.8];
        double spam = ChiSquareCombiner.Combine(100, 100, spammy, BayesCombining.TailRatio)!.Value;
        double ham = ChiSquareCombiner.Combine(100, 100, hammy, BayesCombining.TailRatio)!.Value;
        Assert.Equal(1.0, spam + ham, 12);
        Assert.True(spam > ChiSquareCombiner.Combine(100, 100, spammy)!.Value);
        Assert.Equal(0.5, ChiSquareCombiner.Combine(100, 100, [0.9, 0.1], BayesCombining.TailRatio)!.Value, 12);
        Assert.Equal(1.0, ChiSquareCombiner.Combine(100, 100, Enumerable.Repeat(0.99, 150).ToArray(), BayesCombining.TailRatio)!.Value, 12);
        Assert.Equal(0.0, ChiSquareCombiner.Combine(100, 100, Enumerable.Repeat(0.01, 150).ToArray(), BayesCombining.TailRatio)!.Value, 12);
    }

    [Fact]
    public void Both_tails_saturated_stay_unsure_in_both_combinings()
    {
        // 75 tokens at each extreme: both tails far below double precision.
        double[] probabilities = [.. Enumerable.Repeat(0.999, 75), .. Enumerable.Repeat(0.001, 70)];
        Assert.Equal(0.5, ChiSquareCombiner.Combine(500, 500, probabilities)!.Value, 15);
        Assert.Equal(0.5, ChiSquareCombiner.Combine(500, 500, probabilities, BayesCombining.TailRatio)!.Value, 15);
        var (logQSpam, logQHam) = ChiSquareCombiner.Tails(500, 500, probabilities)!.Value;
        // The tails themselves stay exact in log space: the spam side (more extreme tokens) is the smaller.
        Assert.True(logQSpam < logQHam && logQHam < Math.Log(1e-16), $"{logQSpam} {logQHam}");
    }

    [Theory]
    [InlineData(3.0, 2)]
    [InlineData(40.0, 10)]
    [InlineData(300.0, 150)]
    [InlineData(0.5, 150)]
    public void Log_tail_matches_the_direct_series_where_that_is_representable(double x2, int halfDegrees)
    {
        // Direct series: e^-m * sum m^i / i!.
        double m = x2 / 2, term = Math.Exp(-m), sum = term;
        for (int i = 1; i < halfDegrees; i++) { term *= m / i; sum += term; }
        Assert.Equal(Math.Log(Math.Min(sum, 1.0)), ChiSquareCombiner.LogChiSquareQ(x2, halfDegrees), 9);
    }

    [Fact]
    public void Log_tail_stays_finite_where_the_series_underflows()
    {
        double log = ChiSquareCombiner.LogChiSquareQ(4000.0, 150);
        Assert.True(double.IsFinite(log) && log < -1000, log.ToString());
        Assert.True(ChiSquareCombiner.LogChiSquareQ(4000.0, 150) < ChiSquareCombiner.LogChiSquareQ(3000.0, 150));
    }

    [Theory]
    [InlineData("bayes_combining spamassassin", BayesCombining.SpamAssassin)]
    [InlineData("bayes_combining TAIL_RATIO", BayesCombining.TailRatio)]
    [InlineData("bayes_combining nonsense", BayesCombining.TailRatio)]
    public void Combining_is_configurable(string line, BayesCombining expected)
    {
        var config = new BayesConfig();
        config.Apply(line);
        Assert.Equal(expected, config.Options.Combining);
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
