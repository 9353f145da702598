using System.Text.RegularExpressions;

namespace Spamd.Engine.Relays;

/// <summary>What one Received line turned out to be.</summary>
public enum ReceivedKind
{
    /// <summary>A network handover with at least an IP and a "by" host.</summary>
    Relay,
    /// <summary>Recognised but carries no handover (local submission, qmail logs, webmail without IP ...).</summary>
    Skipped,
    /// <summary>A mail fetcher (POP3/IMAP) marker: relays before it describe another delivery.</summary>
    FetcherMarker,
    /// <summary>No known format.</summary>
    Unparseable,
}

/// <summary>
/// Parses one unfolded Received header into a <see cref="Relay"/> the way SpamAssassin 4.0.1's metadata parser
/// does: an ordered cascade of MTA formats (Postfix, sendmail, qmail, Exim, Microsoft, Courier, CommuniGate ...)
/// where the first format that fits decides. The order matters, so it follows SpamAssassin's.
/// </summary>
public static partial class ReceivedLineParser
{
    public static (ReceivedKind Kind, Relay? Relay, string? QmailScannerEnvFrom) Parse(string header)
    {
        var text = Whitespace().Replace(header, " ").Trim(' ');
        while (text.EndsWith(';')) text = text[..^1].TrimEnd(' ', '\t');

        var f = new Fields();
        Outcome kind;
        // A hostile header that takes a format pattern past its time bound is one we cannot parse, as
        // SpamAssassin would give up on it: the scan goes on without that relay. One more try first: a compiled
        // pattern's first use of a code path includes its JIT, which counts against the bound on a busy machine.
        string original = text;
        try { kind = Recognise(ref text, f); }
        catch (RegexMatchTimeoutException)
        {
            text = original;
            f = new Fields();
            try { kind = Recognise(ref text, f); }
            catch (RegexMatchTimeoutException) { return (ReceivedKind.Unparseable, null, null); }
        }
        if (kind == Outcome.Skip) return (ReceivedKind.Skipped, null, f.QmailScannerEnvFrom);
        if (kind == Outcome.Fetcher) return (ReceivedKind.FetcherMarker, null, null);
        if (kind == Outcome.None) return (ReceivedKind.Unparseable, null, null);
        return (ReceivedKind.Relay, f.ToRelay(), null);
    }

    private enum Outcome { Enough, Skip, Fetcher, None }

    private sealed class Fields
    {
        public string Ip = "", Helo = "", Rdns = "", By = "", Id = "", Ident = "", Auth = "";
        public string? EnvFrom;
        public bool LookedUpDns;
        public string? QmailScannerEnvFrom;

        public Relay ToRelay()
        {
            var rdns = Rdns.TrimEnd('.');
            if (rdns.Equals("unknown", StringComparison.OrdinalIgnoreCase) || rdns.StartsWith('[')) rdns = "";
            var ip = Ip;
            if (ip.StartsWith("ipv6:", StringComparison.OrdinalIgnoreCase)) ip = ip[5..];
            if (ip.StartsWith('[')) ip = ip[1..];
            if (ip.EndsWith(']')) ip = ip[..^1];
            ip = ZoneId().Replace(ip, "");
            ip = MappedV4().Replace(ip, "$1");
            var by = By.EndsWith(';') ? By[..^1] : By;
            string? envFrom = EnvFrom is null ? null : Strip(EnvelopeTrim().Replace(EnvFrom, ""));
            return new Relay
            {
                Ip = Strip(ip), Rdns = Strip(rdns), Helo = Strip(Helo), By = Strip(by), Ident = Strip(Ident),
                EnvFrom = envFrom, Id = Id, Auth = Auth,
                NoReverseDns = rdns.Length == 0 && LookedUpDns,
                IsPrivate = ReceivedPatterns.IsPrivate(ip),
            };
        }
    }

    // Characters that cannot be in these fields become '!' (so an "[1.2.3.4]" HELO reads "!1.2.3.4!").
    private static string Strip(string value) => InvalidChars().Replace(value, "!");

    internal static string CleanEnvelope(string? value) => value is null ? "" : Strip(EnvelopeTrim().Replace(value, ""));

    private static Match M(string text, string pattern) => ReceivedPatterns.Get(pattern).Match(text);
    private static bool Has(string text, string pattern) => ReceivedPatterns.Get(pattern).IsMatch(text);

    private static Outcome Recognise(ref string s, Fields f)
    {
        Match m;
        if (!Has(s, "^(?i:\\(?from )")) return Outcome.Skip;
        if (Has(s, "\\bwith local for\\b")) return Outcome.Skip;
        if ((m = M(s, "^(?i:from) (\\S+) (?i:by) [^\\s;]+ ?;")).Success && !Has(m.Groups[1].Value, "^\\[[\\d.]+\\]$")) return Outcome.Skip;

        s = TrailingDate().Replace(s, "");
        s = s.Replace(")by ", ") by ");

        if ((m = M(s, " id <?([^\\s<>;]{3,})")).Success) f.Id = m.Groups[1].Value;
        const string heloChars = "[-A-Za-z0-9.^+_&:=?!@%*$\\\\/]";
        if ((m = M(s, "\\bhelo=(" + heloChars + "+)(?:[^-A-Za-z0-9.^+_&:=?!@%*$\\\\/]|$)")).Success) f.Helo = m.Groups[1].Value;
        else if ((m = M(s, "\\b(?:HELO|EHLO) (" + heloChars + "+)(?:[^-A-Za-z0-9.^+_&:=?!@%*$\\\\/]|$)")).Success) f.Helo = m.Groups[1].Value;
        if ((m = M(s, " by (\\S+)(?:[^-A-Za-z0-9;.]|$)")).Success) f.By = m.Groups[1].Value;

        f.Auth = Authentication(s);

        if (s.StartsWith("from ", StringComparison.Ordinal))
        {
            s = s[5..];
            var outcome = FromFormats(s, f);
            if (outcome is { } decided) return decided;
            if (f.Helo.Length == 0 && (m = M(s, "^(\\S+)[^-A-Za-z0-9.]")).Success) f.Helo = m.Groups[1].Value;
        }
        else if (s.StartsWith("FROM ", StringComparison.Ordinal))
        {
            s = s[5..];
            // simta / Rockliffe: FROM helo (rdns [ip]) BY host ID id
            if ((m = M(s, "^(\\S+) \\((\\S+) \\[({IP})\\]\\) BY (\\S+) (?:\\([^)]+\\) WITH SMTP )?ID <?(\\S+?)>?(?: FOR <[^>]+>)?$")).Success)
            {
                f.LookedUpDns = true;
                Set(f, m, helo: 1, rdns: 2, ip: 3, by: 4);
                f.Id = m.Groups[5].Value;
                if (f.Rdns == "unverified") f.Rdns = "";
                return Outcome.Enough;
            }
        }
        else if (s.StartsWith("(from ", StringComparison.OrdinalIgnoreCase))
        {
            s = s[6..];
            if ((m = M(s, "^(\\S*) \\[({IP})\\]\\) by (\\S+) \\(NAVGW .*?\\) with ")).Success) { Set(f, m, helo: 1, ip: 2, by: 3); return Outcome.Enough; }
            if (Has(s, "^\\S+@localhost\\) by \\S+ ")) return Outcome.Skip;
            if (Has(s, "^[^\\s@]+@[^)]+\\) by \\S+\\(jqueuemail\\) id [^\\s;]+")) return Outcome.Skip;
        }

        if (f.Ip.Length == 0 && (m = M(s, "\\[({IP})\\]")).Success) f.Ip = m.Groups[1].Value;
        return f.Ip.Length > 0 && f.By.Length > 0 ? Outcome.Enough : Outcome.None;
    }

    private static string Authentication(string s)
    {
        Match m;
        if (Has(s, " by ") && (m = M(s, "(?i: with ((?:ES|L|UTF8S|UTF8L)MTPS?A|ASMTP|HTTP[SU]?)(?: |;|$))")).Success) return m.Groups[1].Value;
        if (Has(s, " by mx\\.google\\.com with ESMTPS id [a-z0-9]{1,4}sm[0-9]{2,9}[a-z]{3}\\.[0-9]{1,3}\\.[0-9]{4}\\.(?:[0-6][0-9]\\.){4}[0-6][0-9]")
            && (m = M(s, "\\(version=([^ ]+) cipher=([^)]+)\\)")).Success)
            return "GMail - transport=" + m.Groups[1].Value + " cipher=" + m.Groups[2].Value;
        if ((m = M(s, "^from .*?(?:\\]\\)|\\)\\]) \\(AUTH: (LOGIN|PLAIN|DIGEST-MD5|CRAM-MD5) \\S+(?:, .*?)?\\) by ")).Success) return m.Groups[1].Value;
        if (s.Contains("authenticated", StringComparison.Ordinal) && Has(s, "^from .*?(?:\\](?: \\([^)]*\\))?\\)|\\)\\]) .*?\\(.*?authenticated.*?\\).*? by")) return "Sendmail";
        if ((m = M(s, "from \\S* \\((?:HELO|EHLO) (\\S*)\\) \\[({IP})\\] by (mail\\.gmx\\.(?:net|com)) \\([^)]+\\) with ((?:ESMTP|SMTP))")).Success)
            return $"GMX ({m.Groups[4].Value} / {m.Groups[3].Value})";
        if (s.Contains(" (authenticated as ", StringComparison.Ordinal) && Has(s, "\\) by .+ \\(\\d{1,2}\\.\\d\\.\\d{3}(?:\\.\\d{1,3})?\\) \\(authenticated as .+\\) id ")) return "CriticalPath";
        if ((m = M(s, "\\) \\(Authenticated sender: \\S+\\) by \\S+ \\(([^)]+)\\) with ")).Success)
            return m.Groups[1].Value == "Postfix" ? "Postfix" : $"Postfix ({m.Groups[1].Value})";
        if (Has(s, "CommuniGate Pro (HTTP|SMTP|XIMSS|IMAP)") && s.Contains(" (account ", StringComparison.Ordinal)) return "Communigate";
        if (Has(s, " with Microsoft Exchange Server HTTP-DAV\\b")) return "HTTP-DAV";
        if (Has(s, " by ") && (m = M(s, "(?i: \\(via (HTTP.?)\\)(?: |;|$))")).Success) return m.Groups[1].Value;
        return "";
    }

    private static void Set(Fields f, Match m, int helo = 0, int rdns = 0, int ip = 0, int by = 0, int ident = 0)
    {
        if (helo > 0) f.Helo = m.Groups[helo].Value;
        if (rdns > 0) f.Rdns = m.Groups[rdns].Value;
        if (ip > 0) f.Ip = m.Groups[ip].Value;
        if (by > 0) f.By = m.Groups[by].Value;
        if (ident > 0) f.Ident = m.Groups[ident].Value;
    }

    [GeneratedRegex("\\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex("[\\s;]+(?:(?:Mon|T(?:ue|hu)|Wed|Fri|S(?:at|un)), )?\\d+ (?:J(?:an|u[nl])|Feb|Ma[ry]|A(?:pr|ug)|Sep|Oct|Nov|Dec) \\d+ \\d+:\\d+(?::\\d+)? \\S+$")]
    private static partial Regex TrailingDate();

    [GeneratedRegex("[\\s\\0#\\[\\]()<>|]")]
    private static partial Regex InvalidChars();

    [GeneratedRegex("^\\s*<*|>*\\s*$")]
    private static partial Regex EnvelopeTrim();

    [GeneratedRegex("%[A-Z0-9._~-]*$", RegexOptions.IgnoreCase)]
    private static partial Regex ZoneId();

    [GeneratedRegex("^0*:0*:(?:0*:)*ffff:(\\d+\\.\\d+\\.\\d+\\.\\d+)$", RegexOptions.IgnoreCase)]
    private static partial Regex MappedV4();
}
