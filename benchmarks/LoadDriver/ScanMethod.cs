namespace Spamd.LoadDriver;

/// <summary>The SPAMC/1.5 methods the driver can replay. PING measures the bare connection cost.</summary>
public enum ScanMethod
{
    Check,
    Symbols,
    Report,
    ReportIfSpam,
    Process,
    Headers,
    Ping,
}

public static class ScanMethodNames
{
    public static string WireName(this ScanMethod method) => method switch
    {
        ScanMethod.Check => "CHECK",
        ScanMethod.Symbols => "SYMBOLS",
        ScanMethod.Report => "REPORT",
        ScanMethod.ReportIfSpam => "REPORT_IFSPAM",
        ScanMethod.Process => "PROCESS",
        ScanMethod.Headers => "HEADERS",
        ScanMethod.Ping => "PING",
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };

    /// <summary>Whether the reply carries a Content-length body after its headers (CHECK and PING do not).</summary>
    public static bool RepliesWithBody(this ScanMethod method) => method is not (ScanMethod.Check or ScanMethod.Ping);

    public static bool TryParse(string text, out ScanMethod method)
    {
        foreach (var candidate in Enum.GetValues<ScanMethod>())
        {
            if (string.Equals(candidate.WireName(), text, StringComparison.OrdinalIgnoreCase))
            {
                method = candidate;
                return true;
            }
        }
        method = default;
        return false;
    }
}
