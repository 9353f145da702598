using System.Text;
using System.Text.RegularExpressions;
using Spamd.Engine.Scanning;

namespace Spamd.Engine.Output;

/// <summary>
/// The X-Spam-* header block for one result (SpamAssassin's <c>_get_added_headers</c>): each add_header template
/// expanded, folded (<c>_process_header</c>) and MIME-encoded, as "X-Spam-Name: value\n" lines.
/// </summary>
internal static partial class AddedHeaders
{
    private const int FoldWidth = 79;

    public static string Build(TemplateExpander tags, bool spam)
    {
        var sb = new StringBuilder();
        foreach (var header in tags.Settings.AddedHeaders)
        {
            if (header.Audience != HeaderAudience.All && header.Audience != (spam ? HeaderAudience.Spam : HeaderAudience.Ham))
                continue;
            var value = Fold(header.Name, tags.Expand(header.Template), tags.Settings.FoldHeaders);
            sb.Append("X-Spam-").Append(header.Name).Append(": ").Append(MimeHeaderEncoder.Encode(value)).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>Folds an expanded header value (octets); <paramref name="name"/> is the part after "X-Spam-".</summary>
    public static string Fold(string name, string value, bool foldHeaders)
    {
        value = WithoutTrailingNewlines(value);
        if (!foldHeaders) return value.Replace('\n', ' ');

        // A multi-line value keeps its lines: each break (with the blanks around it) becomes newline + TAB.
        if (value.Contains('\n')) return BreakAroundNewline().Replace(value, "\n\t");

        // Wrap "X-Spam-Name!!value" so the first line counts the header name, without breaking at ": ".
        var line = "X-Spam-" + name + "!!" + value;
        line = PerlWrap.Wrap(line, "\t", "", FoldWidth, overflow: false, WrapBreak.AfterSpaceOrComma);
        if (line.Contains('\n')) line = BlankLines().Replace(line, ""); // buggy wraps may leave blank lines
        int bang = line.IndexOf("!!", StringComparison.Ordinal);
        return line[(bang + 2)..];
    }

    /// <summary><c>s/(?:\r?\n)+$//</c></summary>
    private static string WithoutTrailingNewlines(string value)
    {
        int end = value.Length;
        while (end > 0 && value[end - 1] == '\n') end -= end > 1 && value[end - 2] == '\r' ? 2 : 1;
        return end == value.Length ? value : value[..end];
    }

    [GeneratedRegex(@"[ \t\n\r\f\v]*\n[ \t\n\r\f\v]*")]
    private static partial Regex BreakAroundNewline();

    [GeneratedRegex(@"^[ \t\n\r\f\v]*\n", RegexOptions.Multiline)]
    private static partial Regex BlankLines();
}
