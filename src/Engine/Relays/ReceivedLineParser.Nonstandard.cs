using System.Text.RegularExpressions;

namespace Spamd.Engine.Relays;

public static partial class ReceivedLineParser
{
    // Formats identified by their shape, then handovers known to carry nothing useful.
    private static Outcome? Nonstandard(string s, Fields f)
    {
        Match m;
        Outcome Take(Match match, int helo = 0, int rdns = 0, int ip = 0, int by = 0, int ident = 0, bool lookedUp = false)
        {
            if (lookedUp) f.LookedUpDns = true;
            Set(f, match, helo, rdns, ip, by, ident);
            return Outcome.Enough;
        }

        if ((m = M(s, "^(\\S+) \\((\\S+) \\[({IP})\\]\\) by (\\S+) with \\S+ \\(")).Success) return Take(m, rdns: 2, ip: 3, helo: 1, by: 4, lookedUp: true);
        if ((m = M(s, "^(\\S+) \\(\\[({IP})\\] helo=(\\S+)\\) by (\\S+) with ")).Success) return Take(m, rdns: 1, ip: 2, helo: 3, by: 4);
        if ((m = M(s, "^(\\S+) \\(<unknown\\S*>\\[({IP})\\]\\) by (\\S+) ")).Success) return Take(m, helo: 1, ip: 2, by: 3);
        if ((m = M(s, "^(\\S+) \\((\\S+\\.\\S+)\\[({IP})\\]\\) by (\\S+) ")).Success) return Take(m, helo: 1, rdns: 2, ip: 3, by: 4, lookedUp: true);
        if ((m = M(s, "^(\\S+) \\((\\S*)@\\[({IP})\\].*\\) by (\\S+) \\(")).Success) return Take(m, helo: 1, ip: 3, by: 4, ident: 2, lookedUp: true);
        if ((m = M(s, "by (\\S+\\.hotmail\\.msn\\.com) ")).Success)
        {
            f.By = m.Groups[1].Value;
            if ((m = M(s, "^({IP}) ")).Success) f.Ip = m.Groups[1].Value;
            return Outcome.Enough;
        }
        if ((m = M(s, "^(\\S+) \\((?:HELO|EHLO) (\\S*)\\) \\(({IP})\\) by (\\S+) \\(qpsmtpd/\\S+\\) with (?:ESMTP|SMTP)")).Success) return Take(m, rdns: 1, helo: 2, ip: 3, by: 4);
        if ((m = M(s, "^(\\S+) \\(LHLO (\\S*)\\) \\(({IP})\\) by (\\S+) with LMTP")).Success) return Take(m, rdns: 1, helo: 2, ip: 3, by: 4);
        if ((m = M(s, "^(\\S+) \\((?:HELO|EHLO) (\\S*)\\) \\[({IP})\\] by (\\S+) \\([^)]+\\) with (?:ESMTP|SMTP)")).Success) return Take(m, rdns: 1, helo: 2, ip: 3, by: 4);
        if ((m = M(s, "^(\\S+) \\(\\[({IP})\\]\\) by (\\S+) via smtpd \\(for \\S+\\) with SMTP\\(")).Success) return Take(m, helo: 1, ip: 2, by: 3);

        // qmail and its many patches; " id " after the protocol means sendmail, not qmail
        if (Has(s, "^\\S+( \\((?:HELO|EHLO) \\S*\\))? \\((\\S+@)?\\[?{IP}\\]?\\)( \\(envelope-sender <\\S+>\\))? by \\S+( \\(.+\\))* with (.* )?(SMTP|QMQP)(?! id )"))
        {
            if ((m = M(s, "^(\\S+) \\((?:HELO|EHLO) ([^ ()]*)\\) \\((\\S*)@\\[?({IP})\\]?\\)( \\(envelope-sender <\\S+>\\))? by (\\S+)")).Success) Set(f, m, rdns: 1, helo: 2, ident: 3, ip: 4, by: 6);
            else if ((m = M(s, "^(\\S+) \\((?:HELO|EHLO) ([^ ()]*)\\) \\(\\[?({IP})\\]?\\)( \\(envelope-sender <\\S+>\\))? by (\\S+)")).Success) Set(f, m, rdns: 1, helo: 2, ip: 3, by: 5);
            else if ((m = M(s, "^(\\S+) \\((\\S*)@\\[?({IP})\\]?\\)( \\(envelope-sender <\\S+>\\))? by (\\S+)")).Success) Set(f, m, helo: 1, rdns: 1, ident: 2, ip: 3, by: 5);
            else if ((m = M(s, "^(\\S+) \\(\\[?({IP})\\]?\\)( \\(envelope-sender <\\S+>\\))? by (\\S+)")).Success) Set(f, m, helo: 1, rdns: 1, ip: 2, by: 4);
            if (f.Rdns != "unknown") f.LookedUpDns = true;
            else f.Rdns = "";
            return Outcome.Enough;
        }

        if (s.EndsWith(" via HTTP", StringComparison.Ordinal) && (m = M(s, "^\\[({IP})\\] by (\\S+) via HTTP$")).Success) return Take(m, ip: 1, by: 2);
        if ((m = M(s, "^(\\S+) \\( \\[({IP})\\]\\).*? by (\\S+) ")).Success) return Take(m, ip: 2, by: 3);
        if ((m = M(s, "^\\((\\S+) \\[({IP})\\]\\) by (\\S+) ")).Success) return Take(m, helo: 1, ip: 2, by: 3);
        if ((m = M(s, "^\\[({IP})\\] by (\\S+) ")).Success) return Take(m, ip: 1, by: 2);
        if ((m = M(s, "^\\(\\[?({IP})\\]?\\) by (\\S+) ")).Success) return Take(m, ip: 1, by: 2);
        if ((m = M(s, "^(\\S+) \\[({IP})\\] by (\\S+) \\[{IP}\\] with ")).Success) return Take(m, helo: 1, ip: 2, by: 3, lookedUp: true);
        if ((m = M(s, "^(\\S+) \\[\\(({IP})\\)\\] by (\\S+) \\({IP}\\) ")).Success) return Take(m, helo: 1, ip: 2, by: 3);
        if ((m = M(s, "^(\\S+) \\(\\[({IP})\\]\\) by (\\S+) \\(")).Success) return Take(m, helo: 1, ip: 2, by: 3, lookedUp: true);
        if ((m = M(s, "^(\\S+) \\((\\S+) \\[({IP})\\]\\).*? by (\\S+)\\b")).Success)
        {
            // couriertcpd writes "softdnserr" when the lookup failed: no rDNS verdict then
            if (m.Groups[2].Value != "softdnserr") { f.LookedUpDns = true; f.Rdns = m.Groups[2].Value; }
            return Take(m, helo: 1, ip: 3, by: 4);
        }
        if ((m = M(s, "^(\\S+) \\(\\[({IP})(?:[.:]\\d+)?\\]\\).*? by (\\S+) ")).Success) return Take(m, helo: 1, ip: 2, by: 3, lookedUp: true);
        if ((m = M(s, "^(\\S+) \\((\\S+) \\[({IP})\\]\\)(?: \\(authenticated bits=\\d+\\))? by (\\S+) \\(")).Success) return Take(m, helo: 1, rdns: 2, ip: 3, by: 4, lookedUp: true);

        if (Has(s, "with (?:POP3|IMAP)")) return Outcome.Fetcher;

        if ((m = M(s, "^(\\S+) \\((?:HELO|EHLO) ([^)]*)\\) \\((\\S*@)?\\[?({IP})\\]?\\).* by (\\S+) ")).Success)
        {
            Take(m, rdns: 1, helo: 2, ip: 4, by: 5, lookedUp: true);
            f.Ident = m.Groups[3].Value.TrimEnd('@');
            return Outcome.Enough;
        }
        if ((m = M(s, "^(\\S+) \\((\\S*@)?\\[?({IP})\\]?\\).* by (\\S+) ")).Success)
        {
            Take(m, rdns: 1, helo: 1, ip: 3, by: 4, lookedUp: true);
            f.Ident = m.Groups[2].Value.TrimEnd('@');
            return Outcome.Enough;
        }
        if (s.Contains(" with http for ", StringComparison.Ordinal) && (m = M(s, "^\\[({IP})\\] by (\\S+) with http for ")).Success) return Take(m, ip: 1, by: 2);
        if (s.Contains(" via smap ", StringComparison.Ordinal) && (m = M(s, "^(\\S+)\\(({IP})\\) by (\\S+) via smap ")).Success) return Take(m, rdns: 1, ip: 2, by: 3, lookedUp: true);
        if ((m = M(s, "^(\\S+)\\(({IP}), (?:HELO|EHLO) (\\S*)\\) by (\\S+) via smap ")).Success) return Take(m, rdns: 1, ip: 2, helo: 3, by: 4, lookedUp: true);
        if (s.Contains(" (Post", StringComparison.Ordinal) && (m = M(s, "^\\[({IP})\\] by (\\S+) \\(Post")).Success) return Take(m, ip: 1, by: 2);
        if (s.Contains(" (ArGoSoft", StringComparison.Ordinal) && (m = M(s, "^\\[({IP})\\] by (\\S+) \\(ArGoSoft")).Success) return Take(m, ip: 1, by: 2);
        if ((m = M(s, "^({IP}) by (\\S+) \\((?:SMTPL|InterScan)\\b")).Success) return Take(m, ip: 1, by: 2);
        if (s.Contains(" with BSMTP", StringComparison.Ordinal) && Has(s, "^\\S+ by \\S+ with BSMTP")) return Outcome.Skip;
        if ((m = M(s, "^(\\S+) \\((\\S+) \\[({IP})\\]\\) by (\\S+) with ")).Success) return Take(m, helo: 1, rdns: 2, ip: 3, by: 4, lookedUp: true);
        if ((m = M(s, "^(\\S+) \\((?:HELO|EHLO) (\\S*)\\) \\((?:(\\S+)@)?({IP}).*?\\) by (\\S+) with ")).Success) return Take(m, rdns: 1, helo: 2, ip: 4, by: 5, ident: 3, lookedUp: true);
        if ((m = M(s, "^\\[({IP})\\] \\((?:account \\S+ )?(?:HELO|EHLO) (\\S*)\\) by (\\S+) \\(")).Success) return Take(m, ip: 1, helo: 2, by: 3);
        if (s.Contains(" (CommuniGate Pro", StringComparison.Ordinal) && (m = M(s, "^(\\S+) \\(\\[({IP})\\] verified\\) by (\\S+) \\(")).Success) return Take(m, rdns: 1, helo: 1, ip: 2, by: 3, lookedUp: true);
        if ((m = M(s, "^\\(\\[({IP})\\]\\) by (\\S+) with ")).Success) return Take(m, ip: 1, by: 2);
        if ((m = M(s, "^([^\\d]\\S+) \\(({IP})\\) by (\\S+) ")).Success) return Take(m, helo: 1, ip: 2, by: 3);
        if (Has(s, "^\\S+ \\(\\S+\\) by \\S+ \\(Content Technologies ")) return Outcome.Skip;
        if ((m = M(s, "^(\\S+) \\(\\[({IP})\\] \\[(\\S+)\\]\\) by (\\S+) with ")).Success) return Take(m, helo: 1, ip: 2, by: 4);
        if ((m = M(s, "^({IP}) by (\\S+) with ")).Success) return Take(m, ip: 1, by: 2);
        if ((m = M(s, "^(\\S+) \\((\\S+)\\[({IP})\\]\\) by (\\S+) ")).Success) return Take(m, helo: 1, rdns: 2, ip: 3, by: 4, lookedUp: true);
        if ((m = M(s, "^\\[({IP})\\]\\S+ \\((?:HELO|EHLO) (\\S*)\\) by (\\S+) ")).Success) return Take(m, ip: 1, helo: 2, by: 3);
        if ((m = M(s, "^({IP}) \\((?:HELO|EHLO) (\\S*)\\) by (\\S+) ")).Success) return Take(m, ip: 1, helo: 2, by: 3);
        if ((m = M(s, "^(\\S+) \\[({IP})\\] by (\\S+) ")).Success) return Take(m, helo: 1, ip: 2, by: 3);
        if ((m = M(s, "^(\\S+)\\(({IP})\\) by (\\S+) ")).Success) return Take(m, rdns: 1, ip: 2, by: 3);
        if ((m = M(s, "^\\[({IP})\\] by (\\S+) \\(MailGate ")).Success) return Take(m, ip: 1, by: 2);
        if ((m = M(s, "^(\\S+) \\(unverified \\[({IP})\\]\\) by (\\S+) ")).Success) return Take(m, helo: 1, ip: 2, by: 3);
        if ((m = M(s, "^({IP}) \\([A-Za-z][^)]+\\) by (\\S+) with ")).Success) return Take(m, ip: 1, by: 2);
        if ((m = M(s, "^\\[({IP})\\] \\(([^)]+)\\) by (\\S+) ")).Success) { Take(m, ip: 1, by: 3); EximComment(m.Groups[2].Value, f); return Outcome.Enough; }
        if ((m = M(s, "^(\\S+) \\((?:\\S+@)?({IP})\\) by (\\S+) with ")).Success) return Take(m, rdns: 1, ip: 2, by: 3);
        if ((m = M(s, "^(\\S+)\\(({IP})\\)(?:, claiming to be \"(\\S+)\")? via \\S+ by (\\S+),")).Success)
        {
            Take(m, rdns: 1, ip: 2, helo: 3, by: 4);
            if (m.Groups[1].Value != "UNKNOWN") f.LookedUpDns = true;
            return Outcome.Enough;
        }
        if ((m = M(s, "^(\\S+) \\((\\S+)@({IP}) with login\\) by (\\S+\\.yahoo\\.com) with SMTP")).Success) return Take(m, helo: 1, ip: 3, by: 4);
        if ((m = M(s, "^X-Originating-IP: ({IP})$")).Success) { f.By = ""; return Take(m, ip: 1); }

        // handovers without a usable address
        if (Has(s, "^\\S+ \\([^\\s@]+@{LOCALHOST}\\) by \\S+ \\(")) return Outcome.Skip;
        if (Has(s, "^\\S+ \\S+ by \\S+ with local-e?smtp ")) return Outcome.Skip;
        if (Has(s, "^127\\.0\\.0\\.1 \\(AVG SMTP \\S+ \\[\\S+\\]\\)")) return Outcome.Skip;
        if (Has(s, "^\\S+@\\S+ by \\S+ ")) return Outcome.Skip;
        if (s.StartsWith("Unknown/Local (", StringComparison.Ordinal)) return Outcome.Skip;
        if (Has(s, "^{LOCALHOST} \\((?:\\S+@)?{LOCALHOST}[)\\[]")) return Outcome.Skip;
        if (Has(s, "^\\S+ \\((?:\\S+@)?{LOCALHOST}\\) ")) return Outcome.Skip;
        if (Has(s, "^\\S+ \\(\\S+@\\S+ \\[{LOCALHOST}\\]\\) ")) return Outcome.Skip;
        if (Has(s, "^\\(AUTH: \\S+\\) by \\S+ with ")) return Outcome.Skip;
        if (s.StartsWith("localhost (localhost [[UNIX: localhost]]) by ", StringComparison.Ordinal)) return Outcome.Skip;
        if (Has(s, "^\\S+\\.amazon\\.com by \\S+\\.amazon\\.com with ESMTP \\(peer crosscheck: ")) return Outcome.Skip;
        if (Has(s, "^[^.]+ by \\S+ with Novell_GroupWise")) return Outcome.Skip;
        if (Has(s, "^no\\.name\\.available by \\S+ via smtpd \\(for ")) return Outcome.Skip;
        if (Has(s, "^\\S+ by \\S+ \\(.{0,100}\\) with qmail-scanner"))
        {
            // qmail-scanner logs the envelope sender of the handover in the previous (older) header
            f.QmailScannerEnvFrom = f.EnvFrom is null ? null : CleanEnvelope(f.EnvFrom);
            return Outcome.Skip;
        }
        if (Has(s, "^\\S+ by \\S+ with local")) return Outcome.Skip;
        if (Has(s, "^\\S+ \\(\\[unix socket\\]\\) by \\S+ \\(Cyrus v[0-9]*?\\.[0-9]*?\\.[0-9]*?\\) with LMTPA")) return Outcome.Skip;
        if (Has(s, "^\\S+ by \\S+ (?:with|via|for|\\()")) return Outcome.Skip;
        if (Has(s, "^\\S+ (?:(?:with|via|for) \\S+|\\(unverified\\)) by\\b")) return Outcome.Skip;
        if (Has(s, "^\\S+ \\(unknown\\) by \\S+ \\(SG\\) with \\b")) return Outcome.Skip;
        if (Has(s, "^\\S+ \\(\\S+ \\[local\\]\\) by \\S+ \\(OpenSMTPD\\) with \\b")) return Outcome.Skip;
        if (s.Contains("(LSMTP for", StringComparison.Ordinal)) return Outcome.Skip;
        if (Has(s, "^\\(\\[{LOCALHOST}\\]\\) with MailEnable ")) return Outcome.Skip;
        if (Has(s, "^facebook\\.com \\([^)]+\\) by facebook\\.com with Thrift id \\S+$")) return Outcome.Skip;
        if (Has(s, "^\\S+ named \\S+ by gmailapi\\.google\\.com with HTTPREST$")) return Outcome.Skip;
        if (Has(s, "^\\S+ id \\S+$")) return Outcome.Skip;
        if (Has(s, "^\\[<.*? \\(Jetsend")) return Outcome.Skip;
        return null;
    }
}
