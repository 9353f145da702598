using System.Globalization;
using System.Text;

namespace Spamd.Integration.Tests.Agreement;

/// <summary>
/// How far our verdicts agree with SpamAssassin's on the same messages: verdict agreement, rule-hit
/// micro-averaged F1 over message×rule pairs, and the rules that disagree most.
/// </summary>
public sealed class AgreementReport
{
    private readonly Dictionary<string, (int Both, int OnlyTheirs, int OnlyOurs)> perRule = new(StringComparer.Ordinal);

    public int Messages { get; private set; }
    public int SameVerdict { get; private set; }
    public int TruePositives { get; private set; }
    public int FalseNegatives { get; private set; }
    public int FalsePositives { get; private set; }

    public double VerdictAgreement => Messages == 0 ? 0 : (double)SameVerdict / Messages;

    public double MicroF1 =>
        TruePositives == 0 ? 0 : 2.0 * TruePositives / (2.0 * TruePositives + FalsePositives + FalseNegatives);

    public void Add(SpamdVerdict theirs, SpamdVerdict ours)
    {
        Messages++;
        if (theirs.IsSpam == ours.IsSpam) SameVerdict++;
        foreach (var r in theirs.Rules.Union(ours.Rules))
        {
            bool t = theirs.Rules.Contains(r), o = ours.Rules.Contains(r);
            var c = perRule.GetValueOrDefault(r);
            if (t && o) { TruePositives++; c.Both++; }
            else if (t) { FalseNegatives++; c.OnlyTheirs++; }
            else { FalsePositives++; c.OnlyOurs++; }
            perRule[r] = c;
        }
    }

    /// <summary>A Markdown summary with the <paramref name="top"/> most-disagreeing rules.</summary>
    public string ToMarkdown(string title, int top = 30)
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.AppendLine($"# {title}").AppendLine();
        sb.AppendLine(inv, $"- messages compared: {Messages}");
        sb.AppendLine(inv, $"- same spam/ham verdict: {SameVerdict} ({VerdictAgreement:P2})");
        sb.AppendLine(inv, $"- rule-hit micro F1: {MicroF1:F4} (both {TruePositives}, only spamd {FalseNegatives}, only ours {FalsePositives})");
        sb.AppendLine().AppendLine("| rule | hits both | only spamd | only ours |").AppendLine("| --- | ---: | ---: | ---: |");
        foreach (var (rule, c) in perRule.Where(kv => kv.Value.OnlyTheirs + kv.Value.OnlyOurs > 0)
                     .OrderByDescending(kv => kv.Value.OnlyTheirs + kv.Value.OnlyOurs).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(top))
            sb.AppendLine(inv, $"| {rule} | {c.Both} | {c.OnlyTheirs} | {c.OnlyOurs} |");
        return sb.ToString();
    }
}
