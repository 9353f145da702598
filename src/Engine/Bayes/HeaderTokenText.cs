using System.Text;
using System.Text.RegularExpressions;
using Spamd.Engine.Mime;

namespace Spamd.Engine.Bayes;

/// <summary>
/// Builds the per-header text SpamAssassin tokenizes: noisy headers dropped, known headers "pre-chewed"
/// (addresses into U*/D*/N* words, dates and queue ids out of Received, hex out of boundaries), values of one
/// name joined, names shortened ("*F" for From) and some headers also pooled (*MI, *Ad, *UA).
/// </summary>
internal static partial class HeaderTokenText
{
    /// <summary>Metadata SpamAssassin appends to the headers: relay strings from its Received parser.</summary>
    private static readonly string[] RelayMetadata =
        ["X-Spam-Relays-External", "X-Spam-Relays-Internal", "X-Spam-Relays-Trusted", "X-Spam-Relays-Untrusted"];

    /// <param name="relayHeader">The relay metadata: an X-Spam-Relays-* name to its text.</param>
    public static Dictionary<string, StringBuilder> Collect(IMailMessage message, BayesOptions options, Func<string, string?> relayHeader)
    {
        var lines = new List<KeyValuePair<string, string>>();
        var received = new List<string>();
        foreach (var header in message.Headers)
        {
            if (header.Key.Equals("Received", StringComparison.OrdinalIgnoreCase)) { received.Add(header.Value); continue; }
            if (IgnoredHeader().IsMatch(header.Key)) continue;
            lines.Add(header);
        }
        AddMetadata(relayHeader, lines);
        // Only the two oldest hops: later ones are the site's own, identical on all mail.
        if (received.Count >= 1) lines.Add(new("Received", received[^1]));
        if (received.Count >= 2) lines.Add(new("Received", received[^2]));

        var parsed = new Dictionary<string, StringBuilder>(StringComparer.Ordinal);
        foreach (var (name, rawValue) in lines)
        {
            if (options.IgnoredHeaders.Contains(name)) continue;
            string value = Chew(name, rawValue.TrimEnd('\n'));
            if (IsOneOf(name, "In-Reply-To", "References", "Message-ID")) Append(parsed, "*MI", value);
            if (IsOneOf(name, "From", "To", "Cc")) Append(parsed, "*Ad", value);
            if (IsOneOf(name, "X-Mailer", "User-Agent")) Append(parsed, "*UA", value);
            Append(parsed, ShortName(name), value);
        }
        return parsed;
    }

    private static void AddMetadata(Func<string, string?> relayHeader, List<KeyValuePair<string, string>> lines)
    {
        // Learning sees only the relay metadata (lower-case names, sorted); the author and sender domains are
        // added later, during a scan, so they never make tokens a database knows.
        foreach (string name in RelayMetadata)
        {
            string? relays = relayHeader(name);
            lines.Add(new(name.ToLowerInvariant(), relays?.TrimEnd('\n') ?? ""));
        }
    }

    private static string Chew(string name, string value)
    {
        if (MessageIdName().IsMatch(name)) return ChewMessageId(value);
        if (AddressHeaderName().IsMatch(name)) return ChewAddresses(value);
        if (name == "Received") return ChewReceived(value);
        if (name == "Content-Type") return ChewContentType(value);
        if (name == "MIME-Version")
        {
            int v = value.IndexOf("1.0", StringComparison.Ordinal);
            return v < 0 ? value : value.Remove(v, 3);
        }
        if (PresenceOnlyHeader().IsMatch(name)) return "1";
        if (LowerRelayName().IsMatch(name)) return RelayKeys().Replace(value, " ");
        return value;
    }

    private static string ChewMessageId(string value)
    {
        value = OutlookExpressId().Replace(value, " OEA$1 OEB$2 OEC$3 $4 ");
        value = EximId().Replace(value, "", 1);
        value = TimestampId().Replace(value, "");
        return NonWordChar().Replace(value, " ");
    }

    private static string ChewAddresses(string value)
    {
        var words = new List<string>();
        foreach (var address in HeaderAddressParser.Parse(value))
        {
            if (address.Phrase != null)
                foreach (string word in WhitespaceRun().Split(address.Phrase))
                    words.Add("N*" + word);
            if (address.Address != null) AddressTokens.Add(address.Address, words);
        }
        return string.Join(' ', words);
    }

    private static string ChewReceived(string value)
    {
        value = SendmailSmtpId().Replace(value, " ");
        value = SendmailEsmtpId().Replace(value, " ");
        value = QueueId().Replace(value, " ");
        value = EximQueueId().Replace(value, " ");
        value = ReceivedDate().Replace(value, "");
        // The last octet goes (SpamAssassin's private-range exception never matches, so it always goes).
        value = IPv4().Replace(value, "$1$2$3 ip*$1$2$3$4 ");
        return ReceivedNoise().Replace(value, " ");
    }

    private static string ChewContentType(string value)
    {
        string? boundary = null;
        value = QuotedBoundary().Replace(value, m => { boundary = m.Groups[1].Value; return " "; });
        if (boundary != null)
        {
            boundary = HexDigit().Replace(boundary, "H");
            boundary = BoundaryPunctuation().Replace(boundary, " $1 ");
            value += boundary;
        }
        return TextOrCharset().Replace(value, " ");
    }

    private static void Append(Dictionary<string, StringBuilder> parsed, string key, string value)
    {
        if (parsed.TryGetValue(key, out var sb)) sb.Append(' ').Append(value);
        else parsed[key] = new StringBuilder(value);
    }

    private static bool IsOneOf(string name, params string[] names)
    {
        foreach (string n in names) if (name.Equals(n, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    /// <summary>Short prefixes of frequent headers keep the database small; names are case-sensitive here.</summary>
    private static string ShortName(string name) => name switch
    {
        "Message-Id" => "*m",
        "Message-ID" => "*M",
        "Received" => "*r",
        "User-Agent" => "*u",
        "References" => "*f",
        "In-Reply-To" => "*i",
        "From" => "*F",
        "Reply-To" => "*R",
        "Return-Path" => "*p",
        "Return-path" => "*rp",
        "X-Mailer" => "*x",
        "X-Authentication-Warning" => "*a",
        "Organization" or "Organisation" => "*o",
        "Content-Type" => "*ct",
        "Content-Disposition" => "*cd",
        "Content-Transfer-Encoding" => "*ce",
        "x-spam-relays-trusted" => "*RT",
        "x-spam-relays-untrusted" => "*RU",
        _ => name,
    };

    // Headers that are list/transport noise or too unique to help (SpamAssassin's ignore list).
    [GeneratedRegex(@"^(?:(?:X-)?Sender|Delivered-To|Delivery-Date|(?:X-)?Envelope-To|X-MIME-Auto[Cc]onverted" +
        @"|X-Converted-To-Plain-Text|Subject|Date|X-List|(?:X-)?Mailing-List" +
        @"|(?:X-)?List-(?:Archive|Help|Id|Owner|Post|Subscribe|Unsubscribe|Host|Manager|Admin|Comment|Name|Url)" +
        @"|X-Unsub(?:scribe)?|X-Mailman-Version|X-Been[Tt]here|X-Loop|Mail-Followup-To|X-eGroups-(?:Return|From)" +
        @"|X-MDMailing-List|X-XEmacs-List|X-Sympa-To|(?:X-)?Resent-(?:From|To|Date)|(?:X-)?Original-(?:From|To|Date)" +
        @"|X-MailScanner(?:-SpamCheck)?|X-Spam(?:-(?:Status|Level|Flag|Report|Hits|Score|Checker-Version))?" +
        @"|X-Antispam|X-RBL-Warning|X-Mailscanner|X-MDaemon-Deliver-To|X-Virus-Scanned|X-Mass-Check-Id" +
        @"|X-Pyzor|X-DCC-\S{2,25}-Metrics|X-Filtered-B[Yy]|X-Scanned-By|X-Scanner|X-AP-Spam-(?:Score|Status)" +
        @"|X-RIPE-Spam-Status|X-SpamCop-[^:]+|X-SMTPD|(?:X-)?Spam-Apparently-To|SPAM|X-Perlmx-Spam|X-Bogosity" +
        @"|Content-Class|Thread-(?:Index|Topic)|X-Original[Aa]rrival[Tt]ime|(?:X-)?Status|X-Flags|X-Keywords" +
        @"|Replied|Forwarded|Lines|Content-Length|X-UIDL?|X-IMAPbase|X-Bugzilla-[^:]+" +
        @"|X-VM-(?:Bookmark|(?:POP|IMAP)-Retrieved|Labels|Last-Modified|Summary-Format|VHeader|v\d-Data|Message-Order)" +
        @"|X-Gnus-Mail-Source|Xref)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex IgnoredHeader();

    // Signatures and keys: only their presence is worth a token.
    [GeneratedRegex(@"^(?:X-Face|X-(?:Gnu-?PG|PGP|GPG)(?:-Key)?-Fingerprint|D(?:KIM|omainKey)-Signature" +
        @"|X-Google-DKIM-Signature|ARC-(?:Message-Signature|Seal)|Autocrypt)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PresenceOnlyHeader();

    [GeneratedRegex(@"^(?:|X-|Resent-)Message-Id$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MessageIdName();

    [GeneratedRegex(@"^(?:|X-|Resent-)(?:Return-Path|From|To|Cc|Reply-To|Errors-To|Mail-Followup-To|Sender)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AddressHeaderName();

    [GeneratedRegex(@"^x-spam-relays-(?:external|internal|trusted|untrusted)$")]
    private static partial Regex LowerRelayName();

    [GeneratedRegex(@" [a-z]+=")]
    private static partial Regex RelayKeys();

    [GeneratedRegex(@"<([0-9a-f]{4})[0-9a-f]{4}[0-9a-f]{4}\$([0-9a-f]{4})[0-9a-f]{4}\$([0-9a-f]{8})@([^ \t\n\r\f\v]+)>")]
    private static partial Regex OutlookExpressId();

    [GeneratedRegex(@"<[A-Za-z0-9]{7}-[A-Za-z0-9]{6}-0[A-Za-z0-9]@")]
    private static partial Regex EximId();

    [GeneratedRegex(@"<20[0-9][0-9][01][0-9][0123][0-9][012][0-9][012345][0-9][012345][0-9]\.[A-F0-9]{10,12}@")]
    private static partial Regex TimestampId();

    [GeneratedRegex(@"[^_A-Za-z0-9]")]
    private static partial Regex NonWordChar();

    [GeneratedRegex(@"\s+", RegexOptions.ECMAScript)]
    private static partial Regex WhitespaceRun();

    [GeneratedRegex(@"\swith\sSMTP\sid\sg[0-9A-Z]{10,12}\s", RegexOptions.ECMAScript)]
    private static partial Regex SendmailSmtpId();

    [GeneratedRegex(@"\swith\sESMTP\sid\s[0-9A-F]{10,12}\s", RegexOptions.ECMAScript)]
    private static partial Regex SendmailEsmtpId();

    [GeneratedRegex(@"\bid\s[a-zA-Z0-9]{7,20}\b", RegexOptions.ECMAScript)]
    private static partial Regex QueueId();

    [GeneratedRegex(@"\bid\s[A-Za-z0-9]{7}-[A-Za-z0-9]{6}-0[A-Za-z0-9]", RegexOptions.ECMAScript)]
    private static partial Regex EximQueueId();

    [GeneratedRegex(@"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),\s)?[0-3\s]?[0-9]\s(?:Jan|Feb|Ma[ry]|Apr|Ju[nl]|Aug|Sep|Oct|Nov|Dec)\s" +
        @"(?:19|20)?[0-9]{2}\s[0-2][0-9](?::[0-5][0-9]){1,2}\s(?:\s*\(|\)|\s*(?:[+-][0-9]{4})|\s*(?:UT|[A-Z]{2,3}T))*",
        RegexOptions.ECMAScript)]
    private static partial Regex ReceivedDate();

    [GeneratedRegex(@"\b([0-9]{1,3}\.)([0-9]{1,3}\.)([0-9]{1,3})(\.[0-9]{1,3})\b", RegexOptions.ECMAScript)]
    private static partial Regex IPv4();

    [GeneratedRegex(@"\b(?:with|from|for|SMTP|ESMTP)\b", RegexOptions.ECMAScript)]
    private static partial Regex ReceivedNoise();

    [GeneratedRegex(@"boundary=[""']([^\n]*?)[""']", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QuotedBoundary();

    [GeneratedRegex(@"[a-fA-F0-9]")]
    private static partial Regex HexDigit();

    [GeneratedRegex(@"([-_.=]+)")]
    private static partial Regex BoundaryPunctuation();

    [GeneratedRegex(@"\b(?:text|charset)\b", RegexOptions.ECMAScript)]
    private static partial Regex TextOrCharset();
}
