namespace Spamd.Client;

/// <summary>The -h and -V texts, laid out as spamc 4.0.1 lays them out (scripts grep them).</summary>
internal static class UsageText
{
    public const string Version = "4.0.1";

    private const string VersionText =
        "SpamAssassin Client version " + Version + "\n" +
        "  compatible .NET implementation (TLS and zlib compression supported)\n";

    private const string Options = """

        Usage: spamc [options] [-e command [args]] < message

        Options:
          -d, --dest host[,host2]
                              Specify one or more hosts to connect to.
                              [default: localhost]
          -H , --randomize    Randomize IP addresses for the looked-up
                              hostname.
          -p, --port port     Specify port for connection to spamd.
                              [default: 783]
          -S, --ssl           Use SSL to talk to spamd.
          --ssl-cert cert     Authenticate using SSL client certificate.
          --ssl-key key       Specify an SSL client key PEM file.
          --ssl-ca-file file  Specify the location of the CA PEM file.
          --ssl-ca-path path  Specify a directory containin CA files.
          -U, --socket path   Connect to spamd via UNIX domain sockets.
          -F, --config path   Use this configuration file.
          -t, --timeout timeout
                              Timeout in seconds for communications to
                              spamd. [default: 600]
          -n, --connect-timeout timeout
                              Timeout in seconds when opening a connection to
                              spamd. [default: 600]
          --filter-retries retries
                              Retry filtering this many times if the spamd
                              process fails (usually times out) [default: 1]
          --filter-retry-sleep sleep
                              Sleep for this time between failed filter
                              attempts, in seconds [default: 1]
          --connect-retries retries
                              Try connecting to spamd tcp socket this many times
                              [default: 3]
          --retry-sleep sleep Sleep for this time between attempts to
                              connect to spamd, in seconds [default: 1]
          -s, --max-size size Specify maximum message size, in bytes.
                              [default: 500k]
          -u, --username username
                              User for spamd to process this message under.
                              [default: current user]
          -L, --learntype learntype
                              Learn message as spam, ham or forget to
                              forget or unlearn the message.
          -C, --reporttype reporttype
                              Report message to collaborative filtering
                              databases.  Report type should be 'report' for
                              spam or 'revoke' for ham.
          -B, --bsmtp         Assume input is a single BSMTP-formatted
                              message.
          -c, --check         Just print the summary line and set an exit
                              code.
          -y, --tests         Just print the names of the tests hit.
          -r, --full-spam     Print full report for messages identified as
                              spam.
          -R, --full          Print full report for all messages.
          --headers           Rewrite only the message headers.
          -E, --exitcode      Filter as normal, and set an exit code.
          -x, --no-safe-fallback
                              Don't fallback safely.
          -X, --unavailable-tempfail
                              When using -x, turn 'unavailable' error into
                              'tempfail'. This may be useful for an MTAs
                              to defer emails with a temporary SMTP error
                              instead of bouncing with a permanent SMTP
                              error.
          -l, --log-to-stderr Log errors and warnings to stderr.
          -e, --pipe-to command [args]
                              Pipe the output to the given command instead
                              of stdout. This must be the last option.
          -h, --help          Print this help message and exit.
          -V, --version       Print spamc version and exit.
          -K                  Keepalive check of spamd.
          -z                  Compress mail message sent to spamd.
          -f                  (Now default, ignored.)
          -4                  Use IPv4 only for connecting to server.
          -6                  Use IPv6 only for connecting to server.


        """;

    public static void PrintVersion() => Stdout.Write(VersionText);

    public static void PrintUsage() => Stdout.Write(VersionText + Options);
}
