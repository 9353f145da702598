using System.Collections.Immutable;
using System.Text;
using System.Text.RegularExpressions;
using Spamd.Engine.Scanning;

namespace Spamd.Engine.Tests.Output;

/// <summary>
/// The installed SpamAssassin's stock templates and rule descriptions, read at test time so that no
/// SpamAssassin text lives in this repository.
/// </summary>
internal static partial class StockConfig
{
    public const string RulesDir = "/usr/share/spamassassin";
    private static readonly string PrefsFile = Path.Combine(RulesDir, "10_default_prefs.cf");

    private static readonly Lazy<ScanSettings> Settings = new(Load);

    /// <summary>10_default_prefs.cf's report, unsafe_report, report_contact and add_header lines, host "vm".</summary>
    public static ScanSettings Defaults => Settings.Value;

    /// <summary>The report template's lines (without their "\n").</summary>
    public static string[] ReportLines => Defaults.ReportTemplate.TrimEnd('\n').Split('\n');

    /// <summary>The first paragraph of the stock report as spamd fills it in on host "vm".</summary>
    public static string Intro(bool spam) => string.Join("\n", ReportLines[..5])
        .Replace("_HOSTNAME_", "vm")
        .Replace("_CONTACTADDRESS_", "@@CONTACT_ADDRESS@@")
        .Replace("has_YESNO(, NOT)_", spam ? "has" : "has NOT")
        .Replace("as_YESNO( possible,)_", spam ? "as possible" : "as");

    /// <summary>The two header lines of the stock report's rule table.</summary>
    public static string TableHead => ReportLines[10] + "\n" + ReportLines[11];

    /// <summary>A rule's English description from the installed rules.</summary>
    public static string Describe(string rule)
    {
        foreach (var file in Directory.GetFiles(RulesDir, "*.cf"))
            foreach (var line in File.ReadLines(file, Encoding.Latin1))
            {
                var m = DescribeLine().Match(line);
                if (m.Success && m.Groups[1].Value == rule) return m.Groups[2].Value.TrimEnd();
            }
        throw new InvalidOperationException($"no description of {rule} under {RulesDir}");
    }

    private static ScanSettings Load()
    {
        if (!File.Exists(PrefsFile))
            throw new FileNotFoundException("SpamAssassin 4.0.1's stock configuration is needed by these tests", PrefsFile);
        var report = new StringBuilder();
        var unsafeReport = new StringBuilder();
        var headers = ImmutableArray.CreateBuilder<AddedHeader>();
        string contact = "";
        bool skipping = false;
        foreach (var raw in File.ReadLines(PrefsFile))
        {
            var line = raw.Trim();
            if (line.StartsWith("if ", StringComparison.Ordinal)) continue; // 4.0.1 takes every "if can(...)" branch
            if (line == "else") { skipping = true; continue; }
            if (line == "endif") { skipping = false; continue; }
            if (skipping || line.Length == 0 || line.StartsWith('#')) continue;

            var (key, value) = SplitKey(line);
            switch (key)
            {
                case "clear_report_template": report.Clear(); break;
                case "report": report.Append(Unquote(value)).Append('\n'); break;
                case "clear_unsafe_report_template": unsafeReport.Clear(); break;
                case "unsafe_report": unsafeReport.Append(Unquote(value)).Append('\n'); break;
                case "report_contact": contact = value; break;
                case "clear_headers": headers.Clear(); break;
                case "add_header":
                    var m = AddHeaderLine().Match(value);
                    var audience = m.Groups[1].Value switch { "spam" => HeaderAudience.Spam, "ham" => HeaderAudience.Ham, _ => HeaderAudience.All };
                    var template = m.Groups[3].Value;
                    if (template.Length >= 2 && template[0] == '"' && template[^1] == '"') template = template[1..^1];
                    headers.Add(new AddedHeader(audience, m.Groups[2].Value, template));
                    break;
            }
        }
        return new ScanSettings
        {
            ReportTemplate = report.ToString(),
            UnsafeReportTemplate = unsafeReport.ToString(),
            ReportContact = contact,
            AddedHeaders = headers.ToImmutable(),
            HostName = "vm",
        };
    }

    private static (string Key, string Value) SplitKey(string line)
    {
        int sp = line.IndexOfAny([' ', '\t']);
        return sp < 0 ? (line, "") : (line[..sp], line[(sp + 1)..].Trim());
    }

    private static string Unquote(string value)
    {
        var m = Regex.Match(value, "^\"(.*?)\"$");
        return m.Success ? m.Groups[1].Value : value;
    }

    [GeneratedRegex(@"^describe\s+(\S+)\s+(.*)$")]
    private static partial Regex DescribeLine();

    [GeneratedRegex(@"^(ham|spam|all)\s+([A-Za-z0-9_-]+)\s+(.*?)\s*$")]
    private static partial Regex AddHeaderLine();
}
