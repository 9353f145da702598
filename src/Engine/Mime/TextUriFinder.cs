using System.Text;
using System.Text.RegularExpressions;

namespace Spamd.Engine.Mime;

/// <summary>
/// Finds URIs in rendered body text the way SpamAssassin 4 does (PerMsgStatus::_tbirdurire, a blend of
/// Thunderbird's and Outlook Express's linkifiers): explicit http/https/ftp URIs, www./ftp. prefixes, mailto: and
/// bare e-mail addresses, and schemeless host names that end in a valid TLD. Matching is on octets, ASCII classes.
/// </summary>
public sealed class TextUriFinder
{
    private readonly Regex pattern;
    private readonly UriOptions options;

    public TextUriFinder(UriOptions options)
    {
        this.options = options;
        // Lines are at most 2048 bytes and every quantifier is bounded, so no match timeout is needed (a timeout
        // would also fire spuriously while the compiled pattern is first jitted on a busy machine).
        pattern = new Regex(BuildPattern(options.ValidTlds), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);
    }

    private static readonly Dictionary<UriOptions, TextUriFinder> Cache = new(ReferenceEqualityComparer.Instance);

    public static TextUriFinder For(UriOptions options)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(options, out var finder)) Cache[options] = finder = new TextUriFinder(options);
            return finder;
        }
    }

    private static string BuildPattern(IEnumerable<string> tlds)
    {
        const string space = @"\t\n\x0B\f\r ";
        string startDelim = @"><""'`,{\[(|" + space + @"\x1B\xA0";
        string endDelim = @"><""`}\]{\[|" + space + @"\x1B\xA0";
        string endDelimEmail = endDelim + @",('\x80-\xFF";
        string endDelimPlusAt = endDelimEmail + "@";
        string scStartDelim = @"[!""#$&'()*+,/:;<=>?@\[\\\]^`{|}~" + space + @"\x1B\xA0]";
        string tldAlternation = "(?:" + string.Join("|", tlds.Select(Regex.Escape).OrderByDescending(t => t.Length).ThenBy(t => t, StringComparer.Ordinal)) + ")";
        string wordBoundary = @"(?:(?<=[A-Za-z0-9_])(?![A-Za-z0-9_])|(?<![A-Za-z0-9_])(?=[A-Za-z0-9_]))";
        string schemeless = @"([a-z0-9][a-z0-9._-]{0,251}\." + tldAlternation + @")\.?(?::[0-9]{1,5})?(?:/[^" + endDelim + "]{1,2048})?";
        string knownScheme = @"(?:(?:https?|ftp)://|(?:www[0-9]{0,2}|ftp)\.)[^" + endDelim + "]{1,2048}";
        string mailScheme = @"(?:mailto:[^" + endDelimEmail + "]{1,2048}|[^" + endDelimPlusAt + "]{1,251}@[^" + endDelimEmail + "]{1,251})";
        return "(?:" + wordBoundary + @"|(?<=\x1B\(.)|(?<=[" + startDelim + "]))" +
               "(?:(?:(" + knownScheme + ")(?=(?:[" + endDelim + @"]|\z)))" +
               "|(?:(" + mailScheme + ")(?=(?:[" + endDelimEmail + @"]|\z)))" +
               "|(?:(?:^|(?<=" + scStartDelim + "))(" + schemeless + ")(?=(?:[" + endDelim + @"]|\z))))";
    }

    [ThreadStatic] private static HashSet<string>? seenScratch;

    /// <summary>Adds the URIs found in <paramref name="lines"/> (the body array) to <paramref name="sink"/>.</summary>
    public void Find(IReadOnlyList<string> lines, UriCollector sink)
    {
        var seen = seenScratch ??= new HashSet<string>(StringComparer.Ordinal);
        seen.Clear();
        foreach (var line in lines)
        {
            if (!MightHaveUri(line)) continue;
            Match m;
            try { m = pattern.Match(line); }
            catch (RegexMatchTimeoutException) { continue; }
            for (; m.Success; m = NextOrFail(m))
            {
                string rawType = m.Groups[1].Success ? "scheme" : m.Groups[2].Success ? "mail" : "schemeless";
                string rawUri = m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Success ? m.Groups[2].Value : m.Groups[3].Value;
                string? schemelessHost = m.Groups[4].Success ? m.Groups[4].Value : null;
                rawUri = TrimEnd(rawUri);
                if (!seen.Add(rawUri)) continue;
                if (rawType == "mail" && !rawUri.Contains('@')) continue;
                if (schemelessHost != null && !UriCanonicalizer.IsFqdnValid(schemelessHost)) continue;
                if (rawUri.StartsWith("cid:", StringComparison.OrdinalIgnoreCase) || rawUri.StartsWith("mid:", StringComparison.OrdinalIgnoreCase)) continue;
                if (IsBareScheme(rawUri)) continue;
                var uri = rawUri;
                bool unlinked = false;
                if (!HasKnownScheme(uri))
                {
                    if (uri.StartsWith("ftp.", StringComparison.OrdinalIgnoreCase)) uri = "ftp://" + uri;
                    else if (WwwPrefix(uri)) uri = "http://" + uri;
                    else if (SlashThenAt(uri)) uri = "http://" + uri;
                    else if (uri.Contains('@'))
                    {
                        int at = uri.IndexOf('@');
                        if (uri.IndexOf('.', at + 1) < at + 2) continue;
                        if (uri.Contains("&nbsp;", StringComparison.Ordinal)) continue;
                        uri = "mailto:" + StripMailPrefix(uri);
                    }
                    else
                    {
                        if (!uri.Contains('.')) continue;
                        uri = "http://" + uri;
                        unlinked = true;
                    }
                }
                if (uri.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
                {
                    if (UriCanonicalizer.HasPercentEscape(uri)) uri = UriCanonicalizer.UrlEncode(uri);
                    int at = uri.IndexOf('@');
                    if (at < 0) continue;
                    int stop = uri.IndexOfAny(['?', '&', '>'], at + 1);
                    var host = stop < 0 ? uri[(at + 1)..] : uri[(at + 1)..stop];
                    while (host.EndsWith("%20", StringComparison.Ordinal)) host = host[..^3];
                    if (!UriCanonicalizer.IsDomainValid(host, options)) continue;
                }
                _ = unlinked;
                sink.Add(uri, requireDomain: true);
            }
        }
    }

    private static Match NextOrFail(Match m)
    {
        try { return m.NextMatch(); }
        catch (RegexMatchTimeoutException) { return Match.Empty; }
    }

    // Cheap pre-check: every match needs a '.', ':' or '@' somewhere in the line.
    private static bool MightHaveUri(string line) => line.AsSpan().IndexOfAny('.', '@', ':') >= 0;

    // ThunderBird: ')' ends a URI that has no '(' before it; then trailing punctuation goes.
    private static string TrimEnd(string uri)
    {
        int close = uri.IndexOf(')');
        if (close >= 0 && uri.IndexOf('(') is var open && (open < 0 || open > close)) uri = uri[..close];
        int end = uri.Length;
        while (end > 0 && "-~!@#^&*()_+=:;'?,.".Contains(uri[end - 1])) end--;
        return end == uri.Length ? uri : uri[..end];
    }

    private static bool IsBareScheme(string uri)
    {
        // /^\w+:\/{0,2}$/
        int i = 0;
        while (i < uri.Length && (char.IsAsciiLetterOrDigit(uri[i]) || uri[i] == '_')) i++;
        if (i == 0 || i >= uri.Length || uri[i] != ':') return false;
        int slashes = uri.Length - i - 1;
        return slashes <= 2 && uri.AsSpan(i + 1).IndexOfAnyExcept('/') < 0;
    }

    private static bool HasKnownScheme(string uri) =>
        uri.StartsWith("http:", StringComparison.OrdinalIgnoreCase) || uri.StartsWith("https:", StringComparison.OrdinalIgnoreCase) ||
        uri.StartsWith("ftp:", StringComparison.OrdinalIgnoreCase) || uri.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase);

    private static bool WwwPrefix(string uri)
    {
        if (!uri.StartsWith("www", StringComparison.OrdinalIgnoreCase)) return false;
        int i = 3;
        while (i < uri.Length && i < 5 && char.IsAsciiDigit(uri[i])) i++;
        return i < uri.Length && uri[i] == '.';
    }

    // /\/.+\@/
    private static bool SlashThenAt(string uri)
    {
        int slash = uri.IndexOf('/');
        return slash >= 0 && uri.IndexOf('@', slash + 2 <= uri.Length ? Math.Min(slash + 2, uri.Length) : uri.Length) >= 0;
    }

    // s/^(?:skype|e?-?mail)?:+//i
    private static string StripMailPrefix(string uri)
    {
        var m = Regex.Match(uri, @"^(?:skype|e?-?mail)?:+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        return m.Success ? uri[m.Length..] : uri;
    }
}
