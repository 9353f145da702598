namespace Spamd.Protocol;

/// <summary>The request methods of SPAMC/SPAMD protocol 1.5.</summary>
/// <remarks>Shared by the daemon and the client (linked into spamc as source; no engine code).</remarks>
public enum SpamdMethod
{
    Check,
    Symbols,
    Report,
    ReportIfSpam,
    Skip,
    Ping,
    Process,
    Headers,
    Tell,
}

public static class SpamdMethodNames
{
    /// <summary>The method word as it appears on the request line.</summary>
    public static string ToWireName(this SpamdMethod method) => method switch
    {
        SpamdMethod.Check => "CHECK",
        SpamdMethod.Symbols => "SYMBOLS",
        SpamdMethod.Report => "REPORT",
        SpamdMethod.ReportIfSpam => "REPORT_IFSPAM",
        SpamdMethod.Skip => "SKIP",
        SpamdMethod.Ping => "PING",
        SpamdMethod.Process => "PROCESS",
        SpamdMethod.Headers => "HEADERS",
        SpamdMethod.Tell => "TELL",
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };
}
