namespace Spamd.LoadDriver;

/// <summary>Verdicts of successful scans, split by the label the corpus gave each message.</summary>
public sealed class VerdictCounts
{
    public long SpamAsSpam { get; set; }
    public long SpamAsHam { get; set; }
    public long HamAsSpam { get; set; }
    public long HamAsHam { get; set; }
    public long UnlabelledAsSpam { get; set; }
    public long UnlabelledAsHam { get; set; }

    /// <summary>Share of ham the server called spam; null when no ham was scanned.</summary>
    public double? HamFalsePositiveRate => Ratio(HamAsSpam, HamAsSpam + HamAsHam);

    /// <summary>Share of spam the server caught; null when no spam was scanned.</summary>
    public double? SpamRecall => Ratio(SpamAsSpam, SpamAsSpam + SpamAsHam);

    public void Add(bool? expectSpam, bool isSpam)
    {
        switch (expectSpam, isSpam)
        {
            case (true, true): SpamAsSpam++; break;
            case (true, false): SpamAsHam++; break;
            case (false, true): HamAsSpam++; break;
            case (false, false): HamAsHam++; break;
            case (null, true): UnlabelledAsSpam++; break;
            case (null, false): UnlabelledAsHam++; break;
        }
    }

    public void Add(VerdictCounts other)
    {
        SpamAsSpam += other.SpamAsSpam;
        SpamAsHam += other.SpamAsHam;
        HamAsSpam += other.HamAsSpam;
        HamAsHam += other.HamAsHam;
        UnlabelledAsSpam += other.UnlabelledAsSpam;
        UnlabelledAsHam += other.UnlabelledAsHam;
    }

    private static double? Ratio(long part, long whole) => whole == 0 ? null : (double)part / whole;
}
