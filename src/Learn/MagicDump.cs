using System.Globalization;
using Microsoft.Data.Sqlite;
using Spamd.Engine.Bayes;

namespace Spamd.Learn;

/// <summary><c>sa-learn --dump</c> output: "%3.3f %10u %10u %10u  %s" lines.</summary>
internal static class MagicDump
{
    public static void Write(TextWriter output, BayesMagic magic)
    {
        Line(output, 0, magic.DbVersion, 0, "non-token data: bayes db version");
        Line(output, 0, magic.Spam, 0, "non-token data: nspam");
        Line(output, 0, magic.Ham, 0, "non-token data: nham");
        Line(output, 0, magic.TokenCount, 0, "non-token data: ntokens");
        Line(output, 0, magic.OldestAtime, 0, "non-token data: oldest atime");
        Line(output, 0, magic.NewestAtime, 0, "non-token data: newest atime");
        Line(output, 0, magic.LastJournalSync, 0, "non-token data: last journal sync atime");
        Line(output, 0, magic.LastExpire, 0, "non-token data: last expiry atime");
        Line(output, 0, magic.LastExpireAtimeDelta, 0, "non-token data: last expire atime delta");
        Line(output, 0, magic.LastExpireReduction, 0, "non-token data: last expire reduction count");
    }

    /// <summary>One line per token: probability, spam count, ham count, atime, hex key.</summary>
    public static void WriteTokens(TextWriter output, SqliteBayesStore store, BayesOptions options)
    {
        var counts = store.GetMessageCounts();
        var backup = new StringWriter();
        store.Backup(backup);
        foreach (string line in backup.ToString().Split('\n'))
        {
            if (!line.StartsWith("t\t", StringComparison.Ordinal)) continue;
            string[] f = line.Split('\t');
            long s = long.Parse(f[1], CultureInfo.InvariantCulture), h = long.Parse(f[2], CultureInfo.InvariantCulture);
            double p = ChiSquareCombiner.TokenProbability(s, h, counts.Spam, counts.Ham, options.UseHapaxes) ?? 0.5;
            output.Write(string.Create(CultureInfo.InvariantCulture, $"{p:0.000} {s,10} {h,10} {f[3],10}  {f[4]}\n"));
        }
    }

    private static void Line(TextWriter output, double probability, long count, long atime, string label) =>
        output.Write(string.Create(CultureInfo.InvariantCulture, $"{probability:0.000} {0,10} {count,10} {atime,10}  {label}\n"));
}
