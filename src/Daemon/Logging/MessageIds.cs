using System.Text;
using System.Text.RegularExpressions;

namespace Spamd.Daemon.Logging;

/// <summary>
/// The Message-Id and Resent-Message-Id of a message, cleaned up for the log as spamd's <c>parse_msgids</c>
/// does: comments and spaces removed, only the id inside angle brackets kept, odd bytes replaced by '?'.
/// </summary>
public static partial class MessageIds
{
    /// <summary>Looks at the header section only; returns nulls when the headers are absent.</summary>
    public static (string? MessageId, string? ResentMessageId) Find(ReadOnlySpan<byte> message)
    {
        string? id = null, resent = null;
        int start = message.StartsWith("From "u8) ? NextLine(message, 0) : 0; // an mbox From line
        while (start < message.Length)
        {
            int end = NextLine(message, start);
            var line = TrimEol(message[start..end]);
            if (line.IsEmpty) break;
            // As SpamAssassin's get_pristine_header: the last occurrence wins.
            bool isId = IsHeader(line, "Message-Id"u8);
            bool isResent = !isId && IsHeader(line, "Resent-Message-Id"u8);
            if (!isId && !isResent)
            {
                start = end;
                continue;
            }
            // The value, unfolded: this line after the colon plus any continuation lines.
            var value = new StringBuilder(Encoding.Latin1.GetString(line[(line.IndexOf((byte)':') + 1)..]));
            while (end < message.Length && message[end] is (byte)' ' or (byte)'\t')
            {
                int next = NextLine(message, end);
                value.Append(Encoding.Latin1.GetString(TrimEol(message[end..next])));
                end = next;
            }
            if (isId) id = Clean(value.ToString());
            else resent = Clean(value.ToString());
            start = end;
        }
        return (id, resent);
    }

    private static bool IsHeader(ReadOnlySpan<byte> line, ReadOnlySpan<byte> name)
    {
        if (line.Length <= name.Length || !Ascii.EqualsIgnoreCase(line[..name.Length], name)) return false;
        var rest = line[name.Length..].TrimStart(" \t"u8);
        return !rest.IsEmpty && rest[0] == (byte)':';
    }

    private static ReadOnlySpan<byte> TrimEol(ReadOnlySpan<byte> line) =>
        line.EndsWith("\r\n"u8) ? line[..^2] : line.EndsWith("\n"u8) ? line[..^1] : line;

    /// <summary>The id as it goes into the "result:" line: whitespace, control bytes and commas become '_'.</summary>
    public static string ForResultLine(string id) => LogUnsafe().Replace(id, "_");

    private static string? Clean(string value)
    {
        string previous;
        do { previous = value; value = Comment().Replace(value, "", 1); } while (value != previous);
        value = Spaces().Replace(value.Trim(), " ");
        if (Bracketed().Match(value) is { Success: true } m) value = m.Groups[1].Value;
        value = NonPrintable().Replace(value, "?").Replace('<', '?').Replace('>', '?');
        return value.Length == 0 ? null : "<" + value + ">";
    }

    private static int NextLine(ReadOnlySpan<byte> message, int start)
    {
        int lf = message[start..].IndexOf((byte)'\n');
        return lf < 0 ? message.Length : start + lf + 1;
    }

    [GeneratedRegex(@"\([^()]*\)")] private static partial Regex Comment();
    [GeneratedRegex(@"\s+")] private static partial Regex Spaces();
    [GeneratedRegex(@"^.*?<(.*?)>.*$", RegexOptions.Singleline)] private static partial Regex Bracketed();
    [GeneratedRegex(@"[^\x21-\x7e]")] private static partial Regex NonPrintable();
    [GeneratedRegex(@"[\x00-\x20\s,]")] private static partial Regex LogUnsafe();
}
