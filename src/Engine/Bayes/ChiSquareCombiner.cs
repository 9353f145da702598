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
    /// or null when there is nothing to combine. <see cref="BayesCombining.SpamAssassin"/> is SpamAssassin's
    /// arithmetic to the last digit.
    /// </summary>
    public static double? Combine(long nspam, long nham, IReadOnlyList<double> probabilities, BayesCombining combining = BayesCombining.SpamAssassin)
    {
        if (LogProducts(nspam, nham, probabilities) is not (double logS, double logH)) return null;
        int count = probabilities.Count;
        double qSpam = ChiSquareQ(-2.0 * logS, count), qHam = ChiSquareQ(-2.0 * logH, count);
        // Robinson's indicator: spamminess (1 - qSpam) against hamminess (1 - qHam).
        double robinson = (qHam - qSpam + 1.0) / 2.0;
        // Both tails beyond double precision (Robinson's exact 0.5): contradictory evidence, unsure either way.
        if (combining == BayesCombining.SpamAssassin || BothSaturated(qSpam, qHam)) return robinson;
        return TailRatio(LogChiSquareQ(-2.0 * logS, count), LogChiSquareQ(-2.0 * logH, count));
    }

    /// <summary>
    /// The natural logarithms of the two chi-square tails: how likely token probabilities this far towards
    /// spam (first) and towards ham (second) would be by chance. Null when there is nothing to combine.
    /// </summary>
    public static (double LogQSpam, double LogQHam)? Tails(long nspam, long nham, IReadOnlyList<double> probabilities) =>
        LogProducts(nspam, nham, probabilities) is (double logS, double logH)
            ? (LogChiSquareQ(-2.0 * logS, probabilities.Count), LogChiSquareQ(-2.0 * logH, probabilities.Count))
            : null;

    /// <summary>ln(prior * product of (1 - p)) and ln(prior * product of p), SpamAssassin's way.</summary>
    private static (double LogS, double LogH)? LogProducts(long nspam, long nham, IReadOnlyList<double> probabilities)
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
        return (Math.Log(s) + sExponent * Math.Log(2), Math.Log(h) + hExponent * Math.Log(2));
    }

    /// <summary>
    /// Both tails so small that 1 - q rounds to 1 for each: Robinson's indicator is then exactly 0.5, strong
    /// evidence both ways.
    /// </summary>
    private static bool BothSaturated(double qSpam, double qHam) => 1.0 - qSpam == 1.0 && 1.0 - qHam == 1.0;

    /// <summary>
    /// qHam / (qSpam + qHam) from the tails' logarithms: the tails compared by their ratio rather than, as
    /// Robinson's (1 + qHam - qSpam) / 2 does, by their difference. Both agree at the ends and at the tie; the
    /// ratio lets a tail a thousand times more significant than the other decide, where the difference stays
    /// near 0.5 whenever the weaker side is not close to certain.
    /// </summary>
    private static double TailRatio(double logQSpam, double logQHam) => 1.0 / (1.0 + Math.Exp(logQSpam - logQHam));

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

    /// <summary>
    /// The logarithm of the chi-square survival function for 2 * <paramref name="halfDegrees"/> degrees of
    /// freedom, summed in log space so it stays exact where the function itself underflows; capped at 0 as
    /// SpamAssassin caps the function at 1. Q = e^-m * sum(m^i / i!, i &lt; halfDegrees), m = x2 / 2.
    /// </summary>
    internal static double LogChiSquareQ(double x2, int halfDegrees)
    {
        double m = x2 / 2.0;
        if (m <= 0) return 0.0;
        double logM = Math.Log(m);
        // The terms grow while i < m: the largest is the last one below m (or the last one summed).
        double logTerm = 0, logMax = 0;
        for (int i = 1; i < halfDegrees; i++)
        {
            logTerm += logM - Math.Log(i);
            if (logTerm > logMax) logMax = logTerm;
        }
        double sum = 0;
        logTerm = 0;
        for (int i = 0; i < halfDegrees; i++)
        {
            if (i > 0) logTerm += logM - Math.Log(i);
            sum += Math.Exp(logTerm - logMax);
        }
        return Math.Min(-m + logMax + Math.Log(sum), 0.0);
    }
}
