using System.Text.RegularExpressions;
using Spamd.Engine.Mime;

namespace Spamd.Engine.Rules.Evals;

/// <summary>
/// MIMEEval's functions (part types, transfer encodings, QP and Unicode-entity ratios, parse flags) and the
/// MIMEHeader plugin's per-part header tests.
/// </summary>
public static partial class MimeEvals
{
    public static void Register(Dictionary<string, EvalFunction> functions)
    {
        functions["check_for_mime"] = ForMime;
        functions["check_for_mime_html"] = (context, _) => HtmlTopLevel(context) || Facts(context).HtmlCount > 0;
        functions["check_for_mime_html_only"] = (context, _) =>
            HtmlTopLevel(context) || (Facts(context).HtmlCount > 0 && Facts(context).TextCount == 0);
        functions["check_mime_multipart_ratio"] = MultipartRatio;
        functions["check_qp_ratio"] = (context, args) => args.Count > 0 && Facts(context).QpRatio is { } ratio && ratio >= HeaderEvals.Number(args[0]);
        functions["check_abundant_unicode_ratio"] = AbundantUnicodeRatio;
        functions["check_msg_parse_flags"] = ParseFlags;
        functions["check_ma_non_text"] = (context, _) => MultipartAlternativeNonText(context.Message.Parts);
        functions["check_base64_length"] = Base64Length;
        functions["check_for_uppercase"] = Uppercase;
        AlternativeDifference.Register(functions);
        functions["image_count"] = ImageCount;
        // ok_locales defaults to "all" (and is not configurable here): no charset is far away
        functions["check_for_faraway_charset"] = (_, _) => false;
        functions["check_for_faraway_charset_in_headers"] = (_, _) => false;
        functions["check_for_ascii_text_illegal"] = (context, _) => Facts(context).AsciiTextIllegal > 0;
    }

    /// <summary>
    /// MIMEHeader: a part header test that hits when any part (the message included) matches. The plugin tests
    /// the last header of the name: decoded with a newline appended, or raw (folds kept, "" when absent). A
    /// negated test never hits in 4.0.1 (its match loop stops before recording a hit), and neither does ours.
    /// </summary>
    public static EvalFunction MimeHeaderTest(string spec, RuleRegex regex, bool negated, string? ifUnset)
    {
        int colon = spec.IndexOf(':');
        string name = colon < 0 ? spec : spec[..colon];
        bool raw = colon >= 0 && spec[(colon + 1)..].Equals("raw", StringComparison.OrdinalIgnoreCase);
        if (negated) return (_, _) => false;
        return (context, _) =>
        {
            foreach (var part in context.Message.Parts)
            {
                string? value = raw ? RawHeader(part, name) : part.GetHeader(name) is { } decoded ? decoded + "\n" : null;
                value ??= ifUnset;
                if (value is not null && regex.IsMatch(value, ref context.RegexTimeouts)) return true;
            }
            return false;
        };
    }

    private static string RawHeader(MimePart part, string name)
    {
        for (int i = part.Headers.Count - 1; i >= 0; i--)
            if (part.Headers[i].Name.Equals(name, StringComparison.OrdinalIgnoreCase)) return part.Headers[i].RawValue.TrimStart();
        return "";
    }

    private static bool HtmlTopLevel(RuleContext context) =>
        context.Header("Content-Type") is { } type && type.StartsWith("text/html", StringComparison.OrdinalIgnoreCase);

    internal static MimeFacts Facts(RuleContext context) => context.State(c => MimeFacts.Of(c.Message.Parts));

    private static bool ForMime(RuleContext context, IReadOnlyList<string> args)
    {
        if (args.Count < 1) return false;
        var facts = Facts(context);
        return args[0] switch
        {
            "mime_base64_count" => facts.Base64Count > 0,
            "mime_qp_count" => facts.QpCount > 0,
            "mime_attachment" => facts.AttachmentCount > 0,
            "mime_base64_encoded_text" => facts.Base64EncodedText,
            "mime_bad_iso_charset" => facts.BadIsoCharset,
            "mime_qp_long_line" => facts.QpLongLine,
            "mime_body_html_count" => facts.HtmlCount > 0,
            "mime_body_text_count" => facts.TextCount > 0,
            "mime_multipart_alternative" => facts.MultipartAlternative,
            "mime_ascii_text_illegal" => facts.AsciiTextIllegal > 0,
            "mimepart_limit_exceeded" => (context.Message.LimitFlags & MimeLimitFlags.PartLimitExceeded) != 0,
            // ok_locales defaults to "all": no charset is far away
            _ => false,
        };
    }

    private static bool MultipartRatio(RuleContext context, IReadOnlyList<string> args)
    {
        if (args.Count < 2) return false;
        double ratio = Facts(context).MultipartRatio;
        return ratio >= HeaderEvals.Number(args[0]) && ratio < HeaderEvals.Number(args[1]);
    }

    private static bool AbundantUnicodeRatio(RuleContext context, IReadOnlyList<string> args)
    {
        if (args.Count < 1 || !UnicodeRatioArgument().IsMatch(args[0])) return false;
        return Facts(context).UnicodeRatio is { } ratio && ratio >= HeaderEvals.Number(args[0]);
    }

    /// <summary>Message.pm's parse flags, as far as our reader records them.</summary>
    private static bool ParseFlags(RuleContext context, IReadOnlyList<string> args)
    {
        if (args.Count < 1) return false;
        var flags = context.Message.LimitFlags;
        return args[^1] switch
        {
            "missing_head_body_separator" => (flags & MimeLimitFlags.MissingHeadBodySeparator) != 0,
            "missing_mime_headers" => (flags & MimeLimitFlags.MissingMimeHeaders) != 0,
            "missing_mime_head_body_separator" => (flags & MimeLimitFlags.MissingMimeHeadBodySeparator) != 0,
            "mime_epilogue_exists" => (flags & MimeLimitFlags.MimeEpilogue) != 0,
            "truncated_header" => (flags & MimeLimitFlags.HeaderTruncated) != 0,
            _ => false,
        };
    }

    /// <summary>A multipart/alternative with a direct leaf child that is neither text, related nor RTF.</summary>
    internal static bool MultipartAlternativeNonText(IReadOnlyList<MimePart> parts)
    {
        foreach (var parent in parts)
        {
            if (parent.ContentType != "multipart/alternative") continue;
            foreach (var child in parts)
            {
                if (child.ParentIndex != parent.Index || !child.IsLeaf) continue;
                if (child.ContentType is "multipart/related" or "application/rtf" || child.ContentType.StartsWith("text/", StringComparison.Ordinal)) continue;
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// ImageInfo::image_count(type, min[, max]): base64 image leaves of a type (gif, png, jpeg or all), counted
    /// whether or not the image itself reads.
    /// </summary>
    private static bool ImageCount(RuleContext context, IReadOnlyList<string> args)
    {
        if (args.Count < 2) return false;
        string wanted = args[0];
        int count = 0;
        foreach (var part in context.Message.Parts)
        {
            if (!part.IsLeaf || part.TransferEncoding.TrimEnd('\n') != "base64") continue;
            string? type = part.ContentType switch
            {
                "image/gif" => "gif",
                "image/png" => "png",
                "image/jpeg" or "image/jpg" => "jpeg",
                _ => null,
            };
            if (type is not null && (wanted == "all" || wanted == type)) count++;
        }
        return count >= HeaderEvals.Number(args[1]) && (args.Count < 3 || count <= HeaderEvals.Number(args[2]));
    }

    /// <summary>The longest raw line of any base64 leaf (calendar parts aside), within [min, max].</summary>
    private static bool Base64Length(RuleContext context, IReadOnlyList<string> args)
    {
        if (args.Count < 1) return false;
        int longest = Facts(context).LongestBase64Line;
        if (args.Count > 1 && longest > HeaderEvals.Number(args[1])) return false;
        return longest >= HeaderEvals.Number(args[0]);
    }

    /// <summary>MIMEEval::check_for_uppercase: share of capitals among letters and digits in the body, in (min, max].</summary>
    private static bool Uppercase(RuleContext context, IReadOnlyList<string> args)
    {
        if (args.Count < 2) return false;
        double percent = context.State(UppercaseShare.Of).Percent;
        return percent > HeaderEvals.Number(args[0]) && percent <= HeaderEvals.Number(args[1]);
    }

    private sealed class UppercaseShare
    {
        public double Percent { get; private init; }

        public static UppercaseShare Of(RuleContext context)
        {
            if (CharsetLikelyCaps(context)) return new UppercaseShare();
            long length = 0, lower = 0, upper = 0;
            foreach (var text in context.Message.BodyText)
            {
                if (!SpaceBetweenWords().IsMatch(text) || Base64Lines().IsMatch(text)) continue;
                string line = Iso2022Escape().Replace(text, "");
                length += line.Length;
                foreach (char c in line)
                {
                    if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9')) lower++;
                    else if (c is >= 'A' and <= 'Z') upper++;
                }
            }
            if (length < 200 || upper + lower == 0) return new UppercaseShare();
            return new UppercaseShare { Percent = 100.0 * upper / (upper + lower) };
        }

        private static bool CharsetLikelyCaps(RuleContext context)
        {
            if (context.Header("Content-Type") is { } type && CharsetOf(type) is { } charset && LikelyCaps().IsMatch(charset)) return true;
            return MimeEvals.Facts(context).Charsets.Any(c => LikelyCaps().IsMatch(c));
        }

        private static string? CharsetOf(string contentType)
        {
            var m = CtCharset().Match(contentType);
            return m.Success ? m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Success ? m.Groups[2].Value : m.Groups[3].Value : null;
        }
    }

    [GeneratedRegex(@"^\d{0,3}\.\d{1,3}$")]
    private static partial Regex UnicodeRatioArgument();

    [GeneratedRegex(@"\S\s+\S")]
    private static partial Regex SpaceBetweenWords();

    [GeneratedRegex(@"^(?:[A-Za-z0-9+/=]{60,76} ){2}")]
    private static partial Regex Base64Lines();

    [GeneratedRegex("\x1b\\$B.*\x1b\\(B", RegexOptions.Singleline)]
    private static partial Regex Iso2022Escape();

    [GeneratedRegex(@"^[-_a-z0-9]*(?:koi|jp|jis|euc|gb|big5|isoir|cp1251|windows-1251|georgianps|pt154|tis)[-_a-z0-9]*$", RegexOptions.IgnoreCase)]
    private static partial Regex LikelyCaps();

    [GeneratedRegex(@"charset=""([^""]+)""|charset='([^']+)'|charset=(\S+)", RegexOptions.IgnoreCase)]
    private static partial Regex CtCharset();
}
