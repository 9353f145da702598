namespace Spamd.Client;

/// <summary>libspamc's non-sysexits results.</summary>
internal static class SpamcStatus
{
    public const int NotSpam = 0;
    public const int IsSpam = 1;
    /// <summary>EX_TOOBIG: also "no verdict yet"; as an exit status it becomes 866 &amp; 0xFF = 98.</summary>
    public const int TooBig = 866;
}
