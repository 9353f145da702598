using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Spamd.Engine.Mime;

namespace Spamd.Engine.Bayes;

/// <summary>
/// The ids a learned message is remembered by (SpamAssassin's generated "sha1@sa_generated" id, then its
/// Message-Id) and its receive date, which becomes the atime of its tokens.
/// </summary>
public static partial class MessageIdentity
{
    public static List<string> Ids(IMailMessage message)
    {
        var ids = new List<string>(2) { GeneratedId(message) };
        string? messageId = LastHeader(message, "Message-Id");
        if (messageId != null)
        {
            Match m = AngleBracketed().Match(messageId);
            if (m.Success) ids.Add(m.Groups[1].Value);
        }
        return ids;
    }

    /// <summary>SHA-1 of To, Date and the pristine body (CRLF as LF), as SpamAssassin generates it.</summary>
    public static string GeneratedId(IMailMessage message)
    {
        string to = LastHeader(message, "To") is { } t ? t + "\n" : "";
        string date = LastHeader(message, "Date") is { } d ? d + "\n" : "";
        string bodyDigest = Convert.ToHexStringLower(SHA1.HashData(PristineBody(message.Raw.Span)));
        byte[] source = Encoding.Latin1.GetBytes(to + "\0" + date + "\0" + bodyDigest);
        return Convert.ToHexStringLower(SHA1.HashData(source)) + "@sa_generated";
    }

    /// <summary>When the message arrived: the first Received date, else Date, else now; never far in the future.</summary>
    public static long ReceiveTime(IMailMessage message, long now)
    {
        long? time = null;
        foreach (var (name, value) in message.Headers)
        {
            if (!name.Equals("Received", StringComparison.OrdinalIgnoreCase)) continue;
            int semicolon = value.LastIndexOf(';');
            if (semicolon >= 0) time = ParseDate(value[(semicolon + 1)..]);
            break;
        }
        time ??= LastHeader(message, "Date") is { } date ? ParseDate(date) : null;
        long result = time ?? now;
        return result - now > 86_400 ? now : result;
    }

    private static byte[] PristineBody(ReadOnlySpan<byte> raw)
    {
        int start = raw.IndexOf("\n\n"u8);
        int crlf = raw.IndexOf("\r\n\r\n"u8);
        bool isCrlf = crlf >= 0 && (start < 0 || crlf < start);
        int bodyStart = isCrlf ? crlf + 4 : start >= 0 ? start + 2 : raw.Length;
        ReadOnlySpan<byte> body = raw[bodyStart..];
        if (!isCrlf) return body.ToArray();
        var normalized = new List<byte>(body.Length);
        for (int i = 0; i < body.Length; i++)
        {
            if (body[i] == '\r' && i + 1 < body.Length && body[i + 1] == '\n') continue;
            normalized.Add(body[i]);
        }
        return [.. normalized];
    }

    private static string? LastHeader(IMailMessage message, string name)
    {
        string? found = null;
        foreach (var (n, value) in message.Headers)
            if (n.Equals(name, StringComparison.OrdinalIgnoreCase)) found = value;
        return found;
    }

    private static long? ParseDate(string text)
    {
        Match m = Rfc2822Date().Match(text);
        if (!m.Success) return null;
        string normalized = $"{m.Groups["day"].Value} {m.Groups["month"].Value} {m.Groups["year"].Value} {m.Groups["time"].Value}";
        string[] formats = ["d MMM yyyy H:mm:ss", "d MMM yyyy H:mm", "d MMM yy H:mm:ss", "d MMM yy H:mm"];
        if (!DateTime.TryParseExact(normalized, formats, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime utc))
            return null;
        long seconds = new DateTimeOffset(utc, TimeSpan.Zero).ToUnixTimeSeconds();
        string zone = m.Groups["zone"].Value;
        if (zone.Length == 5 && int.TryParse(zone.AsSpan(1), out int hhmm))
        {
            int offset = (hhmm / 100 * 60 + hhmm % 100) * 60;
            seconds -= zone[0] == '-' ? -offset : offset;
        }
        return seconds;
    }

    [GeneratedRegex(@"^\s*<(.+)>\s*$", RegexOptions.Singleline)]
    private static partial Regex AngleBracketed();

    [GeneratedRegex(@"(?<day>\d{1,2})\s+(?<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\s+(?<year>\d{2,4})\s+(?<time>\d{1,2}:\d{2}(?::\d{2})?)\s*(?<zone>[+-]\d{4})?", RegexOptions.IgnoreCase)]
    private static partial Regex Rfc2822Date();
}
