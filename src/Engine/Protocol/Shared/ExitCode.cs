namespace Spamd.Protocol;

/// <summary>sysexits.h codes as spamd puts them on the wire and spamc returns them as its exit status.</summary>
public static class ExitCode
{
    public const int Ok = 0;
    public const int Usage = 64;
    public const int DataErr = 65;
    public const int NoInput = 66;
    public const int NoUser = 67;
    public const int NoHost = 68;
    public const int Unavailable = 69;
    public const int Software = 70;
    public const int OsErr = 71;
    public const int OsFile = 72;
    public const int CantCreat = 73;
    public const int IoErr = 74;
    public const int TempFail = 75;
    public const int Protocol = 76;
    public const int NoPerm = 77;
    public const int Config = 78;
    /// <summary>spamd's timeout code; not a sysexits.h value.</summary>
    public const int Timeout = 79;
    /// <summary>libspamc's EX_TOOBIG (866) as a process exit status (866 &amp; 0xFF).</summary>
    public const int TooBigExitStatus = 98;
}
