using Spamd.Protocol;

namespace Spamd.Client;

/// <summary>What the spamc command line (and config file) asked for, with spamc 4.0.1's defaults.</summary>
internal sealed class SpamcOptions
{
    public const int DefaultMaxSize = 500 * 1024;
    public const int MaxMessageLength = 256 * 1024 * 1024;

    // Transport
    public bool UseTcpHosts;            // -d given (last of -d / -U decides the transport type)
    public bool UseUnixSocket;          // -U given last
    public string? Hosts;               // -d value, comma-separated
    public string? SocketPath;          // -U value (once set, connections go there)
    public int Port = 783;
    public bool RandomizeHosts;         // -H
    public bool IPv4 = true, IPv6 = true;
    public int ConnectRetries;          // 0 means 3
    public int RetrySleep = -1;         // negative means 1
    public int FilterRetries;           // 0 means 1
    public int FilterRetrySleep;        // negative means 1
    public int Timeout = 600;           // -t: per read, seconds (0 = none)
    public int ConnectTimeout;          // -n: seconds (0 = none)

    // TLS
    public bool UseSsl;
    public bool ClientCertificate;
    public string? SslCertFile, SslKeyFile, SslCaFile, SslCaPath;

    // What to do
    public bool Check, ReportIfSpam, Report, Symbols, Ping, Headers, Learn, ReportMessage;
    public int ExtraType;               // -L: 0 spam, 1 ham, 2 forget; -C: 0 report, 1 revoke
    public bool Bsmtp;
    public bool Compress;
    public int MaxSize = DefaultMaxSize;
    public string? Username;

    // Exit behaviour
    public bool SafeFallback = true;
    public bool UnavailableTempfail;
    public bool UseExitCode;            // -E
    public string[]? PipeTo;            // -e command [args]

    /// <summary>The scan method, by libspamc's precedence.</summary>
    public SpamdMethod ScanMethod =>
        Check ? SpamdMethod.Check
        : ReportIfSpam ? SpamdMethod.ReportIfSpam
        : Report ? SpamdMethod.Report
        : Symbols ? SpamdMethod.Symbols
        : Ping ? SpamdMethod.Ping
        : Headers ? SpamdMethod.Headers
        : SpamdMethod.Process;
}
