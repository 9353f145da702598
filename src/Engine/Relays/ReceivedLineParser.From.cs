using System.Text.RegularExpressions;

namespace Spamd.Engine.Relays;

public static partial class ReceivedLineParser
{
    /// <summary>The "from ..." formats, in SpamAssassin's order; null means no format decided.</summary>
    private static Outcome? FromFormats(string s, Fields f)
    {
        Match m;
        if ((m = M(s, "(?i:(?:return-path:? |envelope-(?:sender|from)[ =])(\\S+)\\b)")).Success) f.EnvFrom = m.Groups[1].Value;

        if (Has(s, " \\((?:SquirrelMail|NaSMail) authenticated user ")
            && (m = M(s, "({IP})\\b(?![.-]).{10,80}by (\\S+) with HTTP")).Success) { Set(f, m, ip: 1, by: 2); return Outcome.Enough; }

        if (s.Contains("aol.com", StringComparison.Ordinal) && s.Contains("with HTTP (WebMailUI)", StringComparison.Ordinal)
            && (m = M(s, "({IP}) by (\\S+) \\({IP}\\) with HTTP \\(WebMailUI\\)")).Success) { Set(f, m, ip: 1, by: 2); return Outcome.Enough; }

        if (s.Contains(" SMTPSVC", StringComparison.Ordinal))
        {
            if ((m = M(s, "^(\\S*) \\(\\[({IP})\\][^)]{0,40}\\) by (\\S+) with Microsoft SMTPSVC")).Success) { Set(f, m, helo: 1, ip: 2, by: 3); return Outcome.Enough; }
            if (Has(s, "^mail pickup service by (\\S+) with Microsoft SMTPSVC$")) return Outcome.Skip;
        }
        else if (Has(s, " with (?:Microsoft SMTP Server|mapi id) (?:\\([^)]+\\) )?\\d+\\.\\d+\\.\\d+\\.\\d+(?:$| )"))
        {
            if ((m = M(s, "^(\\S+) \\(\\[?({IP})(?:%[A-Z0-9._~-]*)?\\]?\\) by (\\S+) ")).Success) { Set(f, m, helo: 1, ip: 2, by: 3); f.Id = ""; return Outcome.Enough; }
        }
        else if (s.Contains("[XMail ", StringComparison.Ordinal))
        {
            if ((m = M(s, "^(\\S+) \\((\\[?{IP}\\]?)(?::\\d+)\\) by (\\S+)(?: \\(\\S+\\))? with \\[XMail")).Success)
            {
                Set(f, m, helo: 1, ip: 2, by: 3);
                if ((m = M(s, " id <(\\S+)>")).Success) f.Id = m.Groups[1].Value;
                if ((m = M(s, " from <(\\S+)>")).Success) f.EnvFrom = m.Groups[1].Value;
                return Outcome.Enough;
            }
        }
        else if (Has(s, "\\(ecelerity\\b"))
        {
            if ((m = M(s, "^\\(\\[({IP}):\\d+\\] helo=(\\S+)\\) by (\\S+) ")).Success) { Set(f, m, ip: 1, helo: 2, by: 3); return Outcome.Enough; }
            if ((m = M(s, "^\\S+ \\(\\[({IP}):\\d+\\]\\) by (\\S+) ")).Success) { Set(f, m, ip: 1, by: 2); return Outcome.Enough; }
        }
        else if (s.Contains("Exim", StringComparison.Ordinal))
        {
            if (Has(s, "\\bwith local(?:-\\S+)? ")) return Outcome.Skip;
            if ((m = M(s, "^\\[({IP})\\] \\((.*?)\\) by (\\S+) ")).Success) { Set(f, m, ip: 1, by: 3); EximComment(m.Groups[2].Value, f); return Outcome.Enough; }
            if ((m = M(s, "^(\\S+) \\(\\[({IP})\\](.*?)\\) by (\\S+) ")).Success)
            {
                Set(f, m, rdns: 1, helo: 1, ip: 2, by: 4);
                EximComment(m.Groups[3].Value, f);
                return Outcome.Enough;
            }
            if ((m = M(s, "^(\\S+) \\[({IP})\\](:\\d+)? by (\\S+) ")).Success) { Set(f, m, rdns: 1, helo: 1, ip: 2, by: 4); return Outcome.Enough; }
            if ((m = M(s, "^(\\S+) ")).Success) f.Rdns = m.Groups[1].Value;
            if ((m = M(s, " \\((\\S+)\\) ")).Success) f.Helo = m.Groups[1].Value;
            if ((m = M(s, " \\[({IP})(?:\\.\\d+)?\\] ")).Success) f.Ip = m.Groups[1].Value;
            if ((m = M(s, "by (\\S+) ")).Success)
            {
                f.By = m.Groups[1].Value;
                if (f.Ip.Length > 0) return Outcome.Enough;
            }
        }
        else if (s.Contains(" (Postfix) with", StringComparison.Ordinal))
        {
            if ((m = M(s, "^(\\S+) \\((\\S+) \\[({IP})\\]\\) by (\\S+) ")).Success || (m = M(s, "^(\\S+) \\((\\S+)\\[({IP})\\]\\) by (\\S+) ")).Success)
            {
                f.LookedUpDns = true;
                Set(f, m, helo: 1, rdns: 2, ip: 3, by: 4);
                if (f.Rdns == "unknown") f.Rdns = "";
                return Outcome.Enough;
            }
        }
        else if (s.Contains("(Scalix SMTP Relay", StringComparison.Ordinal))
        {
            if ((m = M(s, "^(\\S+) \\( ?({IP})\\) by (\\S+)")).Success) { Set(f, m, helo: 1, ip: 2, by: 3); return Outcome.Enough; }
        }
        else if (s.Contains(" (Lotus Domino ", StringComparison.Ordinal))
        {
            if ((m = M(s, "^(\\S+) \\(\\[({IP})\\]\\) by (\\S+) \\(Lotus")).Success) { f.LookedUpDns = false; Set(f, m, helo: 1, ip: 2, by: 3); return Outcome.Enough; }
        }

        if (Has(s, "\\bwith HTTP\\b") && (m = M(s, "^({IP}) \\(\\[{IP}\\]\\) by (\\S+)")).Success) { Set(f, m, ip: 1, by: 2); return Outcome.Enough; }

        if (!Has(s, " by \\S+ \\(qmail-\\S+\\) with ") && (m = M(s, "^(\\S+) \\((\\S+) \\[({IP})\\].*\\) by (\\S+) \\(")).Success)
        {
            f.LookedUpDns = true;
            Set(f, m, helo: 1, rdns: 2, ip: 3, by: 4);
            StripIdent(f);
            return Outcome.Enough;
        }

        return Nonstandard(s, f);
    }

    // Exim's "(helo=... ident=...)" comment.
    private static void EximComment(string comment, Fields f)
    {
        Match m;
        if ((m = M(comment, "helo=(\\S+)")).Success) { f.Helo = m.Groups[1].Value; comment = comment.Remove(m.Index, m.Length); }
        if ((m = M(comment, "ident=(\\S*)")).Success) f.Ident = m.Groups[1].Value;
    }

    private static void StripIdent(Fields f)
    {
        Match m;
        if ((m = M(f.Rdns, "^IDENT:([^@]*)@")).Success) { f.Ident = m.Groups[1].Value; f.Rdns = f.Rdns[m.Length..]; }
        if ((m = M(f.Rdns, "^([^@]*)@")).Success) { f.Ident = m.Groups[1].Value; f.Rdns = f.Rdns[m.Length..]; }
    }
}
