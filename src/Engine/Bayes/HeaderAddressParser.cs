using System.Text.RegularExpressions;

namespace Spamd.Engine.Bayes;

/// <summary>One entry of an address header: the display phrase (or comment) and the address, either may be absent.</summary>
internal readonly record struct ParsedAddress(string? Phrase, string? Address);

/// <summary>
/// A relaxed address-list parser with SpamAssassin's internal parser's results (phrase, &lt;address&gt;,
/// bare address, trailing comment), so address-header tokens match.
/// </summary>
internal static partial class HeaderAddressParser
{
    public static List<ParsedAddress> Parse(string value)
    {
        var results = new List<ParsedAddress>();
        string rest = value.TrimEnd();
        rest = rest.Replace("\\\\", "");
        rest = GroupPrefix().Replace(rest, "", 1);
        if (string.IsNullOrWhiteSpace(rest)) return results;

        while (rest.Length > 0)
        {
            Match m = OneAddress().Match(rest);
            if (!m.Success || m.Length == 0) break;
            rest = rest[m.Length..];

            string? phrase = m.Groups["phrase"].Success ? m.Groups["phrase"].Value
                : m.Groups["barephrase"].Success ? m.Groups["barephrase"].Value : null;
            string? address = m.Groups["enclosed"].Success ? m.Groups["enclosed"].Value
                : m.Groups["bare"].Success ? m.Groups["bare"].Value : null;
            string? comment = m.Groups["comment"].Success ? m.Groups["comment"].Value : null;

            if (m.Groups["enclosed"].Success)
            {
                address = Comment().Replace(address!, "");
                if (!WholeMailAddress().IsMatch(address)) address = null;
            }
            if (!IsPlausible(address)) address = null;

            if (phrase != null)
            {
                phrase = Unquote(phrase);
                if (address == null && WholeMailAddress().IsMatch(phrase) && IsPlausible(phrase) && HasDottedHost(phrase))
                {
                    address = phrase;
                    phrase = null;
                }
                else if ((address != null && phrase == address) || phrase.Length == 0) phrase = null;
            }
            phrase ??= comment;

            if (address != null)
            {
                Match split = UserAtHost().Match(address);
                if (split.Success) address = split.Groups[1].Value;
            }
            results.Add(new ParsedAddress(phrase, address));
        }

        if (rest.Contains('@'))
        {
            foreach (Match m in EnclosedMailAddress().Matches(rest))
            {
                string address = m.Groups[1].Value;
                if (!IsPlausible(address)) continue;
                Match split = UserAtHost().Match(address);
                results.Add(new ParsedAddress(null, split.Success ? split.Groups[1].Value : address));
            }
        }
        return results;
    }

    private static bool IsPlausible(string? address) =>
        address != null && !address.StartsWith("\"\"@", StringComparison.Ordinal) && address.Count(c => c == '"') != 1;

    private static bool HasDottedHost(string address)
    {
        int at = address.IndexOf('@');
        string host = address[(at + 1)..];
        int nextAt = host.IndexOf('@');
        if (nextAt >= 0) host = host[..nextAt];
        return host.Contains('.') && !host.StartsWith('.') && !host.EndsWith('.');
    }

    /// <summary>Quoted parts lose their quotes and escapes; unquoted parts lose comments.</summary>
    private static string Unquote(string phrase)
    {
        var parts = new System.Text.StringBuilder();
        foreach (Match part in PhrasePart().Matches(phrase))
        {
            if (part.Groups[1].Success)
                parts.Append(part.Groups[1].Value.Replace("\\\\", "\u0000").Replace("\\", "").Replace("\u0000", "\\"));
            else
                parts.Append(Comment().Replace(part.Groups[2].Value, ""));
        }
        return parts.ToString();
    }

    private const string Quoted = @"""(?>(?:(?>[^""\\]+)|\\.)*)""";
    private const string MailAddress = @"(?:" + Quoted + @"|[^@\s<>()\[\],:;]+)@(?:[^""\s<>()\[\],:;]+|\[[0-9:.]+\])";

    // Perl's lazy "(.*?)" there matches nothing, so only the group name (and an empty group) goes.
    [GeneratedRegex(@"^[^""()<>]+:\s*(?:;.*)?", RegexOptions.Singleline)]
    private static partial Regex GroupPrefix();

    [GeneratedRegex(
        @"^\s*(?:(?:(?<phrase>(?:" + Quoted + @"|(?>[^"",;<]+))+)\s*)?<\s*(?<enclosed>[^>@]*\S+|\s*)\s*>" +
        @"(?:\s*<\s*(?:(?:" + Quoted + @")?\S+|\s*)\s*>)*" +
        @"|(?:(?<bare>" + MailAddress + @")|(?<barephrase>(?:" + Quoted + @"|(?>[^"",;<]+))+)))" +
        @"(?:\s*\((?<comment>(?>(?:(?>[^()\\]+)|\\.)*))\))?\s*(?:[,;]|\z)",
        RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.ExplicitCapture)]
    private static partial Regex OneAddress();

    [GeneratedRegex(@"^" + MailAddress + @"$", RegexOptions.IgnoreCase)]
    private static partial Regex WholeMailAddress();

    [GeneratedRegex(@"<(" + MailAddress + @")>", RegexOptions.IgnoreCase)]
    private static partial Regex EnclosedMailAddress();

    [GeneratedRegex(@"\((?>(?:(?>[^()\\]+)|\\.)*)\)", RegexOptions.Singleline)]
    private static partial Regex Comment();

    [GeneratedRegex(@"""((?>(?:(?>[^""\\]+)|\\.)*))""|((?>[^""]+))", RegexOptions.Singleline)]
    private static partial Regex PhrasePart();

    [GeneratedRegex(@"^([^@]*@[^@]*)", RegexOptions.Singleline)]
    private static partial Regex UserAtHost();
}
