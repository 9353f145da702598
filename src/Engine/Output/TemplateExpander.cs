using Spamd.Engine.Mime;
using System.Text.RegularExpressions;
using Spamd.Engine.Scanning;

namespace Spamd.Engine.Output;

/// <summary>
/// Fills template tags (_SCORE_, _TESTS(,)_, _YESNO(a,b)_ ...) for one scan result, as SpamAssassin's
/// <c>_replace_tags</c> does: unknown tags stay as written; everything works on octet strings.
/// </summary>
internal sealed partial class TemplateExpander
{
    public const string Version = "4.0.1";
    public const string SubVersion = "2024-03-25";

    private readonly ScanResult result;
    private readonly DateTimeOffset now;
    private string? summary;
    private string? report;

    public TemplateExpander(ScanResult result, DateTimeOffset now)
    {
        this.result = result;
        this.now = now;
    }

    public ScanSettings Settings => result.Settings;

    /// <summary>Expands a configuration template (Unicode text) into an octet string.</summary>
    public string Expand(string template) =>
        TagPattern().Replace(Octets.FromText(template), m => ValueOf(m.Groups[1].Value) ?? m.Value);

    /// <summary>The report text (report template filled in, ending in exactly one empty line).</summary>
    public string Report()
    {
        var template = Settings.ReportTemplate;
        if (string.IsNullOrEmpty(template)) template = "(no report template found)";
        return Expand(template).TrimEnd('\n') + "\n\n";
    }

    /// <summary>The value of one tag ("SCORE", "TESTS(,)" ...), or null when SpamAssassin knows no such tag.</summary>
    public string? ValueOf(string tag)
    {
        string? arg = null;
        int open = tag.IndexOf('(');
        if (open >= 0 && tag.EndsWith(')'))
        {
            arg = tag[(open + 1)..^1];
            tag = tag[..open];
        }

        switch (tag)
        {
            case "YESNO": return YesNo(arg);
            case "YESNOCAPS": return AsciiUpper(YesNo(arg));
            case "SCORE":
            case "HITS": return Score(arg);
            case "REQD": return Required;
            case "VERSION": return Version;
            case "SUBVERSION": return SubVersion;
            case "HOSTNAME": return Octets.FromText(string.IsNullOrEmpty(Settings.ReportHostName) ? Settings.HostName : Settings.ReportHostName);
            case "CONTACTADDRESS": return Octets.FromText(Settings.ReportContact);
            case "BAYES":
                return result.BayesProbability is { } p ? PerlFormat.Fixed(p, 4, 3) : "0.5";
            case "DATE": return Rfc2822Date.Format(now);
            case "STARS": return Stars(arg);
            case "AUTOLEARN": return AutoLearn();
            case "TESTS": return Join(SortedNames(), string.IsNullOrEmpty(arg) || arg == "0" ? "," : arg);
            case "SUBTESTS":
            case "SUBTESTSCOLLAPSED": return "none";
            case "TESTSSCORES": return TestsScores(string.IsNullOrEmpty(arg) || arg == "0" ? "," : arg);
            case "PREVIEW": return result.ContentPreview;
            case "REPORT": return "\n" + (report ??= HitReport.Report(result.Hits));
            case "SUMMARY": return summary ??= HitReport.Summary(result.Hits);
            case "REMOTEHOSTNAME": return TagOr(tag, "localhost");
            case "REMOTEHOSTADDR": return TagOr(tag, "127.0.0.1");
            case "RULESVERSION":
            case "SUBJPREFIX":
            case "FIRSTTRUSTEDIP":
            case "FIRSTTRUSTEDREVIP":
            case "LASTEXTERNALIP":
            case "LASTEXTERNALREVIP":
            case "LASTEXTERNALRDNS":
            case "LASTEXTERNALHELO":
            case "HEADER":
            case "TIMING": return TagOr(tag, "");
            case "AUTOLEARNSCORE": return TagOr(tag, "0");
            // SpamAssassin refuses these inside templates (they would recurse into the header list).
            case "ADDEDHEADER":
            case "ADDEDHEADERHAM":
            case "ADDEDHEADERSPAM": return null;
            default: return result.Tags.TryGetValue(tag, out var v) ? v : null;
        }
    }

    private string TagOr(string tag, string fallback) =>
        result.Tags.TryGetValue(tag, out var v) && !string.IsNullOrEmpty(v) ? v : fallback;

    private string YesNo(string? arg)
    {
        string? spam = null, ham = null;
        if (arg is { Length: > 0 })
        {
            int comma = arg.IndexOf(',');
            if (comma < 0) spam = arg;
            else { spam = arg[..comma]; ham = arg[(comma + 1)..]; }
        }
        return result.IsSpam ? spam ?? "Yes" : ham ?? "No";
    }

    /// <summary>Perl's <c>uc</c> on octets: ASCII letters only.</summary>
    private static string AsciiUpper(string s) =>
        string.Create(s.Length, s, (span, src) =>
        {
            for (int i = 0; i < src.Length; i++) span[i] = src[i] is >= 'a' and <= 'z' ? (char)(src[i] - 32) : src[i];
        });

    private string Required => ScoreFormat.Threshold(result.RequiredScore);

    /// <summary>
    /// The score as spamd prints it: one decimal, except that ham never shows a score that reads as reaching
    /// the threshold (it shows threshold - 0.1 as a Perl number instead). _SCORE(0)_ pads on the left.
    /// </summary>
    private string Score(string? pad)
    {
        var score = ScoreFormat.Score(result.Score, result.RequiredScore, result.IsSpam);
        if (pad is { Length: > 0 } && (pad.All(c => c == '0') || pad.All(c => c == ' ')))
        {
            int count = pad.Length + 3 - score.Length;
            if (count > 0) score = pad[..Math.Min(count, pad.Length)] + score;
        }
        return score;
    }

    private string Stars(string? arg)
    {
        if (string.IsNullOrEmpty(arg) || arg == "0") arg = "*";
        var length = (long)Math.Truncate(result.Score);
        if (length > 50) length = 50;
        if (length <= 0) return "";
        return arg.Length == 1 ? new string(arg[0], (int)length) : string.Concat(Enumerable.Repeat(arg, (int)length));
    }

    private string AutoLearn()
    {
        var status = string.IsNullOrEmpty(result.AutoLearn) ? "unavailable" : result.AutoLearn;
        return result.AutoLearnForce is null ? status : status + " autolearn_force=" + result.AutoLearnForce;
    }

    private List<RuleHit> SortedHits()
    {
        var hits = result.Hits.ToList();
        hits.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return hits;
    }

    private IEnumerable<string> SortedNames() => SortedHits().Select(h => h.Name);

    private string TestsScores(string separator) =>
        Join(SortedHits().Select(h => h.Name + "=" + (h.Score == 0 ? "0" : PerlFormat.Number(h.Score))), separator);

    private static string Join(IEnumerable<string> items, string separator)
    {
        var joined = string.Join(separator, items);
        return joined.Length == 0 ? "none" : joined;
    }

    [GeneratedRegex(@"_([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*(?:\(.*?\))?)_", RegexOptions.CultureInvariant)]
    private static partial Regex TagPattern();
}
