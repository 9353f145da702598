using System.Text;
using System.Text.RegularExpressions;
using Spamd.Engine.Mime;

namespace Spamd.Learn;

/// <summary>
/// A small stand-in for the engine's MIME reader so sa-learn works on its own: headers (unfolded, RFC 2047
/// decoded to octets), text parts decoded (base64, quoted-printable), HTML reduced to its text, URLs found by
/// pattern. Swap for <c>Spamd.Engine.Mime.MailMessage</c> once that lands; Bayes only needs IMailMessage.
/// </summary>
public sealed partial class SimpleMailMessage : IMailMessage
{
    private const int MaxBodyLineLength = 2048;
    private readonly List<KeyValuePair<string, string>> headers = [];
    private readonly List<string> bodyText;
    private readonly List<string> uris = [];

    public SimpleMailMessage(ReadOnlyMemory<byte> raw)
    {
        Raw = raw;
        FullText = Encoding.Latin1.GetString(raw.Span);
        (string headerBlock, string body) = SplitHeaderBody(FullText);
        headers = ParseHeaders(headerBlock);
        var text = new StringBuilder();
        RenderPart(headers, body, text, depth: 0);
        bodyText = RenderBody(GetHeader("Subject") ?? "\n", text.ToString());
    }

    public ReadOnlyMemory<byte> Raw { get; }
    public string FullText { get; }
    public IReadOnlyList<KeyValuePair<string, string>> Headers => headers;
    public IReadOnlyList<string> BodyText => bodyText;
    public IReadOnlyList<string> RawBodyText => bodyText;
    public IReadOnlyList<string> Uris => uris;

    public string? GetHeader(string spec)
    {
        if (spec == "EnvelopeFrom") return EnvelopeFrom();
        var values = headers.Where(h => h.Key.Equals(spec, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value + "\n").ToList();
        return values.Count == 0 ? null : string.Concat(values);
    }

    private string? EnvelopeFrom()
    {
        // Header-based fallbacks only (no Received parsing): trusted when above all Received lines.
        foreach (string name in new[] { "X-Envelope-From", "Envelope-Sender", "Return-Path" })
        {
            int index = headers.FindIndex(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (index < 0) continue;
            int received = headers.FindIndex(h => h.Key.Equals("Received", StringComparison.OrdinalIgnoreCase));
            if (received >= 0 && received < index) continue;
            return headers[index].Value + "\n";
        }
        return null;
    }

    private static (string Headers, string Body) SplitHeaderBody(string text)
    {
        if (text.StartsWith('\n')) return ("", text[1..]);
        if (text.StartsWith("\r\n", StringComparison.Ordinal)) return ("", text[2..]);
        var m = BlankLine().Match(text);
        return m.Success ? (text[..m.Index], text[(m.Index + m.Length)..]) : (text, "");
    }

    private static List<KeyValuePair<string, string>> ParseHeaders(string block)
    {
        var result = new List<KeyValuePair<string, string>>();
        string unfolded = Folding().Replace(block.Replace("\r\n", "\n"), " ");
        foreach (string line in unfolded.Split('\n'))
        {
            if (line.StartsWith("From ", StringComparison.Ordinal)) continue;
            int colon = line.IndexOf(':');
            if (colon <= 0) continue;
            string name = line[..colon].TrimEnd();
            if (name.Contains(' ')) continue;
            result.Add(new(name, DecodeEncodedWords(line[(colon + 1)..].Trim())));
        }
        return result;
    }

    private void RenderPart(List<KeyValuePair<string, string>> partHeaders, string body, StringBuilder text, int depth)
    {
        string contentType = Find(partHeaders, "Content-Type") ?? "text/plain";
        string type = contentType.Split(';')[0].Trim().ToLowerInvariant();
        if (type.StartsWith("multipart/", StringComparison.Ordinal) && depth < 20)
        {
            Match b = Boundary().Match(contentType);
            if (!b.Success) return;
            string boundary = "--" + b.Groups[1].Value.Trim('"');
            string[] pieces = body.Replace("\r\n", "\n").Split("\n" + boundary);
            foreach (string piece in pieces.Skip(1))
            {
                if (piece.StartsWith("--", StringComparison.Ordinal)) break;
                // The piece starts with the rest of the boundary line.
                int lineEnd = piece.IndexOf('\n');
                (string h, string partBody) = SplitHeaderBody(lineEnd < 0 ? "" : piece[(lineEnd + 1)..]);
                RenderPart(ParseHeaders(h), partBody, text, depth + 1);
            }
            return;
        }
        if (!type.StartsWith("text/", StringComparison.Ordinal) && type != "message/rfc822" && !string.IsNullOrEmpty(type)) return;
        if (type == "text/calendar") return;

        string decoded = Decode(body, Find(partHeaders, "Content-Transfer-Encoding"));
        FindUris(decoded);
        if (text.Length > 0) text.Append('\n');
        text.Append(type == "text/html" ? RenderHtml(decoded) : decoded);
    }

    private static string? Find(List<KeyValuePair<string, string>> list, string name) =>
        list.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    private static string Decode(string body, string? encoding)
    {
        encoding = encoding?.Trim().ToLowerInvariant();
        if (encoding == "base64")
        {
            var clean = new StringBuilder();
            foreach (char c in body) if (char.IsAsciiLetterOrDigit(c) || c is '+' or '/') clean.Append(c);
            while (clean.Length % 4 != 0) clean.Length--;
            try { return Encoding.Latin1.GetString(Convert.FromBase64String(clean.ToString())); }
            catch (FormatException) { return body; }
        }
        if (encoding == "quoted-printable") return DecodeQuotedPrintable(body, underscoreIsSpace: false);
        return body;
    }

    private static string DecodeQuotedPrintable(string s, bool underscoreIsSpace)
    {
        s = s.Replace("\r\n", "\n");
        var sb = new StringBuilder(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c == '=' && i + 1 < s.Length && s[i + 1] == '\n') { i++; continue; }
            if (c == '=' && i + 2 < s.Length && Uri.IsHexDigit(s[i + 1]) && Uri.IsHexDigit(s[i + 2]))
            {
                sb.Append((char)Convert.ToInt32(s.Substring(i + 1, 2), 16));
                i += 2;
                continue;
            }
            sb.Append(underscoreIsSpace && c == '_' ? ' ' : c);
        }
        return sb.ToString();
    }

    private static string DecodeEncodedWords(string value) =>
        EncodedWord().Replace(value, m =>
        {
            string data = m.Groups[3].Value;
            string octets;
            if (m.Groups[2].Value.Equals("B", StringComparison.OrdinalIgnoreCase))
            {
                try { octets = Encoding.Latin1.GetString(Convert.FromBase64String(data)); }
                catch (FormatException) { return m.Value; }
            }
            else octets = DecodeQuotedPrintable(data, underscoreIsSpace: true);
            // Decoded words end up as UTF-8 octets; charsets other than UTF-8 are taken as Latin-1.
            if (m.Groups[1].Value.Equals("utf-8", StringComparison.OrdinalIgnoreCase)) return octets;
            return Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(octets));
        });

    private static string RenderHtml(string html)
    {
        string text = HtmlInvisible().Replace(html, " ");
        text = HtmlTag().Replace(text, " ");
        return System.Net.WebUtility.HtmlDecode(text);
    }

    private void FindUris(string text)
    {
        foreach (Match m in UrlPattern().Matches(text))
        {
            string uri = m.Value.TrimEnd('.', ',', ')', '>', '"', '\'');
            if (!uri.Contains("://", StringComparison.Ordinal)) uri = "http://" + uri;
            if (!uris.Contains(uri)) uris.Add(uri);
        }
        foreach (Match m in MailAddressPattern().Matches(text))
        {
            string uri = "mailto:" + m.Value;
            if (!uris.Contains(uri)) uris.Add(uri);
        }
    }

    /// <summary>SpamAssassin's body rendering: blank-line runs become paragraph breaks, other whitespace one space.</summary>
    private static List<string> RenderBody(string subject, string text)
    {
        text = ParagraphBreak().Replace(text, "\0");
        text = Whitespace().Replace(text, " ");
        text = text.Replace('\0', '\n');
        var lines = new List<string>();
        foreach (string piece in SplitKeepingNewlines(subject + text))
        {
            string line = piece;
            while (line.Length > MaxBodyLineLength)
            {
                int length = line.LastIndexOf(' ', MaxBodyLineLength) + 1;
                if (length == 0) length = MaxBodyLineLength;
                lines.Add(line[..length]);
                line = line[length..];
            }
            lines.Add(line);
        }
        return lines;
    }

    private static IEnumerable<string> SplitKeepingNewlines(string s)
    {
        int start = 0;
        while (start < s.Length)
        {
            int nl = s.IndexOf('\n', start);
            int end = nl < 0 ? s.Length : nl + 1;
            yield return s[start..end];
            start = end;
        }
    }

    [GeneratedRegex(@"\r?\n\r?\n")]
    private static partial Regex BlankLine();

    [GeneratedRegex(@"\n[ \t]+")]
    private static partial Regex Folding();

    [GeneratedRegex(@"boundary\s*=\s*(""[^""]*""|[^;\s]+)", RegexOptions.IgnoreCase)]
    private static partial Regex Boundary();

    [GeneratedRegex(@"=\?([^?\s*]+)(?:\*[^?\s]*)?\?([BbQq])\?([^?\s]*)\?=(?:\s+(?==\?))?")]
    private static partial Regex EncodedWord();

    [GeneratedRegex(@"<(script|style)\b.*?</\1\s*>|<!--.*?-->", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex HtmlInvisible();

    [GeneratedRegex(@"<[^>]*>", RegexOptions.Singleline)]
    private static partial Regex HtmlTag();

    [GeneratedRegex(@"\b(?:https?://|ftp://|www\.)[^\s<>""']+", RegexOptions.IgnoreCase)]
    private static partial Regex UrlPattern();

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")]
    private static partial Regex MailAddressPattern();

    [GeneratedRegex(@"\n+[ \t\r\n\f\v]*\n+")]
    private static partial Regex ParagraphBreak();

    [GeneratedRegex(@"[ \t\r\n\f\v]+")]
    private static partial Regex Whitespace();
}
