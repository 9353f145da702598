using System.Globalization;
using Spamd.Engine.Scanning;

namespace Spamd.Engine.Protocol;

/// <summary>
/// The values of the <c>Spam:</c> response header: verdict, score and threshold as spamd prints them.
/// </summary>
public readonly record struct SpamStatus(bool IsSpam, string Score, string Threshold)
{
    public static SpamStatus From(ScanResult result) =>
        From(result.Score, result.RequiredScore, result.IsSpam);

    public static SpamStatus From(double score, double requiredScore, bool isSpam) =>
        new(isSpam, FormatScore(score, requiredScore, isSpam), FormatOneDecimal(requiredScore));

    /// <summary>
    /// spamd's score text: <c>%2.1f</c>, except that a ham whose rounded score is not below the rounded
    /// threshold shows "threshold - 0.1" (as a Perl number, so "4.9", or "1" for a threshold of 1.1), so a
    /// ham never appears to reach the threshold. Negative zero stays "-0.0".
    /// </summary>
    public static string FormatScore(double score, double requiredScore, bool isSpam)
    {
        string scoreText = FormatOneDecimal(score);
        string thresholdText = FormatOneDecimal(requiredScore);
        double threshold = double.Parse(thresholdText, CultureInfo.InvariantCulture);
        if (isSpam || double.Parse(scoreText, CultureInfo.InvariantCulture) < threshold) return scoreText;
        return FormatPerlNumber(threshold - 0.1);
    }

    /// <summary>C's <c>%2.1f</c> (.NET's "F1" rounds the exact binary value the same way, 9.25 gives 9.2).</summary>
    public static string FormatOneDecimal(double value) => value.ToString("F1", CultureInfo.InvariantCulture);

    /// <summary>How Perl prints a number: <c>%.15g</c>.</summary>
    public static string FormatPerlNumber(double value) =>
        value.ToString("G15", CultureInfo.InvariantCulture).Replace('E', 'e');

    /// <summary>The word after <c>Spam:</c>: True/False, or Yes/No for REPORT_IFSPAM.</summary>
    public string Word(bool yesNo) => yesNo ? (IsSpam ? "Yes" : "No") : (IsSpam ? "True" : "False");
}
