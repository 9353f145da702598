using Spamd.Engine.Mime;
using System.Text;
using Spamd.Engine.Scanning;

namespace Spamd.Engine.Output;

/// <summary>
/// The per-rule lines behind _SUMMARY_ (report body) and _REPORT_ (X-Spam-Report), in hit order.
/// </summary>
internal static class HitReport
{
    private const int ReportWrapWidth = 75;
    private static readonly string SummaryIndent = new(' ', 28);
    private const string ReportIndent = "*      ";

    /// <summary>"%4.1f" for scores below 10 in magnitude, "%4.0f" from 10 on.</summary>
    public static string ScoreColumn(double score) =>
        score >= 10 || score <= -10 ? PerlFormat.Fixed(score, 0, 4) : PerlFormat.Fixed(score, 1, 4);

    /// <summary>_SUMMARY_: "score RULE(padded to 22) area+description", the description wrapped at 75.</summary>
    public static string Summary(IReadOnlyList<RuleHit> hits)
    {
        var sb = new StringBuilder();
        foreach (var hit in hits)
        {
            var (score, area, desc) = Columns(hit);
            sb.Append(score).Append(' ').Append(hit.Name.PadRight(22)).Append(' ').Append(area);
            // SpamAssassin measures the first line with the unpadded rule name; keep that.
            sb.Append(WrapDescription(desc, 3 + hit.Name.Length + score.Length + area.Length, SummaryIndent));
            sb.Append('\n');
            foreach (var piece in LogPieces(hit))
            {
                // Long pieces are right-aligned to column 78, short ones indented under the description.
                if (piece.Length > 47) sb.Append(('[' + piece + ']').PadLeft(78));
                else sb.Append(SummaryIndent).Append('[').Append(piece).Append(']');
                sb.Append('\n');
            }
        }
        return sb.ToString();
    }

    /// <summary>_REPORT_ data (without the leading newline the tag adds): "* score RULE area+description".</summary>
    public static string Report(IReadOnlyList<RuleHit> hits)
    {
        var sb = new StringBuilder();
        foreach (var hit in hits)
        {
            var (score, area, desc) = Columns(hit);
            sb.Append("* ").Append(score).Append(' ').Append(hit.Name).Append(' ').Append(area);
            sb.Append(WrapDescription(desc, 4 + hit.Name.Length + score.Length + area.Length, ReportIndent));
            sb.Append('\n');
            bool first = true;
            foreach (var piece in LogPieces(hit))
            {
                // SpamAssassin prefixes only the first note line with the report's "*      ".
                if (first) sb.Append(ReportIndent);
                first = false;
                sb.Append('[').Append(piece).Append("]\n");
            }
        }
        return sb.ToString();
    }

    /// <summary>
    /// The rule's test_log notes cut for display as SpamAssassin cuts them: repeatedly the longest 30-48
    /// character head (no newline) that is followed by white space, which is dropped, then the rest.
    /// </summary>
    internal static IEnumerable<string> LogPieces(RuleHit hit)
    {
        if (hit.Log is null) yield break;
        foreach (var log in hit.Log)
        {
            string rest = log;
            while (HeadLength(rest) is int head and > 0)
            {
                yield return rest[..head];
                rest = rest[(head + 1)..];
            }
            yield return rest;
        }
    }

    private static int HeadLength(string text)
    {
        int newline = text.IndexOf('\n');
        int limit = Math.Min(48, Math.Min(text.Length - 1, newline < 0 ? int.MaxValue : newline));
        for (int length = limit; length >= 30; length--)
            if (Octets.IsSpace(text[length])) return length;
        return 0;
    }

    private static (string Score, string Area, string Description) Columns(RuleHit hit)
    {
        var desc = string.IsNullOrEmpty(hit.Description) ? "No description available." : hit.Description;
        return (ScoreColumn(hit.Score), hit.AreaPrefix, Octets.FromText(desc));
    }

    private static string WrapDescription(string desc, int firstLineLength, string prefix)
    {
        var wrapped = PerlWrap.Wrap(desc, prefix, new string(' ', firstLineLength), ReportWrapWidth,
            overflow: false, WrapBreak.AtSpace);
        int start = 0;
        while (start < wrapped.Length && Octets.IsSpace(wrapped[start])) start++;
        return wrapped[start..];
    }
}
