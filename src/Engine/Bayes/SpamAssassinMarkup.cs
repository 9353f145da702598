using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace Spamd.Engine.Bayes;

/// <summary>
/// Undoes what a SpamAssassin-compatible filter added to a message before it is learned, as sa-learn does
/// for mail carrying X-Spam-Checker-Version: a report_safe wrapper gives back the original message; otherwise
/// X-Spam-* headers go, X-Spam-Prev-* headers are restored and a Subject tag is taken off.
/// </summary>
public static partial class SpamAssassinMarkup
{
    private const string EncapsulatedDescription = "original message before SpamAssassin";

    /// <param name="subjectTag"><c>rewrite_header Subject</c>, if configured.</param>
    public static byte[] Remove(byte[] raw, string? subjectTag)
    {
        // Most mail never went through such a filter: look at its headers without decoding the whole message.
        if (!HasCheckerVersion(raw)) return raw;
        string text = Encoding.Latin1.GetString(raw);
        int split = HeaderEnd(text);
        string headers = text[..split], body = text[split..];
        if (!CheckerVersion().IsMatch(headers)) return raw;

        string? original = Unwrap(headers, body);
        if (original != null) return Encoding.Latin1.GetBytes(original);

        headers = headers.Replace("\r\n", "\n");
        body = body.Replace("\r\n", "\n");
        while (true)
        {
            string unfolded = FoldedSpamHeader().Replace(headers, "$1 $2");
            if (unfolded == headers) break;
            headers = unfolded;
        }
        if (!string.IsNullOrEmpty(subjectTag) && !PrevSubject().IsMatch(headers))
        {
            string tag = Regex.Escape(subjectTag).Replace("_HITS_", @"\d{2}\.\d{2}").Replace("_SCORE_", @"\d{2}\.\d{2}").Replace("_REQD_", @"\d{2}\.\d{2}");
            var tagged = new Regex("^Subject: " + tag + " ", RegexOptions.Multiline);
            while (tagged.IsMatch(headers)) headers = tagged.Replace(headers, "Subject: ");
        }
        while (true)
        {
            string stripped = SpamReportBlock().Replace(body, "", 1);
            if (stripped == body) break;
            body = stripped;
        }
        headers = RestorePrevious(headers);
        while (true)
        {
            string stripped = SpamHeaderLine().Replace(headers, "$1");
            if (stripped == headers) break;
            headers = stripped;
        }
        return Encoding.Latin1.GetBytes(headers + body);
    }

    /// <summary>report_safe mail: the attached original (message/rfc822 or text/plain marked x-spam-type=original).</summary>
    private static string? Unwrap(string headers, string body)
    {
        Match ct = WrapperContentType().Match(Unfold(headers));
        if (!ct.Success) return null;
        string boundaryLine = "--" + ct.Groups[1].Value;
        string[] lines = body.Split('\n');
        bool inPartHeader = false;
        string partType = "", partDescription = "";
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd('\r');
            if (!inPartHeader && line != boundaryLine) continue;
            if (inPartHeader && line.Trim().Length == 0)
            {
                if (OriginalPart().IsMatch(partType) || (partType == "message/rfc822" && partDescription == EncapsulatedDescription))
                {
                    var kept = new List<string>();
                    for (int j = i + 1; j < lines.Length; j++)
                    {
                        if (lines[j].StartsWith(boundaryLine, StringComparison.Ordinal))
                        {
                            if (kept.Count > 0 && kept[^1].Trim().Length == 0) kept.RemoveAt(kept.Count - 1);
                            return string.Join('\n', kept) + "\n";
                        }
                        kept.Add(lines[j]);
                    }
                    return string.Join('\n', kept);
                }
                inPartHeader = false;
                partType = partDescription = "";
                continue;
            }
            inPartHeader = true;
            Match header = PartHeader().Match(line);
            if (!header.Success) continue;
            if (header.Groups[1].Value.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) partType = header.Groups[2].Value;
            else partDescription = header.Groups[2].Value;
        }
        return null;
    }

    /// <summary>X-Spam-Prev-Name headers replace the Name headers the filter changed.</summary>
    private static string RestorePrevious(string headers)
    {
        if (PrevSubjectNonexistent().IsMatch(headers) && !SubjectMentionsNonexistent().IsMatch(headers))
        {
            headers = PrevSubjectNonexistentLine().Replace(headers, "$1\n", 1);
            headers = SubjectLine().Replace(headers, "$1\n", 1);
        }
        while (true)
        {
            Match prev = PrevHeader().Match(headers);
            if (!prev.Success) break;
            headers = headers.Remove(prev.Index, prev.Length);
            string restored = prev.Groups[1].Value, name = prev.Groups[2].Value;
            var current = new Regex("^" + Regex.Escape(name) + @"[ \t]*.*\n(?:[ \t]+\S.*\n)*", RegexOptions.Multiline);
            if (current.IsMatch(headers)) headers = current.Replace(headers, restored.Replace("$", "$$"), 1);
            else
            {
                int blank = headers.IndexOf("\n\n", StringComparison.Ordinal);
                headers = blank >= 0 ? headers.Insert(blank + 1, restored) : headers + restored;
            }
        }
        return headers;
    }

    private static string Unfold(string headers) => Regex.Replace(headers.Replace("\r\n", "\n"), @"\n[ \t]+", " ");

    /// <summary>Index just past the blank line that ends the header (or the text's length).</summary>
    private static bool HasCheckerVersion(ReadOnlySpan<byte> raw)
    {
        int lf = raw.IndexOf("\n\n"u8), crlf = raw.IndexOf("\r\n\r\n"u8);
        int split = crlf >= 0 && (lf < 0 || crlf < lf) ? crlf + 4 : lf >= 0 ? lf + 2 : raw.Length;
        char[] headers = ArrayPool<char>.Shared.Rent(split);
        try
        {
            int length = Encoding.Latin1.GetChars(raw[..split], headers);
            return CheckerVersion().IsMatch(headers.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(headers);
        }
    }

    private static int HeaderEnd(string text)
    {
        int lf = text.IndexOf("\n\n", StringComparison.Ordinal);
        int crlf = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (crlf >= 0 && (lf < 0 || crlf < lf)) return crlf + 4;
        return lf >= 0 ? lf + 2 : text.Length;
    }

    [GeneratedRegex(@"^X-Spam-Checker-Version:", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex CheckerVersion();

    [GeneratedRegex(@"^Content-Type:\s*multipart/mixed;\s+boundary\s*=\s*[""']?(.+?)[""']?(?:;|$)", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex WrapperContentType();

    [GeneratedRegex(@"^(?:message/rfc822|text/plain);\s+x-spam-type=original")]
    private static partial Regex OriginalPart();

    [GeneratedRegex(@"^(Content-Type|Content-Description):\s+(.+?)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex PartHeader();

    [GeneratedRegex(@"((?:^|\n)X-Spam-(?!Prev).+?)\n[ \t]+(\S.*\n)")]
    private static partial Regex FoldedSpamHeader();

    [GeneratedRegex(@"^X-Spam-Prev-Subject:", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex PrevSubject();

    [GeneratedRegex(@"^\n?SPAM: ----.+\n(?:SPAM:.*\n)*SPAM: ----.+\n\n")]
    private static partial Regex SpamReportBlock();

    [GeneratedRegex(@"^X-Spam-Prev-Subject:\s*\(nonexistent\)$", RegexOptions.Multiline)]
    private static partial Regex PrevSubjectNonexistent();

    [GeneratedRegex(@"^Subject:.*\(nonexistent\).*$", RegexOptions.Multiline)]
    private static partial Regex SubjectMentionsNonexistent();

    [GeneratedRegex(@"(^|\n)X-Spam-Prev-Subject:\s*\(nonexistent\)\n")]
    private static partial Regex PrevSubjectNonexistentLine();

    [GeneratedRegex(@"(^|\n)Subject:\s*[ \t]*.*\n(?:[ \t]+\S.*\n)*")]
    private static partial Regex SubjectLine();

    [GeneratedRegex(@"^X-Spam-Prev-(([^:\n]+:)[ \t]*.*\n(?:[ \t]+\S.*\n)*)", RegexOptions.Multiline)]
    private static partial Regex PrevHeader();

    [GeneratedRegex(@"(^|\n)X-Spam-.*\n")]
    private static partial Regex SpamHeaderLine();
}
