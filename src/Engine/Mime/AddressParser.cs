using System.Text;

namespace Spamd.Engine.Mime;

/// <summary>A mailbox from an address header: the address (null when there is none) and the display name.</summary>
public readonly record struct MailAddress(string? Address, string? Phrase);

/// <summary>
/// Splits address headers into mailboxes the way SpamAssassin's <c>parse_header_addresses</c> reports them for
/// <c>:addr</c> and <c>:name</c>: display names before angle addresses, comments after bare addresses, groups,
/// quoted strings and quoted local parts.
/// </summary>
public static class AddressParser
{
    public static List<MailAddress> Parse(string value)
    {
        var result = new List<MailAddress>();
        var s = value.TrimEnd().Replace("\\\\", "");
        if (s.Trim().Length == 0) return result;
        foreach (var mailbox in SplitTopLevel(s))
        {
            var m = StripGroup(mailbox.TrimStart()).TrimStart();
            if (m.Trim().Length == 0) continue;
            int lt = IndexOutsideQuotes(m, '<');
            if (lt >= 0)
            {
                int gt = m.IndexOf('>', lt);
                var address = StripComments(gt < 0 ? m[(lt + 1)..] : m[(lt + 1)..gt]).Trim();
                var phrase = Unquote(m[..lt]);
                if (address.Length == 0 && phrase == null) continue;
                result.Add(new MailAddress(IsValidAddress(address) ? address : null, phrase));
            }
            else
            {
                string? comment = FirstComment(m);
                var bare = StripComments(m).Trim();
                if (IsValidAddress(bare)) result.Add(new MailAddress(bare, comment));
                else if (bare.Length > 0 || comment != null) result.Add(new MailAddress(null, Unquote(bare) ?? comment));
            }
        }
        return result;
    }

    // SpamAssassin's header_address_mailre: a quoted or plain local part, '@', a domain or [address literal].
    private static bool IsValidAddress(string address)
    {
        int at = address.LastIndexOf('@');
        if (at <= 0 || at == address.Length - 1) return false;
        var local = address.AsSpan(0, at);
        var domain = address.AsSpan(at + 1);
        bool localOk = local.Length >= 2 && local[0] == '"' && local[^1] == '"' || local.IndexOfAny("@ \t\n\r\f\v<>()[],:;") < 0;
        bool domainOk = domain.Length > 2 && domain[0] == '[' && domain[^1] == ']' || domain.IndexOfAny("\" \t\n\r\f\v<>()[],:;") < 0;
        return localOk && domainOk;
    }

    // "Group: a" keeps only the member ("Group:" and the ';' that ends a group are separators)
    private static string StripGroup(string s)
    {
        int i = 0;
        while (i < s.Length && s[i] is not ('"' or '(' or ')' or '<' or '>' or ':' or '@')) i++;
        if (i == 0 || i >= s.Length || s[i] != ':') return s;
        return s[(i + 1)..];
    }

    private static List<string> SplitTopLevel(string s)
    {
        var parts = new List<string>();
        int depth = 0, start = 0;
        bool quoted = false, angle = false;
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c == '\\' && i + 1 < s.Length) { i++; continue; }
            if (quoted) { if (c == '"') quoted = false; continue; }
            if (c == '"' && depth == 0) quoted = true;
            else if (c == '(') depth++;
            else if (c == ')' && depth > 0) depth--;
            else if (depth == 0 && c == '<') angle = true;
            else if (depth == 0 && c == '>') angle = false;
            else if (depth == 0 && !angle && c is ',' or ';')
            {
                parts.Add(s[start..i]);
                start = i + 1;
            }
        }
        parts.Add(s[start..]);
        return parts;
    }

    private static int IndexOutsideQuotes(string s, char target)
    {
        bool quoted = false;
        int depth = 0;
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c == '\\' && i + 1 < s.Length) { i++; continue; }
            if (quoted) { if (c == '"') quoted = false; continue; }
            if (c == target && depth == 0) return i;
            if (c == '"') quoted = true;
            else if (c == '(') depth++;
            else if (c == ')' && depth > 0) depth--;
        }
        return -1;
    }

    private static string StripComments(string s)
    {
        if (!s.Contains('(')) return s;
        var sb = new StringBuilder(s.Length);
        int depth = 0;
        bool quoted = false;
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (depth == 0 && c == '"') quoted = !quoted;
            if (!quoted && c == '(') { depth++; continue; }
            if (!quoted && c == ')' && depth > 0) { depth--; continue; }
            if (depth == 0) sb.Append(c);
        }
        return sb.ToString();
    }

    private static string? FirstComment(string s)
    {
        int open = IndexOutsideQuotes(s, '(');
        if (open < 0) return null;
        int depth = 0;
        for (int i = open; i < s.Length; i++)
        {
            if (s[i] == '(') depth++;
            else if (s[i] == ')' && --depth == 0) return s[(open + 1)..i];
        }
        return s[(open + 1)..];
    }

    // A display name without its quotes and escapes; trailing whitespace kept as one space, as SpamAssassin does.
    private static string? Unquote(string phrase)
    {
        var p = phrase.TrimStart();
        if (p.Length == 0) return null;
        bool trailingSpace = char.IsWhiteSpace(p[^1]);
        p = p.TrimEnd();
        var sb = new StringBuilder(p.Length);
        for (int i = 0; i < p.Length; i++)
        {
            char c = p[i];
            if (c == '"') continue;
            if (c == '\\' && i + 1 < p.Length) c = p[++i];
            sb.Append(c);
        }
        if (trailingSpace) sb.Append(' ');
        return sb.Length == 0 ? null : sb.ToString();
    }
}
