using System.Text;

namespace Spamd.Engine.Output;

/// <summary>The rewrite_header tag text for one header (Subject, From or To), tags expanded, one line.</summary>
internal static class RewriteHeaderTag
{
    /// <summary>The expanded tag, or null when <paramref name="header"/> is not rewritten.</summary>
    public static string? For(TemplateExpander tags, string header)
    {
        if (!tags.Settings.RewriteHeaders.TryGetValue(header, out var template) || string.IsNullOrWhiteSpace(template))
            return null;
        // From/To tags become comments, so SpamAssassin's configuration turns their parentheses into brackets.
        if (!header.Equals("Subject", StringComparison.OrdinalIgnoreCase))
            template = template.Replace('(', '[').Replace(')', ']');
        return tags.Expand(template);
    }

    /// <summary>Line breaks in a tag become blanks (every rewrite but the report_safe From one).</summary>
    public static string OneLine(string tag) => tag.Replace('\n', ' ');

    /// <summary>Line breaks in a tag are dropped (the report_safe From rewrite).</summary>
    public static string WithoutNewlines(string tag)
    {
        var sb = new StringBuilder(tag.Length);
        foreach (char c in tag) if (c != '\n') sb.Append(c);
        return sb.ToString();
    }

    /// <summary>True when <paramref name="text"/> at <paramref name="at"/> starts with <paramref name="tag"/>
    /// + " ", comparing ASCII letters without case when asked.</summary>
    public static bool StartsWithTag(string text, int at, string tag, bool ignoreCase) =>
        text.Length - at >= tag.Length + 1
        && string.Compare(text, at, tag, 0, tag.Length, ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal) == 0
        && text[at + tag.Length] == ' ';
}
