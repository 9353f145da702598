using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using Spamd.Engine.Scanning;

namespace Spamd.Integration.Tests.Output;

/// <summary>
/// Just enough of SpamAssassin's configuration language to mirror, as <see cref="ScanSettings"/>, the stock
/// prefs file and the user_prefs these tests give the real spamd (the real parser is another module's job).
/// </summary>
internal static partial class MiniConfig
{
    public static ScanSettings Apply(ScanSettings settings, IEnumerable<string> lines)
    {
        bool skipping = false;
        foreach (var raw in lines)
        {
            var line = Comment().Replace(raw, "").Trim();
            if (line.StartsWith("if ", StringComparison.Ordinal) || line.StartsWith("ifplugin ", StringComparison.Ordinal)) continue;
            if (line == "else") { skipping = true; continue; }
            if (line.StartsWith("endif", StringComparison.Ordinal)) { skipping = false; continue; }
            if (skipping || line.Length == 0) continue;

            int sp = line.IndexOfAny([' ', '\t']);
            var key = sp < 0 ? line : line[..sp];
            var value = sp < 0 ? "" : line[(sp + 1)..].Trim();
            settings = key switch
            {
                "clear_report_template" => settings with { ReportTemplate = "" },
                "report" => settings with { ReportTemplate = settings.ReportTemplate + Unquote(value) + "\n" },
                "clear_unsafe_report_template" => settings with { UnsafeReportTemplate = "" },
                "unsafe_report" => settings with { UnsafeReportTemplate = settings.UnsafeReportTemplate + Unquote(value) + "\n" },
                "report_contact" => settings with { ReportContact = value },
                "required_score" => settings with { RequiredScore = Number(value) },
                "report_safe" => settings.WithReportSafe(int.Parse(value, CultureInfo.InvariantCulture)),
                "fold_headers" => settings with { FoldHeaders = value != "0" },
                "score" => Score(settings, value),
                "rewrite_header" => RewriteHeader(settings, value),
                "report_safe_copy_headers" => settings with
                {
                    ReportSafeCopyHeaders = settings.ReportSafeCopyHeaders.AddRange(value.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)),
                },
                "clear_headers" => settings with { AddedHeaders = [.. settings.AddedHeaders.Where(h => h.Name == "Checker-Version").Take(1)] },
                "add_header" => AddHeader(settings, value),
                _ => settings,
            };
        }
        return settings;
    }

    private static double Number(string value) => double.Parse(value, CultureInfo.InvariantCulture);

    private static ScanSettings Score(ScanSettings settings, string value)
    {
        var parts = value.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        return settings with { ScoreOverrides = settings.ScoreOverrides.SetItem(parts[0], Number(parts[1])) };
    }

    private static ScanSettings RewriteHeader(ScanSettings settings, string value)
    {
        var parts = value.Split([' ', '\t'], 2, StringSplitOptions.RemoveEmptyEntries);
        var name = char.ToUpperInvariant(parts[0][0]) + parts[0][1..].ToLowerInvariant();
        return settings with { RewriteHeaders = settings.RewriteHeaders.SetItem(name, parts[1]) };
    }

    private static ScanSettings AddHeader(ScanSettings settings, string value)
    {
        var m = AddHeaderLine().Match(value);
        var audience = m.Groups[1].Value switch { "spam" => HeaderAudience.Spam, "ham" => HeaderAudience.Ham, _ => HeaderAudience.All };
        var name = m.Groups[2].Value;
        var template = m.Groups[3].Value;
        if (template.Length >= 2 && template[0] == '"' && template[^1] == '"') template = template[1..^1];
        template = Unescape(template);
        // A header of the same name is replaced, moving to the end (these tests never mix audiences per name).
        var kept = settings.AddedHeaders.Where(h => !h.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
        return settings with { AddedHeaders = [.. kept, new AddedHeader(audience, name, template)] };
    }

    /// <summary>add_header's escapes: \t and \n expand, "\\" is a backslash, any other escape vanishes.</summary>
    private static string Unescape(string template)
    {
        var pieces = (template + "\n").Split("\\\\");
        for (int i = 0; i < pieces.Length; i++)
            pieces[i] = Regex.Replace(pieces[i].Replace("\\t", "\t").Replace("\\n", "\n"), @"\\.", "");
        var joined = string.Join("\\", pieces);
        return joined[..^1];
    }

    private static string Unquote(string value)
    {
        var m = Regex.Match(value, "^\"(.*?)\"$");
        return m.Success ? m.Groups[1].Value : value;
    }

    [GeneratedRegex(@"(?<!\\)#.*$")]
    private static partial Regex Comment();

    [GeneratedRegex(@"^(ham|spam|all)\s+([A-Za-z0-9_-]+)\s+(.*?)\s*$")]
    private static partial Regex AddHeaderLine();
}
