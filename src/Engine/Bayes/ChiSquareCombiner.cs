namespace Spamd.Engine.Bayes;

/// <summary>
/// Robinson's per-token probability and Fisher's chi-square combining, with SpamAssassin 4.0.1's constants.
/// </summary>
public static class ChiSquareCombiner
{
    /// <summary>Robinson's x: the assumed probability of a token never seen before.</summary>
    public const double RobinsonX = 0.538;

    /// <summary>Robinson's s: how much weight x keeps against little evidence.</summary>
    public const double RobinsonS = 0.030;

    /// <summary>Tokens closer than this to 0.5 are ignored.</summary>
    public const double MinProbStrength = 0.346;

    /// <summary>At most this many of the strongest tokens are combined.</summary>
    public const int SignificantTokens = 150;

    /// <summary>
    /// The spam probability of one token, or null when it cannot be judged (no messages of a class, or a
    /// hapax while hapaxes are off).
    /// </summary>
    public static double? TokenProbability(long spam, long ham, long nspam, long nham, bool useHapaxes = true)
    {
        if (nspam == 0 || nham == 0) return null;
        long threshold = useHapaxes ? 1 : 2;
        long seen = spam + ham;
        if (seen < threshold) return null;
        double ratio = (double)(spam * nham) / (ham * nspam + spam * nham);
        return (RobinsonS * RobinsonX + seen * ratio) / (RobinsonS + seen);
    }

    /// <summary>
    /// Combines significant token probabilities into the message's spam probability (0 ham ... 1 spam),
    /// or null when there is nothing to combine.
    /// </summary>
    public static double? Combine(long nspam, long nham, IReadOnlyList<double> probabilities)
    {
        int count = probabilities.Count;
        long total = nspam + nham;
        if (count == 0 || total == 0) return null;

        double s = (double)nspam / total, h = (double)nham / total;
        int sExponent = 0, hExponent = 0;
        foreach (double p in probabilities)
        {
            s *= 1.0 - p;
            h *= p;
            // Keep the products representable: carry the binary exponent separately (Perl's frexp).
            if (s < 1e-200 && s > 0) s = SplitExponent(s, ref sExponent);
            if (h < 1e-200 && h > 0) h = SplitExponent(h, ref hExponent);
        }
        double logS = Math.Log(s) + sExponent * Math.Log(2);
        double logH = Math.Log(h) + hExponent * Math.Log(2);

        double spamminess = 1.0 - ChiSquareQ(-2.0 * logS, count);
        double hamminess = 1.0 - ChiSquareQ(-2.0 * logH, count);
        return (spamminess - hamminess + 1.0) / 2.0;
    }

    /// <summary>Returns the mantissa in [0.5, 1) and adds the binary exponent to <paramref name="exponent"/>.</summary>
    private static double SplitExponent(double x, ref int exponent)
    {
        int e = Math.ILogB(x) + 1;
        exponent += e;
        return Math.ScaleB(x, -e);
    }

    /// <summary>The chi-square survival function for 2 * <paramref name="halfDegrees"/> degrees of freedom.</summary>
    private static double ChiSquareQ(double x2, int halfDegrees)
    {
        double m = x2 / 2.0;
        double term = Math.Exp(-m), sum = term;
        for (int i = 1; i < halfDegrees; i++)
        {
            term *= m / i;
            sum += term;
        }
        return Math.Min(sum, 1.0);
    }
}
