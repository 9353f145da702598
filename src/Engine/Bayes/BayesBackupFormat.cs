using System.Globalization;

namespace Spamd.Engine.Bayes;

/// <summary>
/// sa-learn's backup text format: a "v" version line first, "v" lines for the message counts, one "t" line per
/// token (spam, ham, atime, hex key) and one "s" line per seen message id (flag, id). Tab separated.
/// </summary>
public static class BayesBackupFormat
{
    public const int DbVersion = 3;

    public static void WriteHeader(TextWriter output, MessageCounts counts)
    {
        output.Write($"v\t{DbVersion}\tdb_version # this must be the first line!!!\n");
        output.Write($"v\t{counts.Spam}\tnum_spam\n");
        output.Write($"v\t{counts.Ham}\tnum_nonspam\n");
    }

    public static void WriteToken(TextWriter output, long key, TokenCounts counts) =>
        output.Write($"t\t{counts.Spam}\t{counts.Ham}\t{counts.Atime}\t{TokenKey.ToHex(key)}\n");

    public static void WriteSeen(TextWriter output, string messageId, char flag) =>
        output.Write($"s\t{flag}\t{messageId}\n");

    /// <summary>The parsed contents of a backup file.</summary>
    public sealed class Contents
    {
        public MessageCounts Counts { get; set; }
        public List<KeyValuePair<long, TokenCounts>> Tokens { get; } = [];
        public List<KeyValuePair<string, char>> Seen { get; } = [];
    }

    /// <exception cref="FormatException">The file is not a version 2 or 3 backup.</exception>
    public static Contents Read(TextReader input, long now)
    {
        string? first = input.ReadLine() ?? throw new FormatException("empty backup file");
        string[] head = SplitFields(first, 3);
        if (head.Length < 3 || head[0] != "v" || !head[2].StartsWith("db_version", StringComparison.Ordinal)
            || !int.TryParse(head[1], CultureInfo.InvariantCulture, out int version))
            throw new FormatException("the first line of a backup must be the db_version line");
        if (version is not (2 or 3))
            throw new FormatException($"database version {version} is unsupported, must be version 2 or 3");

        var contents = new Contents();
        long spam = 0, ham = 0;
        string? line;
        int lineNumber = 1;
        while ((line = input.ReadLine()) != null)
        {
            lineNumber++;
            if (line.StartsWith('v'))
            {
                string[] f = SplitFields(line, 3);
                if (f.Length < 3) continue;
                long value = ParseNumber(f[1]);
                if (f[2] == "num_spam") spam = value;
                else if (f[2] == "num_nonspam") ham = value;
            }
            else if (line.StartsWith('t'))
            {
                string[] f = SplitFields(line, 5);
                if (f.Length < 5) throw new FormatException($"line {lineNumber}: malformed token line");
                long s = Math.Max(0, ParseNumber(f[1])), h = Math.Max(0, ParseNumber(f[2]));
                if (s == 0 && h == 0) continue;
                long atime = Math.Min(ParseNumber(f[3]), now);
                long key;
                if (version < 3) key = TokenKey.Compute(f[4]);
                else if (!TokenKey.TryParseHex(f[4], out key)) throw new FormatException($"line {lineNumber}: bad token key");
                contents.Tokens.Add(new(key, new TokenCounts(s, h, atime)));
            }
            else if (line.StartsWith('s'))
            {
                string[] f = SplitFields(line, 3);
                if (f.Length < 3 || f[1] is not ("s" or "h")) continue;
                contents.Seen.Add(new(f[2], f[1][0]));
            }
        }
        contents.Counts = new MessageCounts(spam, ham);
        return contents;
    }

    /// <summary>Perl's <c>split(/\s+/, $line, n)</c>.</summary>
    private static string[] SplitFields(string line, int max) =>
        line.Split([' ', '\t'], max, StringSplitOptions.RemoveEmptyEntries);

    private static long ParseNumber(string s)
    {
        // Perl numifies leading digits and ignores the rest.
        int end = 0;
        if (end < s.Length && s[end] is '-' or '+') end++;
        while (end < s.Length && char.IsAsciiDigit(s[end])) end++;
        return long.TryParse(s.AsSpan(0, end), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v) ? v : 0;
    }
}
