using System.Globalization;

namespace Spamd.LoadDriver;

/// <summary>The command line of <c>spamload</c>.</summary>
public sealed class LoadOptions
{
    public const string Usage = """
        usage: spamload [options] DIR|GROUP...
               spamload --compare FIRST.json SECOND.json

        Replays messages against a SPAMC/1.5 server (spamd or compatible) and reports throughput, latency,
        errors and verdicts. DIR holds message files (or group subdirectories); GROUP is a directory name under
        $SPAMD_CORPUS_DIR. Groups whose name contains "spam" are expected spam, "ham" expected ham.

          --host HOST          server host (default 127.0.0.1)
          --port PORT          server TCP port (default 783)
          --socket PATH        Unix-domain socket instead of TCP
          --method NAME        CHECK (default), SYMBOLS, REPORT, REPORT_IFSPAM, PROCESS, HEADERS or PING
          --user NAME          send "User: NAME" (default: no User header)
          --concurrency N      requests in flight (default 4)
          --count N            stop after N requests (default: each message once unless --duration)
          --duration SECONDS   stop starting requests after this long
          --warmup N           unmeasured requests first (default 0)
          --timeout SECONDS    per-request deadline (default 30)
          --pattern GLOB       message file names (default *.txt)
          --labels FILE        lines "spam PATH" / "ham PATH" overriding the group labels
          --seed N             shuffle seed (default 1); --no-shuffle keeps directory order
          --name TEXT          name of the server in the report
          --watch-pid PID      sample the peak RSS of this process and its descendants every 100 ms
          --json FILE          also write the report as JSON
          --compare A B        print two JSON reports side by side with the ratio A/B
        Exit status: 0 all requests succeeded, 1 some failed, 2 bad usage.
        """;

    public List<string> Directories { get; } = new();
    public string Host { get; private set; } = "127.0.0.1";
    public int Port { get; private set; } = 783;
    public string? SocketPath { get; private set; }
    public ScanMethod Method { get; private set; } = ScanMethod.Check;
    public string? User { get; private set; }
    public int Concurrency { get; private set; } = 4;
    public long? Count { get; private set; }
    public TimeSpan? Duration { get; private set; }
    public int Warmup { get; private set; }
    public TimeSpan Timeout { get; private set; } = TimeSpan.FromSeconds(30);
    public string Pattern { get; private set; } = "*.txt";
    public string? LabelsFile { get; private set; }
    public int? Seed { get; private set; } = 1;
    public string? Name { get; private set; }
    public int? WatchPid { get; private set; }
    public string? JsonPath { get; private set; }
    public (string First, string Second)? Compare { get; private set; }

    /// <summary>Parses the arguments; throws <see cref="FormatException"/> with a readable message on bad input.</summary>
    public static LoadOptions Parse(IReadOnlyList<string> args)
    {
        var o = new LoadOptions();
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            string Value() => ++i < args.Count ? args[i] : throw new FormatException($"{arg} needs a value");
            switch (arg)
            {
                case "--host": o.Host = Value(); break;
                case "--port": o.Port = (int)Number(arg, Value(), 1, 65535); break;
                case "--socket": o.SocketPath = Value(); break;
                case "--method":
                    o.Method = ScanMethodNames.TryParse(Value(), out var m) ? m : throw new FormatException($"unknown method '{args[i]}'");
                    break;
                case "--user": o.User = Value(); break;
                case "--concurrency": o.Concurrency = (int)Number(arg, Value(), 1, 10_000); break;
                case "--count": o.Count = Number(arg, Value(), 1, long.MaxValue); break;
                case "--duration": o.Duration = Seconds(arg, Value()); break;
                case "--warmup": o.Warmup = (int)Number(arg, Value(), 0, int.MaxValue); break;
                case "--timeout": o.Timeout = Seconds(arg, Value()); break;
                case "--pattern": o.Pattern = Value(); break;
                case "--labels": o.LabelsFile = Value(); break;
                case "--seed": o.Seed = (int)Number(arg, Value(), int.MinValue, int.MaxValue); break;
                case "--no-shuffle": o.Seed = null; break;
                case "--name": o.Name = Value(); break;
                case "--watch-pid": o.WatchPid = (int)Number(arg, Value(), 1, int.MaxValue); break;
                case "--json": o.JsonPath = Value(); break;
                case "--compare": o.Compare = (Value(), Value()); break;
                case "-h" or "--help": throw new FormatException("");
                default:
                    if (arg.StartsWith('-')) throw new FormatException($"unknown option {arg}");
                    o.Directories.Add(arg);
                    break;
            }
        }
        if (o.Compare is null && o.Directories.Count == 0 && o.Method != ScanMethod.Ping)
            throw new FormatException("give at least one message directory or corpus group");
        return o;
    }

    public ServerAddress Address() => SocketPath is null ? ServerAddress.Tcp(Host, Port) : ServerAddress.Unix(SocketPath);

    private static long Number(string option, string text, long min, long max) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long n) && n >= min && n <= max
            ? n
            : throw new FormatException($"{option} expects a number from {min} to {max}, not '{text}'");

    private static TimeSpan Seconds(string option, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double s) && s > 0 && s <= 86_400
            ? TimeSpan.FromSeconds(s)
            : throw new FormatException($"{option} expects seconds (at most a day), not '{text}'");
}
