using Spamd.Protocol;

namespace Spamd.Client;

/// <summary>
/// spamc's <c>main</c>: parse options, read the message, talk to spamd, then print and exit exactly as spamc 4.0.1
/// does, including its safe fallback (on any failure the original message is printed and the exit status is 0).
/// </summary>
internal static class SpamcProgram
{
    public static int Run(string[] args)
    {
        var argv = new string[args.Length + 1];
        argv[0] = "spamc";
        args.CopyTo(argv, 1);

        var options = new SpamcOptions();
        int rc = ReadOptions(argv, options);
        if (rc != ExitCode.Ok) return rc == ExitCode.TempFail ? ExitCode.Ok : rc;

        var output = new OutputTarget(options.PipeTo);
        return output.Finish(Execute(options, output));
    }

    /// <summary>Config file (-F, or the default file if it exists) merged before the command line, then parsed.</summary>
    private static int ReadOptions(string[] argv, SpamcOptions options)
    {
        string? configPath = null;
        for (int i = 0; i < argv.Length; i++)
        {
            if (argv[i].StartsWith("-F", StringComparison.Ordinal))
            {
                configPath = i + 1 < argv.Length ? argv[i + 1] : null;
                break;
            }
        }
        int rc = ConfigFile.Combine(configPath, argv, out var combined);
        return rc switch
        {
            ExitCode.Ok => CommandLine.Parse(combined, options),
            ExitCode.NoInput => CommandLine.Parse(argv, options),
            _ => ExitCode.Config,
        };
    }

    private static int Execute(SpamcOptions options, OutputTarget output)
    {
        string user = options.Username ?? Environment.UserName;
        using var stdin = StandardStreams.OpenInput();
        var message = new InputMessage(options.MaxSize);
        SpamdExchange? exchange = null;

        int rc = SpamdTransport.Setup(options, out var transport);
        if (rc == ExitCode.Ok)
        {
            rc = options.Ping ? ExitCode.Ok : message.Read(stdin, options.Bsmtp);
            if (rc == ExitCode.Ok)
            {
                exchange = new SpamdExchange(options, transport, message);
                if (options.Learn) rc = Learn(options, exchange, user, output);
                else if (options.ReportMessage) rc = ReportToCollaborativeFilters(options, exchange, user, output);
                else
                {
                    rc = exchange.Filter(user);
                    if (rc == ExitCode.Ok) return WriteResult(options, exchange, message, output);
                }
                if (rc == ExitCode.Ok) return ExitCode.Ok;
            }
        }
        return Fallback(options, rc, exchange, message, stdin, output);
    }

    private static int Learn(SpamcOptions options, SpamdExchange exchange, string user, OutputTarget output)
    {
        bool forget = options.ExtraType == 2;
        string? messageClass = forget ? null : options.ExtraType == 0 ? "spam" : "ham";
        var wanted = forget ? TellActions.RemoveLocal : TellActions.SetLocal;
        int rc = exchange.Tell(user, messageClass, wanted);
        if (rc != ExitCode.Ok) return rc;
        output.Open();
        Stdout.Write((exchange.DidTell & wanted) != 0 ? "Message successfully un/learned\n" : "Message was already un/learned\n");
        return ExitCode.Ok;
    }

    private static int ReportToCollaborativeFilters(SpamcOptions options, SpamdExchange exchange, string user, OutputTarget output)
    {
        bool report = options.ExtraType == 0;
        int rc = report
            ? exchange.Tell(user, "spam", TellActions.SetLocal | TellActions.SetRemote)
            : exchange.Tell(user, "ham", TellActions.SetLocal | TellActions.RemoveRemote);
        if (rc != ExitCode.Ok) return rc;
        output.Open();
        var done = report ? TellActions.SetRemote : TellActions.RemoveRemote;
        Stdout.Write((exchange.DidTell & done) != 0 ? "Message successfully reported/revoked\n" : "Unable to report/revoke message\n");
        return ExitCode.Ok;
    }

    /// <summary>Success: print the result; -c exits with the verdict, other modes only with -E.</summary>
    private static int WriteResult(SpamcOptions options, SpamdExchange exchange, InputMessage message, OutputTarget output)
    {
        int verdict = exchange.IsSpam;
        if (options.Check || options.Ping)
        {
            if (verdict != SpamcStatus.IsSpam && verdict != SpamcStatus.NotSpam)
            {
                ClientLog.Error($"oops! SPAMC_CHECK_ONLY is_spam: {verdict}");
                return Fallback(options, ExitCode.Ok, exchange, message, null, output);
            }
            output.Write(exchange.Output.Span);
            return options.Check ? verdict : (options.UseExitCode ? verdict : ExitCode.Ok);
        }
        WriteMessage(message, exchange.Output.Span, output);
        return options.UseExitCode && verdict != SpamcStatus.TooBig ? verdict : ExitCode.Ok;
    }

    /// <summary>libspamc's <c>message_write</c> outside check mode: BSMTP output gets its envelope back, dot-stuffed.</summary>
    private static void WriteMessage(InputMessage message, ReadOnlySpan<byte> text, OutputTarget output)
    {
        switch (message.Type)
        {
            case InputMessage.Kind.Error:
                output.Write(message.Raw.AsSpan(0, message.RawLength));
                break;
            case InputMessage.Kind.Bsmtp:
                output.Write(message.Pre.Span);
                int from = 0;
                for (int i = 0; i + 1 < text.Length; i++)
                {
                    if (text[i] != '\n' || text[i + 1] != '.') continue;
                    output.Write(text[from..(i + 2)]);
                    output.Write("."u8);
                    from = i + 2;
                    i++;
                }
                output.Write(text[from..]);
                output.Write(message.Post.Span);
                break;
            case InputMessage.Kind.Raw:
                output.Write(text);
                break;
        }
    }

    /// <summary>The failure path of spamc's <c>main</c>: what to print and which exit status to give.</summary>
    private static int Fallback(SpamcOptions options, int rc, SpamdExchange? exchange, InputMessage message, Stream? stdin, OutputTarget output)
    {
        if (options.Learn || options.Ping)
        {
            output.Open();
            return rc;
        }
        if (options.Check || options.Report || options.ReportIfSpam) output.Write("0/0\n"u8);
        else if (options.Symbols) output.Write("\n"u8);
        else if (options.SafeFallback || rc == SpamcStatus.TooBig)
        {
            if (message.Type != InputMessage.Kind.None) WriteMessage(message, exchange != null ? exchange.Output.Span : message.Body.Span, output);
            if (stdin != null) output.CopyRest(stdin);
            else output.Open();
        }

        if (rc == SpamcStatus.TooBig || options.SafeFallback) rc = ExitCode.Ok;
        if (!options.SafeFallback && options.UnavailableTempfail && rc == ExitCode.Unavailable) rc = ExitCode.TempFail;
        return rc;
    }
}
