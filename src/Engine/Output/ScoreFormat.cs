namespace Spamd.Engine.Output;

/// <summary>
/// How spamd prints a score and its threshold (the Spam: response header, _SCORE_, _REQD_).
/// </summary>
public static class ScoreFormat
{
    /// <summary>
    /// <c>%2.1f</c> of the score, except that ham whose one-decimal score does not read as below the threshold
    /// shows threshold - 0.1 as a Perl number ("4.9", or "1" for a 1.1 threshold): SpamAssassin's
    /// <c>Util::get_tag_value_for_score</c>.
    /// </summary>
    public static string Score(double score, double required, bool isSpam)
    {
        var s = PerlFormat.Fixed(score, 1, 2);
        var r = PerlFormat.Fixed(required, 1, 2);
        double sValue = double.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
        double rValue = double.Parse(r, System.Globalization.CultureInfo.InvariantCulture);
        if (isSpam || sValue < rValue) return s;
        return PerlFormat.Number(rValue - 0.1);
    }

    /// <summary><c>%2.1f</c> of the threshold.</summary>
    public static string Threshold(double required) => PerlFormat.Fixed(required, 1, 2);
}
