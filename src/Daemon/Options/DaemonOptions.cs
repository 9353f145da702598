namespace Spamd.Daemon.Options;

/// <summary>Everything the command line configures. Defaults are spamd 4.0.1's.</summary>
public sealed class DaemonOptions
{
    public const int DefaultPort = 783;

    /// <summary>-i/--listen specs as given ("" means all interfaces); empty means the default, localhost.</summary>
    public List<string> Listen { get; } = [];
    public string Port { get; set; } = DefaultPort.ToString();
    public string? SocketPath { get; set; }
    public string? SocketOwner { get; set; }
    public string? SocketGroup { get; set; }
    public string? SocketMode { get; set; }

    public bool Ssl { get; set; }

    /// <summary>--ssl-verify: require a client certificate signed by --ssl-ca-file / --ssl-ca-path (or a system CA).</summary>
    public bool SslVerify { get; set; }
    public string? SslCaFile { get; set; }
    public string? SslCaPath { get; set; }

    /// <summary>--ssl-port: makes TCP sockets TLS, on this port unless a socket names its own (spamd's code, not its manual).</summary>
    public string? SslPort { get; set; }
    public string ServerKey { get; set; } = "/etc/spamassassin/certs/server-key.pem";
    public string ServerCert { get; set; } = "/etc/spamassassin/certs/server-cert.pem";
    public bool IPv4Only { get; set; }
    public bool IPv6Only { get; set; }

    /// <summary>-A entries (comma lists already split); empty means 127.0.0.1 and ::1.</summary>
    public List<string> AllowedIps { get; } = [];

    public int MaxChildren { get; set; } = 5;
    public bool LocalOnly { get; set; }
    public bool AllowTell { get; set; }
    public string? ConfigPath { get; set; }
    public string? SiteConfigPath { get; set; }
    public List<string> ConfigLines { get; } = [];
    public List<string> PreLines { get; } = [];

    public string? UserName { get; set; }
    public string? GroupName { get; set; }
    public string DefaultUser { get; set; } = "nobody";
    public bool UserConfig { get; set; } = true;
    public string? VirtualConfigDir { get; set; }

    public string? PidFile { get; set; }
    public string Syslog { get; set; } = "stderr";
    /// <summary>-D: null when off; the areas (possibly "") when on.</summary>
    public string? Debug { get; set; }

    public int TimeoutTcp { get; set; } = 30;
    public int TimeoutChild { get; set; } = 300;
    public bool Daemonize { get; set; }

    /// <summary>Our own limit (spamd has none): the largest message accepted, also the zlib inflate cap.</summary>
    public long MaxMessageSize { get; set; } = 256L * 1024 * 1024;

    /// <summary>
    /// Our own option: the site-wide Bayes database prefix (".sqlite" is appended). Null: bayes_path from the
    /// configuration, else ~/.spamassassin/bayes of the daemon's user, the same place sa-learn uses.
    /// </summary>
    public string? BayesPath { get; set; }

    public bool ShowHelp { get; set; }
    public bool ShowVersion { get; set; }

    /// <summary>Options accepted for compatibility that have no effect here, for one warning each at start.</summary>
    public List<string> Warnings { get; } = [];
}
