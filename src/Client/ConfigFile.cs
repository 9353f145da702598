using System.Text;
using Spamd.Protocol;

namespace Spamd.Client;

/// <summary>
/// spamc's <c>combine_args</c>: the words of the config file go before the command-line words (so a later value on
/// the command line wins, while flags can only be added). Lines starting with '#' and empty lines are skipped; words
/// are separated by single spaces only; every line must end with a newline.
/// </summary>
internal static class ConfigFile
{
    /// <summary>Where the Debian spamc looks when no -F is given; a missing default file is not an error.</summary>
    public const string DefaultPath = "/etc/spamassassin/spamc.conf";

    private const int MaxLine = 8192;       // fgets buffer, newline and NUL included
    private const int MaxWords = 24;        // program name + config words + command-line words

    /// <summary>
    /// Returns <see cref="ExitCode.Ok"/> with the combined words, <see cref="ExitCode.NoInput"/> when the default file
    /// does not exist (use the command line alone), or <see cref="ExitCode.Config"/> after printing why.
    /// </summary>
    public static int Combine(string? path, string[] argv, out List<string> combined)
    {
        combined = new List<string>(MaxWords) { argv[0] };
        bool userDefined = path != null;
        path ??= DefaultPath;

        // Checking first avoids a costly first-chance exception on every run without a config file.
        if (!userDefined && !File.Exists(path)) return ExitCode.NoInput;
        byte[] content;
        try { content = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (!userDefined) return ExitCode.NoInput;
            ClientLog.WriteStderr($"Failed to open config file: {path}\n");
            return ExitCode.Config;
        }

        int start = 0;
        while (start < content.Length)
        {
            // fgets: up to MaxLine-1 bytes, stopping after a newline.
            int newline = content.AsSpan(start, Math.Min(MaxLine - 1, content.Length - start)).IndexOf((byte)'\n');
            int length = newline >= 0 ? newline + 1 : Math.Min(MaxLine - 1, content.Length - start);
            var line = content.AsSpan(start, length);
            start += length;

            if (line[0] == '#' || line[0] == '\n') continue;
            if (line[^1] != '\n')
            {
                ClientLog.WriteStderr(length < MaxLine - 1
                    ? $"Line not terminated with a newline in {path}\n"
                    : $"Exceeded max line size ({MaxLine - 2}) in {path}\n");
                return ExitCode.Config;
            }
            foreach (var token in Encoding.UTF8.GetString(line).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (token[0] == '\n') break;
                if (combined.Count >= MaxWords) return TooManyWords(path);
                combined.Add(token.Replace("\n", ""));
            }
        }

        for (int i = 1; i < argv.Length; i++)
        {
            if (combined.Count >= MaxWords) return TooManyWords(path);
            combined.Add(argv[i]);
        }
        return ExitCode.Ok;
    }

    private static int TooManyWords(string path)
    {
        ClientLog.WriteStderr($"Exceeded max number of arguments ({MaxWords}) in {path}\n");
        return ExitCode.Config;
    }
}
