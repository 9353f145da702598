using System.Globalization;
using System.Text;
using Spamd.Engine.Bayes;
using Spamd.Engine.Mime;

namespace Spamd.Benchmarks.Bayes;

/// <summary>
/// Why Bayes said what it said, per evaluation message: the significant tokens by kind and side, and the two
/// chi-square tails. For studying the combining, not for tuning on single messages.
/// </summary>
public static class BayesExplain
{
    public static void Write(string file, string[] names, byte[][] messages, IBayesStore store, BayesOptions options, int hamCount)
    {
        var tokenizer = new BayesTokenizer(options);
        using var output = new StreamWriter(file);
        for (int i = 0; i < messages.Length; i++)
        {
            var tokens = tokenizer.Tokenize(MailMessage.Parse(messages[i]));
            var (counts, known) = store.ReadForScan(tokens.Keys);
            var probabilities = new List<(double P, string Text)>();
            foreach (var (key, c) in known)
                if (ChiSquareCombiner.TokenProbability(c.Spam, c.Ham, counts.Spam, counts.Ham, options.UseHapaxes) is { } p)
                    probabilities.Add((p, tokens[key]));
            probabilities.Sort((a, b) => Math.Abs(b.P - 0.5).CompareTo(Math.Abs(a.P - 0.5)));
            var significant = probabilities.Take(ChiSquareCombiner.SignificantTokens).Where(t => Math.Abs(t.P - 0.5) >= ChiSquareCombiner.MinProbStrength).ToList();
            var tails = ChiSquareCombiner.Tails(counts.Spam, counts.Ham, significant.Select(t => t.P).ToList());
            string Kinds(bool spam) => string.Join(",", significant.Where(t => t.P > 0.5 == spam).GroupBy(t => Kind(t.Text)).OrderBy(g => g.Key)
                .Select(g => $"{g.Key}={g.Count()}"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{(i < hamCount ? "ham" : "spam")}\t{Path.GetFileName(names[i])}\t{significant.Count}\t{probabilities.Count}\t{tails?.LogQSpam:0.0}\t{tails?.LogQHam:0.0}\t{Kinds(true)}\t{Kinds(false)}"));
        }
    }

    private static string Kind(string token) =>
        token.StartsWith('H') && token.Contains(':') ? "hdr" :
        token.StartsWith("B*:", StringComparison.Ordinal) ? "pair" :
        token.StartsWith("UD:", StringComparison.Ordinal) || token.StartsWith("U*", StringComparison.Ordinal) || token.StartsWith("D*", StringComparison.Ordinal) ? "addr" :
        token.StartsWith("I*:", StringComparison.Ordinal) ? "invis" : "body";
}
