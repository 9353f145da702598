using Spamd.Protocol;

namespace Spamd.Client;

/// <summary>
/// spamc's <c>read_args</c>: turns the words into <see cref="SpamcOptions"/>. Returns <see cref="ExitCode.Ok"/> to go
/// on, <see cref="ExitCode.TempFail"/> when the run is over and successful (-h, -V), or the error exit code.
/// Like spamc it keeps parsing after a bad value (so later words still apply) and only stops at a syntax error.
/// </summary>
internal static class CommandLine
{
    public static int Parse(IReadOnlyList<string> argv, SpamcOptions o)
    {
        var reader = new OptionReader(argv);
        int result = ExitCode.Ok;
        int opt;
        while ((opt = reader.Next()) != OptionReader.End)
        {
            string arg = reader.OptionArgument ?? "";
            switch (opt)
            {
                case 'B': o.Bsmtp = true; break;
                case 'c': o.Check = true; break;
                case 'd': o.UseTcpHosts = true; o.UseUnixSocket = false; o.Hosts = arg; break;
                case 'e':
                    // Everything from the command on is the command line; nothing after it is checked.
                    o.PipeTo = Tail(argv, reader.Index - 1);
                    return ExitCode.Ok;
                case 'f': break;
                case 'K': o.Ping = true; break;
                case 'l': ClientLog.ToStderr = true; break;
                case 'H': o.RandomizeHosts = true; break;
                case 'p': o.Port = (ushort)Atoi(arg); break;
                case 'r': o.ReportIfSpam = true; break;
                case 'E': o.UseExitCode = true; break;
                case 'R': o.Report = true; break;
                case 's': o.MaxSize = Atoi(arg); break;
                case 'S':
                    o.UseSsl = true;
                    if (reader.OptionArgument != null)
                    {
                        ClientLog.Error("Explicit specification of an SSL/TLS version no longer supported.");
                        result = ExitCode.Usage;
                    }
                    break;
                case 't':
                    o.Timeout = Atoi(arg);
                    if (o.ConnectTimeout == 0) o.ConnectTimeout = o.Timeout;
                    break;
                case 'n': o.ConnectTimeout = Atoi(arg); break;
                case 'u': o.Username = arg; break;
                case 'L':
                    o.Learn = true;
                    switch (arg)
                    {
                        case "spam": o.ExtraType = 0; break;
                        case "ham": o.ExtraType = 1; break;
                        case "forget": o.ExtraType = 2; break;
                        default: ClientLog.Error("Please specify a legal learn type"); result = ExitCode.Usage; break;
                    }
                    break;
                case 'C':
                    o.ReportMessage = true;
                    switch (arg)
                    {
                        case "report": o.ExtraType = 0; break;
                        case "revoke": o.ExtraType = 1; break;
                        default: ClientLog.Error("Please specify a legal report type"); result = ExitCode.Usage; break;
                    }
                    break;
                case 'U': o.UseUnixSocket = true; o.UseTcpHosts = false; o.SocketPath = arg; break;
                case 'x': o.SafeFallback = false; break;
                case 'X':
                    if (!o.SafeFallback) o.UnavailableTempfail = true;
                    else ClientLog.Error("This option is only valid if -x is set first");
                    break;
                case 'y': o.Symbols = true; break;
                case OptionReader.Error:
                    ClientLog.Error("invalid usage");
                    UsageText.PrintUsage();
                    return ExitCode.Usage;
                case 'h':
                    UsageText.PrintUsage();
                    return result == ExitCode.Ok ? ExitCode.TempFail : result;
                case 'V':
                    UsageText.PrintVersion();
                    return ExitCode.TempFail;
                case 'z': o.Compress = true; break;
                case '4': o.IPv4 = true; o.IPv6 = false; break;
                case '6': o.IPv6 = true; o.IPv4 = false; break;
                case OptionReader.LongOnly.ConnectRetries: o.ConnectRetries = Atoi(arg); break;
                case OptionReader.LongOnly.RetrySleep: o.RetrySleep = Atoi(arg); break;
                case OptionReader.LongOnly.Headers: o.Headers = true; break;
                case OptionReader.LongOnly.FilterRetries: o.FilterRetries = Atoi(arg); break;
                case OptionReader.LongOnly.FilterRetrySleep: o.FilterRetrySleep = Atoi(arg); break;
                case OptionReader.LongOnly.SslCert: o.ClientCertificate = true; o.SslCertFile = reader.OptionArgument; break;
                case OptionReader.LongOnly.SslKey: o.ClientCertificate = true; o.SslKeyFile = reader.OptionArgument; break;
                case OptionReader.LongOnly.SslCaFile: o.SslCaFile = reader.OptionArgument; break;
                case OptionReader.LongOnly.SslCaPath: o.SslCaPath = reader.OptionArgument; break;
                // -F (read before parsing) and the no-op -0, -1, -2 fall through.
            }
        }

        if (o.ClientCertificate && (o.SslCertFile == null || o.SslKeyFile == null))
        {
            ClientLog.Error("--ssl-cert and --ssl-key must be used together");
            result = ExitCode.Usage;
        }
        if (o.MaxSize > SpamcOptions.MaxMessageLength)
        {
            ClientLog.Error($"-s parameter is beyond max of {SpamcOptions.MaxMessageLength}");
            result = ExitCode.Usage;
        }
        if (o.Learn)
        {
            if (o.Check) { ClientLog.Error("Learning excludes check only"); result = ExitCode.Usage; }
            if (o.Ping) { ClientLog.Error("Learning excludes ping"); result = ExitCode.Usage; }
            if (o.ReportIfSpam) { ClientLog.Error("Learning excludes report if spam"); result = ExitCode.Usage; }
            if (o.Report) { ClientLog.Error("Learning excludes report"); result = ExitCode.Usage; }
            if (o.Symbols) { ClientLog.Error("Learning excludes symbols"); result = ExitCode.Usage; }
            if (o.ReportMessage)
            {
                ClientLog.Error("Learning excludes reporting to collaborative filtering databases");
                result = ExitCode.Usage;
            }
        }
        return result;
    }

    /// <summary>C <c>atoi</c>: (int)strtol, i.e. a saturated long truncated to 32 bits.</summary>
    public static int Atoi(string s)
    {
        int i = 0;
        while (i < s.Length && (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r'))) i++;
        bool negative = false;
        if (i < s.Length && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
        long value = 0;
        bool saturated = false;
        while (i < s.Length && s[i] >= '0' && s[i] <= '9')
        {
            int d = s[i++] - '0';
            if (value > (long.MaxValue - d) / 10) saturated = true;
            else value = value * 10 + d;
        }
        long result = saturated ? (negative ? long.MinValue : long.MaxValue) : (negative ? -value : value);
        return unchecked((int)result);
    }

    private static string[] Tail(IReadOnlyList<string> argv, int from)
    {
        var tail = new string[argv.Count - from];
        for (int i = 0; i < tail.Length; i++) tail[i] = argv[from + i];
        return tail;
    }
}
