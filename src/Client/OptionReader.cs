namespace Spamd.Client;

/// <summary>
/// spamc's own <c>spamc_getopt_long</c>, quirks included: one option per word (no bundling), an option's argument
/// is always the next word and must not start with '-', long names match exactly, <c>--name=value</c> works,
/// parsing stops at the first word that is not an option, at "-" and at "--".
/// </summary>
internal sealed class OptionReader
{
    public const int End = -1;
    public const int Error = '?';

    private const string ShortOptions = "-BcrR46d:e:fyp:n:t:s:u:L:C:xXzSHU:ElhVKF:0:1:2";

    private enum Argument { None, Required, Optional }

    private readonly record struct LongOption(string Name, Argument Arg, int Value);

    /// <summary>Long options; values 0-8 are the long-only options (spamc's own numbering).</summary>
    private static readonly LongOption[] LongOptions =
    {
        new("dest", Argument.Required, 'd'),
        new("randomize", Argument.None, 'H'),
        new("port", Argument.Required, 'p'),
        new("ssl", Argument.Optional, 'S'),
        new("ssl-cert", Argument.Optional, LongOnly.SslCert),
        new("ssl-key", Argument.Optional, LongOnly.SslKey),
        new("ssl-ca-file", Argument.Optional, LongOnly.SslCaFile),
        new("ssl-ca-path", Argument.Optional, LongOnly.SslCaPath),
        new("socket", Argument.Required, 'U'),
        new("config", Argument.Required, 'F'),
        new("timeout", Argument.Required, 't'),
        new("connect-timeout", Argument.Required, 'n'),
        new("connect-retries", Argument.Required, LongOnly.ConnectRetries),
        new("retry-sleep", Argument.Required, LongOnly.RetrySleep),
        new("filter-retries", Argument.Required, LongOnly.FilterRetries),
        new("filter-retry-sleep", Argument.Required, LongOnly.FilterRetrySleep),
        new("max-size", Argument.Required, 's'),
        new("username", Argument.Required, 'u'),
        new("learntype", Argument.Required, 'L'),
        new("reporttype", Argument.Required, 'C'),
        new("bsmtp", Argument.None, 'B'),
        new("check", Argument.None, 'c'),
        new("tests", Argument.None, 'y'),
        new("full-spam", Argument.None, 'r'),
        new("full", Argument.None, 'R'),
        new("headers", Argument.None, LongOnly.Headers),
        new("exitcode", Argument.None, 'E'),
        new("no-safe-fallback", Argument.None, 'x'),
        new("unavailable-tempfail", Argument.None, 'X'),
        new("log-to-stderr", Argument.None, 'l'),
        new("pipe-to", Argument.Required, 'e'),
        new("help", Argument.None, 'h'),
        new("version", Argument.None, 'V'),
        new("compress", Argument.None, 'z'),
    };

    /// <summary>Codes returned for the options that have no short letter.</summary>
    public static class LongOnly
    {
        public const int ConnectRetries = 0, RetrySleep = 1, Headers = 2, FilterRetries = 3, FilterRetrySleep = 4,
            SslCert = 5, SslKey = 6, SslCaFile = 7, SslCaPath = 8;
    }

    private readonly IReadOnlyList<string> argv;

    /// <param name="argv">Program name first, as in C.</param>
    public OptionReader(IReadOnlyList<string> argv) => this.argv = argv;

    /// <summary>Index of the next word to look at (C's <c>optind</c>).</summary>
    public int Index { get; private set; } = 1;

    /// <summary>The current option's argument, or null.</summary>
    public string? OptionArgument { get; private set; }

    public int Next()
    {
        OptionArgument = null;
        if (Index >= argv.Count) return End;
        string word = argv[Index];
        if (word.Length == 0 || word[0] != '-' || word.Length == 1) return End;
        if (word == "--") return End;

        if (word[1] != '-')
        {
            char c = word[1];
            if (c == ':') return ShortError(Index++, ": in flags");
            int at = ShortOptions.IndexOf(c);
            Index++;
            if (at < 0) return ShortError(Index - 1, "option not found " + c);
            if (at + 1 < ShortOptions.Length && ShortOptions[at + 1] == ':')
            {
                if (Index >= argv.Count || argv[Index].StartsWith('-'))
                    return ShortError(Index - 1, "argument required for option " + c);
                OptionArgument = argv[Index++];
            }
            return c;
        }

        // Long option.
        Index++;
        if (word[2] == ':') return LongError(Index, ": in flags");
        string name = word[2..];
        string? inline = null;
        int eq = word.IndexOf('=');
        if (eq >= 0)
        {
            inline = word[(eq + 1)..];
            name = word[2..eq];
        }
        foreach (var option in LongOptions)
        {
            if (option.Name != name) continue;
            if (option.Arg == Argument.Required)
            {
                if (inline == null && (Index >= argv.Count || argv[Index].StartsWith('-')))
                    return LongError(Index - 1, "argument required for option " + word);
                OptionArgument = inline ?? argv[Index++];
            }
            else if (option.Arg == Argument.Optional)
            {
                if (inline != null) OptionArgument = inline;
                else if (Index < argv.Count && !argv[Index].StartsWith('-')) OptionArgument = argv[Index++];
            }
            return option.Value;
        }
        return LongError(Index - 1, "option not found " + word);
    }

    private static int ShortError(int index, string what)
    {
        ClientLog.WriteStderr($"Error in argument {index}, char 2: {what}\n");
        return Error;
    }

    private static int LongError(int index, string what)
    {
        ClientLog.WriteStderr($"Error in argument {index} : {what}\n");
        return Error;
    }
}
