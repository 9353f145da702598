using System.Buffers;
using System.Text.RegularExpressions;

namespace Spamd.Engine.Mime;

/// <summary>
/// A Content-Type value read the way SpamAssassin reads it (Util::parse_content_type): lower-cased
/// <c>type/subtype</c> (any other text/* than html, calendar and x-vcard counts as text/plain), boundary,
/// charset and name exactly as its regexes pick them.
/// </summary>
public readonly partial record struct ContentTypeInfo(string MediaType, string? Boundary, string? Charset, string? Name, bool WasMissing)
{
    [GeneratedRegex(@"\bboundary\s*=\s*(""[^""]+|[^\s"";]+(?=[\s;]|$))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BoundaryParam();

    [GeneratedRegex(@"\bcharset\s*=\s*[""']?(.*?)[""']?(?:;|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CharsetParam();

    [GeneratedRegex(@"\b(?:file)?name\s*=\s*[""']?(.*?)[""']?(?:;|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NameParam();

    [GeneratedRegex(@"\b(?:file)?name\*0\s*=", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NameContinuationStart();

    [GeneratedRegex(@"\b(?:file)?name\*(\d+)\s*=\s*[""']?(.*?)[""']?(?:;|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NameContinuation();

    [GeneratedRegex(@"^([^/]+(?:/[^/\s]*)?).*$", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex TypeSubtype();

    [GeneratedRegex(@"^text\b", RegexOptions.CultureInvariant)]
    private static partial Regex TextType();

    // vectorised case-insensitive searches (string.Contains with OrdinalIgnoreCase is scalar in invariant mode)
    private static readonly SearchValues<string> BoundaryWord = SearchValues.Create(["boundary"], StringComparison.OrdinalIgnoreCase);
    private static readonly SearchValues<string> CharsetWord = SearchValues.Create(["charset"], StringComparison.OrdinalIgnoreCase);
    private static readonly SearchValues<string> NameWord = SearchValues.Create(["name"], StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses a decoded Content-Type value (null or empty = missing).</summary>
    public static ContentTypeInfo Parse(string? value)
    {
        bool missing = false;
        string ct = value ?? "";
        if (ct.Length == 0)
        {
            missing = true;
            ct = "text/plain; charset=us-ascii";
        }
        // Each parameter regex runs only when its name occurs at all (values are octets, so ASCII case folding
        // finds every spelling the case-insensitive regex would).
        var b = ct.AsSpan().ContainsAny(BoundaryWord) ? BoundaryParam().Match(ct) : Match.Empty;
        string? boundary = b.Success ? b.Groups[1].Value.Replace("\"", "") : null;
        // A missing Content-Type stands for "text/plain; charset=us-ascii"; the charset is left null (undeclared)
        // and readers default it to us-ascii, which is the same thing.
        var c = missing || !ct.AsSpan().ContainsAny(CharsetWord) ? Match.Empty : CharsetParam().Match(ct);
        string? charset = c.Success ? c.Groups[1].Value : null;
        bool mayName = ct.AsSpan().ContainsAny(NameWord);
        var n = mayName ? NameParam().Match(ct) : Match.Empty;
        string? name = n.Success ? n.Groups[1].Value : null;
        if (string.IsNullOrEmpty(name) && mayName && NameContinuationStart().IsMatch(ct))
        {
            var pieces = new SortedDictionary<int, string>();
            foreach (Match m in NameContinuation().Matches(ct))
                if (int.TryParse(m.Groups[1].ValueSpan, out var i)) pieces[i] = m.Groups[2].Value;
            name = string.Concat(pieces.Values);
        }

        var type = ct.TrimStart(' ', '\t', '\n', '\r', '\f', '\v');
        int semi = type.IndexOf(';');
        if (semi >= 0) type = type[..semi];
        type = TypeAndSubtype(type);
        type = type.ToLowerInvariant();
        if (type.Length == 0) missing = true;
        if (type.Length == 0 || TextType().IsMatch(type) && type is not ("text/x-vcard" or "text/calendar" or "text/html"))
            type = "text/plain";
        type = StripSpecials(type);
        return new ContentTypeInfo(type, boundary, charset, name, missing);
    }

    // ^([^/]+(?:/[^/\s]*)?).*$ : the type, a slash and the subtype up to a slash or space; unchanged without a type
    private static string TypeAndSubtype(string type)
    {
        int slash = type.IndexOf('/');
        if (slash == 0 || type.Length == 0) return type;
        if (slash < 0) return type;
        int end = slash + 1;
        while (end < type.Length && type[end] != '/' && !char.IsWhiteSpace(type[end])) end++;
        return end == type.Length ? type : type[..end];
    }

    // tr/\000-\040\177-\377\042\050\051\054\072-\077\100\133-\135//d
    private static string StripSpecials(string type)
    {
        foreach (var ch in type)
            if (IsSpecial(ch)) return string.Concat(type.Where(x => !IsSpecial(x)));
        return type;

        static bool IsSpecial(char x) => x <= 0x20 || x >= 0x7F || x is '"' or '(' or ')' or ',' or (>= ':' and <= '?') or '@' or (>= '[' and <= ']');
    }
}
