using Spamd.Engine.Mime;
using System.Text;

namespace Spamd.Engine.Output;

/// <summary>
/// Ham, and spam under report_safe 0 (SpamAssassin's <c>rewrite_no_report_safe</c>): old X-Spam-* fields
/// dropped (X-Spam-Prev-* kept), the new ones inserted first (after a leading Return-Path), Subject/From/To of
/// spam tagged with X-Spam-Prev-* copies appended, the body untouched.
/// </summary>
internal static class InPlaceRewrite
{
    /// <summary>Returns the new header section (octets, with the message's line endings); the body follows as is.</summary>
    public static string Headers(in PristineMessage message, TemplateExpander tags, bool spam)
    {
        var lines = new List<string>(message.HeaderLines);
        RemoveOldSpamFields(lines);

        string separator = "";
        if (lines.Count > 0 && IsBlank(lines[^1]))
        {
            separator = lines[^1];
            lines.RemoveAt(lines.Count - 1);
        }

        bool rewritesSubject = RewriteHeaderTag.For(tags, "Subject") != null;
        bool createdSubject = false;
        if (rewritesSubject && message.PristineValue("Subject") == null)
        {
            lines.Add("Subject: \n");
            createdSubject = true;
        }
        if (spam) TagFields(lines, tags, createdSubject);

        var sb = new StringBuilder();
        if (lines.Count > 0 && lines[0].StartsWith("Return-Path:", StringComparison.OrdinalIgnoreCase))
        {
            // Return-Path belongs above everything SpamAssassin adds (bug 3409).
            int n = 1;
            while (n < lines.Count && lines[n].Length > 0 && lines[n][0] is ' ' or '\t') n++;
            for (int i = 0; i < n; i++) sb.Append(lines[i]);
            lines.RemoveRange(0, n);
        }
        sb.Append(AddedHeaders.Build(tags, spam));
        foreach (var line in lines) sb.Append(line);
        sb.Append(separator);
        return LineEndings.Apply(sb.ToString(), message.LineEnding);
    }

    private static void RemoveOldSpamFields(List<string> lines)
    {
        for (int i = 0; i < lines.Count; i++)
        {
            if (!IsOldSpamField(lines[i])) continue;
            while (i < lines.Count && (IsOldSpamField(lines[i]) || lines[i].StartsWith(' ') || lines[i].StartsWith('\t')))
                lines.RemoveAt(i);
            i--;
        }
    }

    private static bool IsOldSpamField(string line) =>
        line.StartsWith("X-Spam-", StringComparison.OrdinalIgnoreCase)
        && !line.AsSpan(7).StartsWith("Prev-", StringComparison.OrdinalIgnoreCase);

    private static void TagFields(List<string> lines, TemplateExpander tags, bool createdSubject)
    {
        // The list grows while we walk it (the X-Spam-Prev-* copies); those never match, as in SpamAssassin.
        for (int i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            int colon = line.IndexOf(':');
            if (colon < 0) continue;
            var name = line[..colon];
            if (!name.Equals("From", StringComparison.OrdinalIgnoreCase) && !name.Equals("Subject", StringComparison.OrdinalIgnoreCase)
                && !name.Equals("To", StringComparison.OrdinalIgnoreCase))
                continue;
            var tag = RewriteHeaderTag.For(tags, name);
            if (tag == null) continue;

            // SpamAssassin copies only the first line; a created Subject marks every copy "(nonexistent)".
            lines.Add(createdSubject ? "X-Spam-Prev-Subject: (nonexistent)\n" : "X-Spam-Prev-" + line);

            tag = RewriteHeaderTag.OneLine(tag);
            if (!name.Equals("Subject", StringComparison.OrdinalIgnoreCase)) tag = "(" + tag + ")";

            int p = colon + 1;
            while (p < line.Length && line[p] is ' ' or '\t') p++;
            if (RewriteHeaderTag.StartsWithTag(line, p, tag, ignoreCase: true)) p += tag.Length + 1;
            lines[i] = line[..(colon + 1)] + " " + tag + " " + line[p..];
        }
    }

    private static bool IsBlank(string line)
    {
        foreach (char c in line) if (!Octets.IsSpace(c)) return false;
        return true;
    }
}
