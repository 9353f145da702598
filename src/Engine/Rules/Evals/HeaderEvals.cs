using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Spamd.Engine.Rules.Evals;

/// <summary>The HeaderEval plugin's functions that fire on ordinary mail (missing headers, dates, counts, subjects).</summary>
public static partial class HeaderEvals
{
    public static void Register(Dictionary<string, EvalFunction> functions)
    {
        functions["check_for_missing_to_header"] = MissingTo;
        functions["check_header_count_range"] = HeaderCountRange;
        functions["check_illegal_chars"] = IllegalChars;
        functions["check_for_shifted_date"] = ShiftedDate;
        functions["check_for_to_in_subject"] = ToInSubject;
        functions["subject_is_all_caps"] = SubjectIsAllCaps;
        functions["check_equal_from_domains"] = EqualFromDomains;
        functions["check_for_matching_env_and_hdr_from"] = (c, _) =>
            string.Equals((c.Header("EnvelopeFrom:addr") ?? "").Trim(), (c.Header("From:addr") ?? "").Trim(), StringComparison.OrdinalIgnoreCase);
        functions["check_unresolved_template"] = UnresolvedTemplate;
        functions["check_ratware_name_id"] = RatwareNameId;
        functions["gated_through_received_hdr_remover"] = GatedThroughReceivedRemover;
        functions["check_outlook_message_id"] = OutlookMessageId;
    }

    private static string Get(RuleContext context, string spec) => context.Header(spec) ?? "";

    private static bool MissingTo(RuleContext context, IReadOnlyList<string> _)
    {
        string to = Get(context, "To");
        if (to.Length == 0) to = Get(context, "Apparently-To");
        return to.Length == 0;
    }

    private static bool HeaderCountRange(RuleContext context, IReadOnlyList<string> args)
    {
        if (args.Count < 3) return false;
        int count = context.Message.Headers
            .Where(h => h.Key.Equals(args[0], StringComparison.OrdinalIgnoreCase))
            .Select(h => h.Value).Distinct(StringComparer.Ordinal).Count();
        return count >= Number(args[1]) && count <= Number(args[2]);
    }

    private static bool IllegalChars(RuleContext context, IReadOnlyList<string> args)
    {
        if (args.Count < 3) return false;
        string header = args[0].EndsWith(":raw", StringComparison.Ordinal) ? args[0] : args[0] + ":raw";
        string? text = context.Header(header);
        if (text is null || !text.Any(c => !char.IsWhiteSpace(c))) return false;
        bool hasHighBytes = text.Any(c => c > 0x7F);
        bool hasControls = text.Any(c => c is (>= '\x00' and <= '\x08') or '\x0B' or '\x0C' or (>= '\x0E' and <= '\x1F'));
        if (hasHighBytes && IsValidUtf8(text) && !hasControls) return false;
        int illegal = text.Count(c => c is (>= '\x00' and <= '\x08') or '\x0B' or '\x0C' or (>= '\x0E' and <= '\x1F') or (>= '\x7F' and <= '\xFF'));
        if (illegal > 0 && header.Equals("subject:raw", StringComparison.OrdinalIgnoreCase) &&
            text.Count(c => c is '\xA2' or '\xA3' or '\xAE') == 1)
            illegal--;
        return (double)illegal / text.Length >= Number(args[1]) && illegal >= Number(args[2]);
    }

    private static bool IsValidUtf8(string latin1)
    {
        var bytes = new byte[latin1.Length];
        for (int i = 0; i < latin1.Length; i++)
        {
            if (latin1[i] > 0xFF) return false;
            bytes[i] = (byte)latin1[i];
        }
        return Utf8Validator.IsValid(bytes);
    }

    private static class Utf8Validator
    {
        private static readonly UTF8Encoding Strict = new(false, throwOnInvalidBytes: true);

        public static bool IsValid(byte[] bytes)
        {
            try
            {
                Strict.GetCharCount(bytes);
                return true;
            }
            catch (DecoderFallbackException)
            {
                return false;
            }
        }
    }

    /// <summary>Date header vs. the Received dates: the smallest absolute difference, in seconds.</summary>
    private sealed class DateDifference
    {
        public long Seconds;
    }

    private static bool ShiftedDate(RuleContext context, IReadOnlyList<string> args)
    {
        if (args.Count < 2) return false;
        long diff = context.State(ComputeDateDifference).Seconds;
        return (args[0] == "undef" || diff >= 3600 * Number(args[0])) &&
               (args[1] == "undef" || diff < 3600 * Number(args[1]));
    }

    [GeneratedRegex(@"(\s.?\d+ \S\S\S \d+ \d+:\d+:\d+ \S+)")]
    private static partial Regex ReceivedDate();

    [GeneratedRegex(@"\bfrom (?:localhost\s|(?:\S+ ){1,2}\S*\b127\.0\.0\.1\b)|qmail \d+ invoked by uid \d+")]
    private static partial Regex LocalReceived();

    [GeneratedRegex(@"\bby localhost with \w+ \(fetchmail-[\d.]+")]
    private static partial Regex FetchmailReceived();

    private static DateDifference ComputeDateDifference(RuleContext context)
    {
        var result = new DateDifference();
        long? dateTime = null;
        foreach (var name in new[] { "Resent-Date", "Date" })
        {
            foreach (var header in context.Message.Headers.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)))
            {
                if (header.Value.Length > 0) dateTime = MailDate.Parse(header.Value.TrimEnd('\n'));
                if (dateTime is not null) break;
            }
            if (dateTime is not null) break;
        }
        if (dateTime is null) return result;

        var received = Get(context, "Received").Split('\n').Where(l => l.Any(c => !char.IsWhiteSpace(c))).ToList();
        if (received.Count == 0) return result;
        // A fetchmail hop (after an optional local hop) says when mail was fetched, not when it was sent.
        int local = LocalReceived().IsMatch(received[0]) ? 1 : 0;
        if (received.Count > local && FetchmailReceived().IsMatch(received[local])) received.RemoveRange(0, local + 1);

        var times = new List<long>();
        foreach (var line in received)
        {
            var match = ReceivedDate().Match(line);
            if (match.Success && MailDate.Parse(match.Groups[1].Value) is { } time) times.Add(time);
        }
        if (times.Count == 0) return result;
        var diffs = times.Select(t => dateTime.Value - t).ToList();
        if (diffs.Count > 1 && diffs[^1] == 0) diffs.RemoveAt(diffs.Count - 1);
        result.Seconds = diffs.OrderBy(Math.Abs).First();
        return result;
    }

    private static bool ToInSubject(RuleContext context, IReadOnlyList<string> args)
    {
        string to = Get(context, "To:addr").Split('\n')[0];
        if (to.Length == 0 || args.Count == 0) return false;
        string subject = Get(context, "Subject");
        string quoted = Regex.Escape(to);
        if (args[0] == "address")
            return Regex.IsMatch(subject, @"(?<![A-Za-z0-9_])" + quoted + @"(?![A-Za-z0-9_])", RegexOptions.IgnoreCase);
        if (args[0] != "user") return false;
        string user = Regex.Escape(Regex.Replace(to, "@.*", "", RegexOptions.Singleline));
        return Regex.IsMatch(subject,
            @"^(?:(?:re|fw):\s*(?:[A-Za-z0-9_]+\s+)?" + user + @"$|(?-i:" + user + @")\s*[,:;!?-](?:$|\s)|" + user + "$|,\\s*" + user + "[,:;!?-]$)",
            RegexOptions.IgnoreCase);
    }

    [GeneratedRegex(@"^(?:(?:Re|Fwd|Fw|Aw|Antwort|WG|SV|VB|VS|VL):\s*)+", RegexOptions.IgnoreCase)]
    private static partial Regex ReplyPrefixes();

    [GeneratedRegex(@"=\?(?:ISO-2022-JP|BIG5|GB2312|GBK|EUC-JP|EUC-KR|KOI8-R|WINDOWS-1251|SHIFT_JIS|UTF-8|KS_C_5601-1987|ISO-8859-5|UTF-16|WINDOWS-1256|ISO-2022-KR|UTF-7)\?", RegexOptions.IgnoreCase)]
    private static partial Regex CharsetsLikelyCaps();

    private static bool SubjectIsAllCaps(RuleContext context, IReadOnlyList<string> _)
    {
        string subject = ReplyPrefixes().Replace(Get(context, "Subject").Trim(), "");
        if (!subject.Any(char.IsWhiteSpace) || subject.Length < 10) return false;
        string letters = new(subject.Where(char.IsAsciiLetter).ToArray());
        if (CharsetsLikelyCaps().IsMatch(Get(context, "Subject:raw"))) return false;
        return letters.Length > 0 && letters == letters.ToUpperInvariant();
    }

    private static bool EqualFromDomains(RuleContext context, IReadOnlyList<string> _)
    {
        static string SecondLevel(string address)
        {
            var match = Regex.Match(address, "@([^@]*)$");
            if (!match.Success) return "";
            return Regex.Replace(match.Groups[1].Value, @"^.+\.([^.]+\.[^.]+)$", "$1");
        }
        string from = SecondLevel(Get(context, "From:addr").Trim());
        if (from.Length == 0) return false;
        string envelope = SecondLevel(Get(context, "EnvelopeFrom:addr").Trim());
        if (envelope.Length == 0) return false;
        return !from.Equals(envelope, StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex("%[A-Z][A-Z_-]")]
    private static partial Regex TemplateTag();

    [GeneratedRegex("<[A-Z]{28}\\.([^>]+?)>")]
    private static partial Regex RatwareId();

    [GeneratedRegex(@"^<[0-9a-f]{4}([0-9a-f]{8})\$[0-9a-f]{8}\$[0-9a-f]{8}@")]
    private static partial Regex OutlookId();

    [GeneratedRegex(@"(\s.?\d+ \S\S\S \d+ \d+:\d+:\d+ \S+).*?$", RegexOptions.Multiline)]
    private static partial Regex OutlookReceivedDate();

    [GeneratedRegex(@"^(?:X-VMS-To|X-UIDL|X-Face|To|Cc|From|Subject|References|In-Reply-To|(?:X-|Resent-|X-Original-)?Message-Id):", RegexOptions.IgnoreCase)]
    private static partial Regex TemplateExempt();

    private static bool UnresolvedTemplate(RuleContext context, IReadOnlyList<string> _) =>
        Get(context, "ALL").Split('\n').Any(line => TemplateTag().IsMatch(line) && !TemplateExempt().IsMatch(line));

    private static bool RatwareNameId(RuleContext context, IReadOnlyList<string> _)
    {
        var id = RatwareId().Match(Get(context, "MESSAGEID"));
        return id.Success && Regex.IsMatch(Get(context, "From"), "\"[^\"]+\"\\s*<" + Regex.Escape(id.Groups[1].Value) + ">");
    }

    internal static bool GatedThroughReceivedRemover(RuleContext context, IReadOnlyList<string> _)
    {
        string? list = context.Header("Mailing-List");
        if (list is not null && Regex.IsMatch(list, @"^contact \S+@\S+; run by ezmlm$", RegexOptions.Multiline) &&
            Regex.IsMatch(Get(context, "Delivered-To"), @"^mailing list \S+@\S+", RegexOptions.Multiline) &&
            Regex.IsMatch(Get(context, "Received"), @"qmail \d+ invoked (?:from network|by .{3,20})\); \d+ ... \d+"))
            return true;
        string? received = context.Header("Received");
        if (received is null) return true;
        return Regex.IsMatch(received, @"from groups\.msn\.com \(\S+\.msn\.com ");
    }

    private static bool OutlookMessageId(RuleContext context, IReadOnlyList<string> _)
    {
        var id = OutlookId().Match(Get(context, "MESSAGEID"));
        if (!id.Success) return false;
        long token = long.Parse(id.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        const double x = 0.0023283064365387, y = 27111902.8329849;
        const int fudge = 250;
        long date = MailDate.Parse(Get(context, "Date")) ?? 0;
        if (Math.Abs(token - (long)(date * x + y)) < fudge) return false;
        var received = OutlookReceivedDate().Match(Get(context, "Received"));
        long receivedTime = received.Success ? MailDate.Parse(received.Groups[1].Value) ?? 0 : 0;
        return Math.Abs(token - (long)(receivedTime * x + y)) >= fudge;
    }

    internal static double Number(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value : 0;
}
