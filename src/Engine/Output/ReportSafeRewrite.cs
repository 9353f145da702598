using Spamd.Engine.Mime;
using System.Globalization;
using System.Text;

namespace Spamd.Engine.Output;

/// <summary>
/// Spam under report_safe 1 or 2 (SpamAssassin's <c>rewrite_report_safe</c>): a new message whose first part is
/// the report and whose second part is the original, byte for byte (message/rfc822, or text/plain for 2).
/// </summary>
internal static class ReportSafeRewrite
{
    private static readonly string[] WrapperFields = ["from", "to", "cc", "subject", "date", "message-id"];

    /// <summary>
    /// Returns the wrapper up to the start of the original (octets, message line endings) and the trailer
    /// that follows the original.
    /// </summary>
    public static (string Head, string Trailer) Build(in PristineMessage message, TemplateExpander tags,
        DateTimeOffset now, Func<uint> random)
    {
        var settings = tags.Settings;
        var report = tags.Report();

        string? from = message.PristineValue("From");
        string? to = message.PristineValue("To");
        string? cc = message.PristineValue("Cc");
        string? subject = message.PristineValue("Subject");
        string? messageId = message.PristineValue("Message-Id");
        string? date = message.PristineValue("Date");

        if (RewriteHeaderTag.For(tags, "Subject") is { } subjectTag)
        {
            subject ??= "\n";
            var tag = RewriteHeaderTag.OneLine(subjectTag);
            if (!RewriteHeaderTag.StartsWithTag(subject, 0, tag, ignoreCase: false)) subject = tag + " " + subject;
        }
        if (RewriteHeaderTag.For(tags, "To") is { } toTag)
            to = AppendComment(to ?? "\n", RewriteHeaderTag.OneLine(toTag));
        if (RewriteHeaderTag.For(tags, "From") is { } fromTag)
            from = AppendComment(from ?? "\n", RewriteHeaderTag.WithoutNewlines(fromTag));

        var head = new StringBuilder();
        AppendField(head, "From", from);
        AppendField(head, "To", to);
        AppendField(head, "Cc", cc);
        AppendField(head, "Subject", subject);
        AppendField(head, "Date", date);
        AppendField(head, "Message-Id", messageId);
        head.Append(AddedHeaders.Build(tags, spam: true));

        var copied = new HashSet<string>(WrapperFields, StringComparer.OrdinalIgnoreCase);
        foreach (var name in settings.ReportSafeCopyHeaders)
        {
            if (!copied.Add(name)) continue;
            var values = message.PristineValues(name);
            if (name.Equals("Received", StringComparison.OrdinalIgnoreCase))
            {
                // Received copies go on top, under SpamAssassin's own Received line.
                var received = new StringBuilder();
                foreach (var v in values) received.Append(name).Append(": ").Append(v);
                head.Insert(0, received.ToString());
            }
            else
            {
                foreach (var v in values) head.Append(name).Append(": ").Append(v);
            }
        }

        head.Insert(0, "Received: from localhost by " + Octets.FromText(settings.HostName) + "\n"
                       + "\twith SpamAssassin (version " + TemplateExpander.Version + ");\n"
                       + "\t" + Rfc2822Date.Format(now) + "\n");

        var boundary = UniqueBoundary(message, now, random);

        // A non-text original may be dangerous to open: attach it rather than show it, and say why.
        var contentType = message.LastFieldValue("Content-Type");
        bool unsafeOriginal = contentType != null && contentType.IndexOf("text/plain", StringComparison.OrdinalIgnoreCase) < 0;
        if (unsafeOriginal) report += tags.Expand(EndWithNewline(settings.UnsafeReportTemplate));

        var charset = string.IsNullOrEmpty(settings.ReportCharset) ? "UTF-8" : settings.ReportCharset;
        head.Append("MIME-Version: 1.0\n")
            .Append("Content-Type: multipart/mixed; boundary=\"").Append(boundary).Append("\"\n")
            .Append('\n')
            .Append("This is a multi-part message in MIME format.\n")
            .Append('\n')
            .Append("--").Append(boundary).Append('\n')
            .Append("Content-Type: text/plain; charset=").Append(Octets.FromText(charset)).Append('\n')
            .Append("Content-Disposition: inline\n")
            .Append("Content-Transfer-Encoding: 8bit\n")
            .Append('\n')
            .Append(report).Append('\n')
            .Append('\n')
            .Append("--").Append(boundary).Append('\n')
            .Append("Content-Type: ").Append(settings.ReportSafe > 1 ? "text/plain" : "message/rfc822").Append("; x-spam-type=original\n")
            .Append("Content-Description: ").Append(Octets.FromText(settings.EncapsulatedContentDescription)).Append('\n')
            .Append("Content-Disposition: ").Append(unsafeOriginal ? "attachment" : "inline").Append('\n')
            .Append("Content-Transfer-Encoding: 8bit\n")
            .Append('\n');

        var trailer = "\n--" + boundary + "--\n\n";
        return (LineEndings.Apply(head.ToString(), message.LineEnding), LineEndings.Apply(trailer, message.LineEnding));
    }

    private static void AppendField(StringBuilder sb, string name, string? value)
    {
        if (value != null) sb.Append(name).Append(": ").Append(value);
    }

    /// <summary>
    /// <c>s/(?:\t\Q(TAG)\E)?$/\t(TAG)/</c>: the comment goes before the value's final line break (once), where
    /// Perl's <c>$</c> matches first.
    /// </summary>
    private static string AppendComment(string value, string tag)
    {
        var comment = "\t(" + tag + ")";
        int end = value.Length;
        int beforeNewline = value.EndsWith('\n') ? end - 1 : end;
        foreach (int at in new[] { beforeNewline, end }.Distinct())
            if (at >= comment.Length && string.CompareOrdinal(value, at - comment.Length, comment, 0, comment.Length) == 0)
                return value; // already tagged
        return value[..beforeNewline] + comment + value[beforeNewline..];
    }

    private static string UniqueBoundary(in PristineMessage message, DateTimeOffset now, Func<uint> random)
    {
        var boundary = "----------=_" + ((uint)now.ToUnixTimeSeconds()).ToString("X8", CultureInfo.InvariantCulture)
                       + "." + random().ToString("X8", CultureInfo.InvariantCulture);
        // A boundary that occurs in the original would cut it short; extend it until it does not.
        while (OccursAsLine(message, boundary))
            boundary += "/" + random().ToString("X8", CultureInfo.InvariantCulture);
        return boundary;
    }

    private static bool OccursAsLine(in PristineMessage message, string boundary)
    {
        foreach (var line in message.HeaderLines)
            if (line.StartsWith(boundary, StringComparison.Ordinal) && IsBoundaryEnd(line.AsSpan(boundary.Length))) return true;
        var needle = Encoding.Latin1.GetBytes(boundary);
        var body = message.Body;
        for (int start = 0; start < body.Length;)
        {
            if (IsBoundaryLine(body, start, needle)) return true;
            int nl = body[start..].IndexOf((byte)'\n');
            if (nl < 0) break;
            start += nl + 1;
        }
        return false;
    }

    /// <summary>Perl's <c>/^\Qboundary\E(?:--)?$/m</c> at one line start.</summary>
    private static bool IsBoundaryLine(ReadOnlySpan<byte> text, int start, ReadOnlySpan<byte> boundary)
    {
        var rest = text[start..];
        if (!rest.StartsWith(boundary)) return false;
        rest = rest[boundary.Length..];
        if (rest.IsEmpty || rest[0] == '\n') return true;
        return rest.StartsWith("--"u8) && (rest.Length == 2 || rest[2] == '\n');
    }

    /// <summary>What may follow the boundary on its line: nothing, or "--", then the line break or the end.</summary>
    private static bool IsBoundaryEnd(ReadOnlySpan<char> rest)
    {
        if (rest.StartsWith("--")) rest = rest[2..];
        return rest.IsEmpty || rest[0] == '\n';
    }

    private static string EndWithNewline(string template) =>
        template.Length == 0 || template.EndsWith('\n') ? template : template + "\n";
}
