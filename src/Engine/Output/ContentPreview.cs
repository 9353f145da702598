using System.Text;
using System.Text.RegularExpressions;

namespace Spamd.Engine.Output;

/// <summary>
/// _PREVIEW_: the first lines of the rendered body (up to 3 entries, until 200 chars), tidied, white space
/// collapsed, wrapped to fit after "Content preview:  " with a 3-space indent — SpamAssassin's
/// <c>get_content_preview</c>.
/// </summary>
public static partial class ContentPreview
{
    private const int MaxLines = 3;
    private const int MinLength = 200;
    private const string Label = "Content preview:  ";

    /// <summary>
    /// Computes the preview from the <c>body</c> rendering (<see cref="Mime.IMailMessage.BodyText"/>: Subject
    /// first, one char per byte). The result uses the same one-char-per-byte convention.
    /// </summary>
    public static string FromBody(IReadOnlyList<string> bodyText)
    {
        var sb = new StringBuilder();
        int lines = MaxLines;
        for (int i = 1; i < bodyText.Count && sb.Length < MinLength && lines-- > 0; i++) sb.Append(bodyText[i]);

        var str = OverlongLine().Replace(sb.ToString(), "$1 [...]");
        if (str.EndsWith('\n')) str = str[..^1];
        str += "\n";

        str = OriginalMessageMarker().Replace(str, "");
        str = str.Replace("This is a multi-part message in MIME format.", "");
        str = LineArt().Replace(str, "");
        str = Spaces().Replace(str, " ");

        str = PerlWrap.Wrap(str, "  ", Label, 75, overflow: true, WrapBreak.AtSpace);
        var label = LeadingLabel().Match(str);
        return label.Success ? str[label.Length..] : str;
    }

    [GeneratedRegex("^(.{200}).+$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex OverlongLine();

    [GeneratedRegex("-----Original Message-----.*$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex OriginalMessageMarker();

    [GeneratedRegex("[-_*.]{10,}", RegexOptions.CultureInvariant)]
    private static partial Regex LineArt();

    [GeneratedRegex("[ \t\n\r\f\v]+", RegexOptions.CultureInvariant)]
    private static partial Regex Spaces();

    [GeneratedRegex("^Content preview:[ \t\n\r\f\v]+", RegexOptions.CultureInvariant)]
    private static partial Regex LeadingLabel();
}
