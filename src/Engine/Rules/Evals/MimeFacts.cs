using System.Text.RegularExpressions;
using Spamd.Engine.Mime;

namespace Spamd.Engine.Rules.Evals;

/// <summary>
/// What MIMEEval's <c>_check_attachments</c> learns in one walk over the parts: counts by type and encoding,
/// the QP and Unicode-entity ratios, the text/HTML size ratio of a multipart/alternative.
/// </summary>
internal sealed partial class MimeFacts
{
    public int HtmlCount, TextCount, Base64Count, QpCount, AttachmentCount, AsciiTextIllegal, LongestBase64Line;
    public bool MultipartAlternative, Base64EncodedText, BadIsoCharset, QpLongLine;
    public double MultipartRatio = 1.0;
    public double? QpRatio, UnicodeRatio;
    public List<string> Charsets { get; } = [];

    public static MimeFacts Of(IReadOnlyList<MimePart> parts)
    {
        var facts = new MimeFacts();
        long qpBytes = 0, qpEncoded = 0, normalChars = 0, unicodeChars = 0;
        var leaves = new List<(string Type, long? Bytes)>();
        foreach (var part in parts)
        {
            var type = ContentTypeInfo.Parse(part.GetHeader("content-type"));
            string ctype = type.MediaType.ToLowerInvariant();
            string cte = (part.GetHeader("content-transfer-encoding") ?? "").TrimEnd('\n').ToLowerInvariant();
            string cd = (part.GetHeader("content-disposition") ?? "").TrimEnd('\n').ToLowerInvariant();
            string charset = (type.Charset ?? "").ToLowerInvariant();
            if (ctype == "multipart/alternative") facts.MultipartAlternative = true;
            facts.CountHeader(ctype, cte, cd, charset);
            if (!part.IsLeaf) continue;

            bool attachment = cd.Contains("attachment", StringComparison.Ordinal);
            long? bytes = attachment ? null : 0;
            bool base64 = cte == "base64" && ctype != "application/ics";
            foreach (var line in Lines(part.RawBody))
            {
                if (facts.MultipartAlternative && !attachment && ctype is "text/plain" or "text/html") bytes += line.Length;
                if (cte == "quoted-printable" && !line.StartsWith("SPAM: ", StringComparison.Ordinal))
                {
                    if (line.Length > 79) facts.QpLongLine = true;
                    qpBytes += line.Length;
                    if (line.Contains('='))
                    {
                        int count = QpEscape().Count(line);
                        if (count > 0)
                        {
                            qpEncoded += count;
                            var trailing = TrailingQpSpace().Match(line);
                            if (trailing.Success) qpEncoded -= trailing.Groups[1].Length / 3;
                        }
                    }
                }
                if (ctype == "text/plain" && charset is "" or "us-ascii" && IllegalAscii().IsMatch(line)) facts.AsciiTextIllegal++;
                if (ctype == "text/plain" && cte is "" or "7bit" or "8bit")
                {
                    int entities = UnicodeEntity().Count(line);
                    normalChars += line.Length - 8 * entities;
                    unicodeChars += entities;
                }
                if (base64) facts.LongestBase64Line = Math.Max(facts.LongestBase64Line, line.Length);
            }
            leaves.Add((ctype, bytes));
        }
        if (qpBytes > 0)
        {
            facts.QpRatio = qpEncoded / (double)qpBytes;
            facts.QpCount = (int)qpEncoded;
        }
        if (normalChars > 0) facts.UnicodeRatio = unicodeChars / (double)normalChars;
        if (facts.MultipartAlternative) facts.MultipartRatio = TextToHtmlRatio(leaves);
        return facts;
    }

    /// <summary>The last text/plain and text/html leaves that are not attachments: text bytes / HTML bytes.</summary>
    private static double TextToHtmlRatio(List<(string Type, long? Bytes)> leaves)
    {
        long? text = null, html = null;
        for (int i = leaves.Count - 1; i >= 0; i--)
        {
            if (leaves[i].Bytes is not { } bytes) continue;
            if (html is null && leaves[i].Type == "text/html") html = bytes;
            else if (text is null && leaves[i].Type == "text/plain") text = bytes;
            if (html is not null && text is not null) break;
        }
        return text is not null && html > 0 ? text.Value / (double)html.Value : 1.0;
    }

    private void CountHeader(string ctype, string cte, string cd, string charset)
    {
        if (ctype == "text/html") HtmlCount++;
        else if (ctype.StartsWith("text", StringComparison.OrdinalIgnoreCase)) TextCount++;
        if (cte.Contains("base64", StringComparison.Ordinal)) Base64Count++;
        else if (cte.Contains("quoted-printable", StringComparison.Ordinal)) QpCount++;
        if (cd.Contains("attachment", StringComparison.Ordinal)) AttachmentCount++;
        if (ctype.StartsWith("text", StringComparison.Ordinal) && cte.Contains("base64", StringComparison.Ordinal)
            && (charset.Length == 0 || AsciiCharset().IsMatch(charset)) && !cd.StartsWith("attachment", StringComparison.Ordinal)
            && !cd.StartsWith("inline", StringComparison.Ordinal))
            Base64EncodedText = true;
        if (BadIso().IsMatch(charset) && !GoodIso().IsMatch(charset)) BadIsoCharset = true;
        if (charset.Any(char.IsAsciiLetter)) Charsets.Add(charset);
    }

    /// <summary>The raw body as Perl's line array: each line with its newline.</summary>
    private static IEnumerable<string> Lines(ReadOnlySpan<byte> body)
    {
        var lines = new List<string>();
        while (body.Length > 0)
        {
            int newline = body.IndexOf((byte)'\n');
            int end = newline < 0 ? body.Length : newline + 1;
            lines.Add(Octets.FromBytes(body[..end]));
            body = body[end..];
        }
        return lines;
    }

    [GeneratedRegex("=(?:09|3[0-9ABCEF]|[2456][0-9A-F]|7[0-9A-E])")]
    private static partial Regex QpEscape();

    [GeneratedRegex(@"((?:=09|=20)+)\s*$")]
    private static partial Regex TrailingQpSpace();

    [GeneratedRegex("[\x00\x0d\x80-\xff]")]
    private static partial Regex IllegalAscii();

    [GeneratedRegex("&#x[0-9A-F]{4};")]
    private static partial Regex UnicodeEntity();

    [GeneratedRegex(@"(?:us-ascii|ansi_x3\.4-1968|iso-ir-6|ansi_x3\.4-1986|iso_646\.irv:1991|ascii|iso646-us|us|ibm367|cp367|csascii)")]
    private static partial Regex AsciiCharset();

    [GeneratedRegex(@"iso-\S+-\S+\b", RegexOptions.IgnoreCase)]
    private static partial Regex BadIso();

    [GeneratedRegex(@"iso-(?:8859-\d{1,2}|2022-(?:jp|kr))\b")]
    private static partial Regex GoodIso();
}
