namespace Spamd.Daemon.Options;

/// <summary>spamd --help.</summary>
public static class Usage
{
    public const string Text = """
        Usage: spamd [options]

        Options:
         -A host,..., --allowed-ips=..,..  Restrict to IP addresses which can connect (default 127.0.0.1,::1)
         -C path, --configpath=path        Path for default config files
         --siteconfigpath=path             Path for site configs
         --cf='config line'                Additional line of configuration (repeatable)
         -d, --daemonize                   Daemonize
         -D, --debug[=areas]               Print debugging messages
         -i [ipaddr[:port]], --listen=...  Listen on a Unix socket path, an IP address, [ssl:] for TLS (repeatable)
         -p port, --port=port              Listen on specified port (default 783)
         --socketpath=path                 Listen on a given Unix socket (with --socketowner, --socketgroup, --socketmode)
         --ssl                             Use TLS on all TCP listen sockets
         --server-key=keyfile, --server-cert=certfile  PEM key and certificate for TLS
         -m num, --max-children=num        Scans run at the same time (others wait; default 5)
         -L, --local                       Local tests only (no online tests)
         -l, --allow-tell                  Allow learning/reporting (TELL)
         -u username, --username=username  Run as username
         -x, --nouser-config               Disable user config files
         --virtual-config-dir=dir          Per-user config in dir (%u %l %d %x %% expanded), with -x
         -r pidfile, --pidfile=pidfile     Write the process id to pidfile
         -s facility, --syslog=facility    Log to stderr (default), a file path, or null
         -T timeout, --timeout-tcp=timeout Seconds to wait for the request line (default 30, 0 = none)
         -t timeout, --timeout-child=timeout  Seconds for one request: headers, body, scan, reply (default 300, 0 = none)
         --max-message-size=size           Largest message accepted, e.g. 10M (default 256M; also the zlib inflate cap)
         --bayes-path=path                 Bayes database prefix (default: bayes_path, else ~/.spamassassin/bayes)
         -V, --version                     Print version and exit
         -h, --help                        Print this help
        Accepted and ignored for compatibility: -c/--create-prefs, -H/--helper-home-dir, --min-children,
        --min-spare, --max-spare, --max-conn-per-child, --round-robin, -q, -Q, -P/--paranoid, --timing, ...
        """;
}
