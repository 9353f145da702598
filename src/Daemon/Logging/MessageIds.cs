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
        foreach (var (name, value) in Headers(message))
        {
            if (id == null && name.Equals("Message-Id", StringComparison.OrdinalIgnoreCase)) id = Clean(value);
            else if (resent == null && name.Equals("Resent-Message-Id", StringComparison.OrdinalIgnoreCase)) resent = Clean(value);
        }
        return (id, resent);
    }

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

    private static IEnumerable<(string Name, string Value)> Headers(ReadOnlySpan<byte> message)
    {
        var list = new List<(string, string)>();
        string? name = null;
        var value = new StringBuilder();
        int start = 0;
        // An mbox "From " line may precede the headers.
        if (message.StartsWith("From "u8)) start = NextLine(message, 0);
        while (start < message.Length)
        {
            int end = NextLine(message, start);
            var line = message[start..end];
            line = line.EndsWith("\r\n"u8) ? line[..^2] : line.EndsWith("\n"u8) ? line[..^1] : line;
            if (line.IsEmpty) break;
            if ((line[0] == ' ' || line[0] == '\t') && name != null) value.Append(Encoding.Latin1.GetString(line));
            else
            {
                if (name != null) list.Add((name, value.ToString()));
                int colon = line.IndexOf((byte)':');
                name = colon > 0 ? Encoding.Latin1.GetString(line[..colon]).TrimEnd() : null;
                value.Clear();
                if (colon > 0) value.Append(Encoding.Latin1.GetString(line[(colon + 1)..]));
            }
            start = end;
        }
        if (name != null) list.Add((name, value.ToString()));
        return list;
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
