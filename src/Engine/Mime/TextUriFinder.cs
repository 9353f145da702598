using System.Buffers;
using System.Text.RegularExpressions;

namespace Spamd.Engine.Mime;

/// <summary>
/// Finds URIs in rendered body text the way SpamAssassin 4 does (PerMsgStatus::_tbirdurire, a blend of
/// Thunderbird's and Outlook Express's linkifiers): explicit http/https/ftp URIs, www./ftp. prefixes, mailto: and
/// bare e-mail addresses, and schemeless host names that end in a valid TLD. Matching is on octets, ASCII classes.
/// </summary>
public sealed partial class TextUriFinder
{
    // SpamAssassin's single pattern is an alternation of three kinds; .NET runs that alternation slowly at
    // every position, so the known-scheme and mail kinds are regexes of their own, the schemeless kind (a
    // 1,500-TLD alternation) is matched by hand, each runs only on lines that can hold it, and their matches are
    // merged leftmost-first with the original alternative order breaking ties: the same match sequence.
    private static readonly Regex KnownScheme, Mail;
    private readonly UriOptions options;

    static TextUriFinder()
    {
        var (known, mailPattern) = BuildPatterns();
        const RegexOptions flags = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled;
        // Lines are at most 2048 bytes and every quantifier is bounded, so no match timeout is needed (a timeout
        // would also fire spuriously while the compiled pattern is first jitted on a busy machine).
        KnownScheme = new Regex(known, flags);
        Mail = new Regex(mailPattern, flags);
    }

    public TextUriFinder(UriOptions options) => this.options = options;

    private const string Space = @"\t\n\x0B\f\r ";
    private const string EndDelim = @"><""`}\]{\[|" + Space + @"\x1B\xA0";

    private static (string Known, string Mail) BuildPatterns()
    {
        string startDelim = @"><""'`,{\[(|" + Space + @"\x1B\xA0";
        string endDelimEmail = EndDelim + @",('\x80-\xFF";
        string endDelimPlusAt = endDelimEmail + "@";
        string wordBoundary = @"(?:(?<=[A-Za-z0-9_])(?![A-Za-z0-9_])|(?<![A-Za-z0-9_])(?=[A-Za-z0-9_]))";
        string start = "(?:" + wordBoundary + @"|(?<=\x1B\(.)|(?<=[" + startDelim + "]))";
        string known = @"(?:(?:https?|ftp)://|(?:www[0-9]{0,2}|ftp)\.)[^" + EndDelim + "]{1,2048}";
        string mail = @"(?:mailto:[^" + endDelimEmail + "]{1,2048}|[^" + endDelimPlusAt + "]{1,251}@[^" + endDelimEmail + "]{1,251})";
        return (start + "(" + known + ")(?=(?:[" + EndDelim + @"]|\z))",
                start + "(" + mail + ")(?=(?:[" + endDelimEmail + @"]|\z))");
    }

    private readonly record struct Hit(int Index, int Length, int Kind, string Raw, string? Host);

    /// <summary>The next match of the combined pattern at or after <paramref name="pos"/>, or null.</summary>
    private Hit? Earliest(Hit?[] next, bool[] active, string line, int pos, bool octets)
    {
        Hit? best = null;
        for (int k = 0; k < 3; k++)
        {
            if (!active[k]) continue;
            var hit = next[k];
            if (hit == null || hit.Value.Index < pos)
            {
                hit = k switch
                {
                    0 => octets ? MatchKnownScheme(line, pos) : RegexHit(KnownScheme, 0, line, pos),
                    1 => octets ? MatchMail(line, pos) : RegexHit(Mail, 1, line, MailSearchStart(line, pos)),
                    _ => MatchSchemeless(line, pos),
                };
                next[k] = hit;
            }
            if (hit == null) { active[k] = false; continue; }
            if (best == null || hit.Value.Index < best.Value.Index) best = hit;
        }
        return best;
    }

    /// <summary>
    /// The known-scheme alternative, matched by hand: at a start position (word boundary, start delimiter or
    /// after ESC '(' and one character), "http://", "https://", "ftp://", "www" + up to two digits + "." or
    /// "ftp.", then 1 to 2048 characters up to an end delimiter or the end of the line. The scheme is not
    /// followed by a class char it could also match in another way, so each start has at most one match.
    /// </summary>
    private static Hit? MatchKnownScheme(string line, int pos)
    {
        var span = line.AsSpan();
        for (int i = pos; i < span.Length; i++)
        {
            int next = span[i..].IndexOfAny(SchemeInitials);
            if (next < 0) return null;
            i += next;
            if (!IsKnownSchemeStart(span, i)) continue;
            int prefix = KnownSchemePrefix(span[i..]);
            if (prefix == 0) continue;
            int run = span[(i + prefix)..].IndexOfAny(EndDelimiters);
            if (run < 0) run = span.Length - i - prefix;
            if (run is < 1 or > 2048) continue;
            int length = prefix + run;
            return new Hit(i, length, 0, line.Substring(i, length), null);
        }
        return null;
    }

    /// <summary>
    /// The mail alternative, matched by hand on octets: at a start position, "mailto:" and 1 to 2048 characters
    /// up to an e-mail end delimiter, or 1 to 251 characters up to an '@' and 1 to 251 more up to an e-mail end
    /// delimiter (or the end of the line). The runs stop at the first delimiter, so each start has one way to match.
    /// </summary>
    private static Hit? MatchMail(string line, int pos)
    {
        var span = line.AsSpan();
        int n = span.Length;
        int runEnd = -1;
        // Only two kinds of start can match: a "mailto:" and a position at most 251 characters before an '@'.
        // The scan jumps to the nearer of the two and walks from there to the '@' (or past the "mailto:").
        int walkUntil = -1;
        for (int i = pos; i < n; i++)
        {
            if (i > walkUntil)
            {
                int at = span[i..].IndexOf('@');
                int mailto = span[i..].IndexOfAny(Mailto);
                if (at < 0 && mailto < 0) return null;
                int fromAt = at < 0 ? n : Math.Max(0, at - 251);
                if (at >= 0)
                {
                    // a start before the last delimiter ahead of the '@' runs into that delimiter, not the '@'
                    int delimiter = span.Slice(i + fromAt, at - fromAt).LastIndexOfAny(EmailEndDelimitersOrAt);
                    if (delimiter >= 0) fromAt += delimiter + 1;
                }
                int jump = Math.Min(mailto < 0 ? n : mailto, fromAt);
                walkUntil = i + (at < 0 ? mailto : at);
                i += jump;
            }
            char c = span[i];
            if (c == '@' || IsEmailEndDelimiter(c)) continue;
            if (!IsMailStart(span, i)) continue;
            if ((c | 0x20) == 'm' && span[i..].StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
            {
                int r = RunLength(span, i + 7, EmailEndDelimiters);
                if (r is >= 1 and <= 2048) return MailHit(line, i, 7 + r);
            }
            if (runEnd < i)
            {
                int stop = span[i..].IndexOfAny(EmailEndDelimitersOrAt);
                runEnd = stop < 0 ? n : i + stop;
            }
            if (runEnd < n && span[runEnd] == '@' && runEnd - i <= 251)
            {
                int d = RunLength(span, runEnd + 1, EmailEndDelimiters);
                if (d is >= 1 and <= 251) return MailHit(line, i, runEnd + 1 + d - i);
            }
        }
        return null;
    }

    private static Hit MailHit(string line, int index, int length) => new(index, length, 1, line.Substring(index, length), null);

    private static int RunLength(ReadOnlySpan<char> span, int from, SearchValues<char> stops)
    {
        if (from >= span.Length) return 0;
        int stop = span[from..].IndexOfAny(stops);
        return stop < 0 ? span.Length - from : stop;
    }

    private const string EmailEndDelimiterChars = "><\"`}]{[|\t\n\v\f\r \x1B\xA0,('";

    private static readonly SearchValues<char> EmailEndDelimiters = SearchValues.Create(EmailEndDelimiterChars + Latin1High());
    private static readonly SearchValues<char> EmailEndDelimitersOrAt = SearchValues.Create(EmailEndDelimiterChars + "@" + Latin1High());

    private static string Latin1High() => string.Concat(Enumerable.Range(0x80, 0x80).Select(c => (char)c));

    private static bool IsEmailEndDelimiter(char c) => c >= '\x80' || EmailEndDelimiters.Contains(c);

    // The pattern's start before any character: a word boundary, a start delimiter before it, or ESC '(' and one
    // character (not a newline) before it.
    private static bool IsMailStart(ReadOnlySpan<char> line, int i)
    {
        bool before = i > 0 && IsWordCharacter(line[i - 1]);
        if (before != IsWordCharacter(line[i])) return true;
        if (i > 0 && StartDelimiters.Contains(line[i - 1])) return true;
        return i >= 3 && line[i - 3] == '\x1B' && line[i - 2] == '(' && line[i - 1] != '\n';
    }

    private static readonly SearchValues<char> StartDelimiters = SearchValues.Create("><\"'`,{[(|\t\n\v\f\r \x1B\xA0");

    private static readonly SearchValues<char> SchemeInitials = SearchValues.Create("hHfFwW");
    private static readonly SearchValues<char> EndDelimiters = SearchValues.Create("><\"`}]{[|\t\n\v\f\r \x1B\xA0");

    private static bool IsWordCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    // The pattern's start: a word boundary before a word character (so no word character before), a start
    // delimiter before it, or ESC '(' and any character but a newline before it.
    private static bool IsKnownSchemeStart(ReadOnlySpan<char> line, int i) =>
        i == 0 || !IsWordCharacter(line[i - 1]) || i >= 3 && line[i - 3] == '\x1B' && line[i - 2] == '(' && line[i - 1] != '\n';

    // Length of "(?:https?|ftp)://" or "(?:www[0-9]{0,2}|ftp)\." at the start of s (ASCII case-insensitive), or 0.
    private static int KnownSchemePrefix(ReadOnlySpan<char> s)
    {
        if (s.StartsWith("http", StringComparison.OrdinalIgnoreCase))
        {
            int n = s.Length > 4 && (s[4] | 0x20) == 's' ? 5 : 4;
            return s[n..].StartsWith("://") ? n + 3 : 0;
        }
        if (s.StartsWith("ftp", StringComparison.OrdinalIgnoreCase))
            return s[3..].StartsWith("://") ? 6 : s.Length > 3 && s[3] == '.' ? 4 : 0;
        if (s.StartsWith("www", StringComparison.OrdinalIgnoreCase))
        {
            int n = 3;
            while (n < 5 && n < s.Length && char.IsAsciiDigit(s[n])) n++;
            return n < s.Length && s[n] == '.' ? n + 1 : 0;
        }
        return 0;
    }

    // A mail match without "mailto:" holds an '@' at most 251 characters after its start, so the search can begin
    // 251 characters before the next '@' without missing the leftmost match.
    private static int MailSearchStart(string line, int pos)
    {
        if (line.AsSpan().ContainsAny(Mailto)) return pos;
        int at = pos < line.Length ? line.IndexOf('@', pos) : -1;
        return at < 0 ? line.Length + 1 : Math.Max(pos, at - 252);
    }

    private static Hit? RegexHit(Regex regex, int kind, string line, int pos)
    {
        if (pos > line.Length) return null;
        var m = regex.Match(line, pos);
        return m.Success ? new Hit(m.Index, m.Length, kind, m.Groups[1].Value, null) : null;
    }

    private static readonly SearchValues<char> HostChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-");

    private static bool IsEndDelimiter(char c) => c is '>' or '<' or '"' or '`' or '}' or ']' or '{' or '[' or '|' or '\t' or '\n' or '\v' or '\f' or '\r' or ' ' or '\x1B' or '\xA0';

    private static bool IsSchemelessStartDelimiter(char c) =>
        c is '!' or '"' or '#' or '$' or '&' or '\'' or '(' or ')' or '*' or '+' or ',' or '/' or ':' or ';' or '<' or '=' or '>' or '?' or '@' or
            '[' or '\\' or ']' or '^' or '`' or '{' or '|' or '}' or '~' or '\t' or '\n' or '\v' or '\f' or '\r' or ' ' or '\x1B' or '\xA0';

    /// <summary>
    /// The schemeless alternative of the pattern, matched by hand with the regex's own backtracking order:
    /// a host-character run starting at a delimiter, the longest prefix ending in '.' + valid TLD (a TLD must be
    /// the whole letter/digit/'-' run, anything shorter cannot be followed), then optional '.', ':port' and '/path',
    /// then an end delimiter or the end of the line.
    /// </summary>
    private Hit? MatchSchemeless(string line, int pos)
    {
        int n = line.Length;
        int i = pos;
        while (i < n)
        {
            // only a run holding a '.' can match: go from dot to dot rather than from word to word
            int dot = line.AsSpan(i).IndexOf('.');
            if (dot < 0) break;
            dot += i;
            int runStart = line.AsSpan(i, dot - i).LastIndexOfAnyExcept(HostChars) + 1 + i;
            int run = line.AsSpan(dot).IndexOfAnyExcept(HostChars);
            i = run < 0 ? n : dot + run;
            if (!char.IsAsciiLetterOrDigit(line[runStart]) || runStart > 0 && !IsSchemelessStartDelimiter(line[runStart - 1])) continue;
            int p = runStart;
            int greedyEnd = Math.Min(i, p + 252);
            for (int k = greedyEnd; k > p; k--)
            {
                if (k >= n || line[k] != '.') continue;
                int t = k + 1;
                while (t < n && (char.IsAsciiLetterOrDigit(line[t]) || line[t] == '-')) t++;
                if (t - k - 1 < 1 || !options.IsValidTld(line.AsSpan(k + 1, t - k - 1))) continue;
                int end = MatchAfterHost(line, t);
                if (end >= 0) return new Hit(p, end - p, 2, line[p..end], line[p..t]);
            }
        }
        return null;
    }

    // \.?(?::[0-9]{1,5})?(?:/[^enddelim]{1,2048})?(?=[enddelim]|\z), greedy with backtracking; -1 when it fails.
    private static int MatchAfterHost(string line, int q)
    {
        int n = line.Length;
        Span<int> afterDot = stackalloc int[2];
        int dots = 0;
        if (q < n && line[q] == '.') afterDot[dots++] = q + 1;
        afterDot[dots++] = q;
        for (int a = 0; a < dots; a++)
        {
            int q1 = afterDot[a];
            int digits = 0;
            if (q1 < n && line[q1] == ':')
                while (digits < 5 && q1 + 1 + digits < n && char.IsAsciiDigit(line[q1 + 1 + digits])) digits++;
            for (int d = digits; d >= 0; d--)
            {
                int q2 = d > 0 ? q1 + 1 + d : q1;
                if (q2 < n && line[q2] == '/')
                {
                    int len = 0;
                    while (len < 2048 && q2 + 1 + len < n && !IsEndDelimiter(line[q2 + 1 + len])) len++;
                    int end = q2 + 1 + len;
                    if (len > 0 && (end == n || IsEndDelimiter(line[end]))) return end;
                }
                if (q2 == n || IsEndDelimiter(line[q2])) return q2;
            }
        }
        return -1;
    }

    // Gates that are exact: a kind that cannot match anywhere in the line is not run on it.
    private static bool MayHaveKnownScheme(string line) => line.AsSpan().ContainsAny(KnownSchemeWords);

    private static bool MayHaveMail(string line) => line.Contains('@') || line.AsSpan().ContainsAny(Mailto);

    // One vectorised case-insensitive search instead of a scalar OrdinalIgnoreCase scan per word (the
    // invariant-globalization IndexOf walks the line char by char).
    private static readonly SearchValues<string> KnownSchemeWords = SearchValues.Create(["http", "ftp", "www"], StringComparison.OrdinalIgnoreCase);
    private static readonly SearchValues<string> Mailto = SearchValues.Create(["mailto:"], StringComparison.OrdinalIgnoreCase);

    // A schemeless host ends in '.' + a whole run of [A-Za-z0-9-] that is a valid TLD (a shorter prefix would be
    // followed by a character the pattern cannot continue with).
    private bool MayHaveSchemeless(string line)
    {
        int dot = line.IndexOf('.');
        while (dot >= 0)
        {
            int end = dot + 1;
            while (end < line.Length && (char.IsAsciiLetterOrDigit(line[end]) || line[end] == '-')) end++;
            if (end - dot - 1 >= 2 && options.IsValidTld(line.AsSpan(dot + 1, end - dot - 1))) return true;
            dot = line.IndexOf('.', dot + 1);
        }
        return false;
    }

    [ThreadStatic] private static HashSet<string>? seenScratch;
    [ThreadStatic] private static bool[]? activeScratch;
    [ThreadStatic] private static Hit?[]? nextScratch;

    /// <summary>Adds the URIs found in <paramref name="lines"/> (the body array) to <paramref name="sink"/>.</summary>
    public void Find(IReadOnlyList<string> lines, UriCollector sink)
    {
        var seen = seenScratch ??= new HashSet<string>(StringComparer.Ordinal);
        seen.Clear();
        foreach (var line in lines)
        {
            if (!MightHaveUri(line)) continue;
            var active = activeScratch ??= new bool[3];
            active[0] = MayHaveKnownScheme(line);
            active[1] = MayHaveMail(line);
            active[2] = MayHaveSchemeless(line);
            // The hand matchers read classes as plain octets; a line with wider characters (where case-insensitive
            // classes also take a few non-Latin-1 letters) goes to the regexes.
            bool octets = !line.AsSpan().ContainsAnyExceptInRange('\0', '\xFF');
            var next = nextScratch ??= new Hit?[3];
            Array.Clear(next);
            int pos = 0;
            for (var hit = Earliest(next, active, line, pos, octets); hit != null; hit = Earliest(next, active, line, pos, octets))
            {
                var m = hit.Value;
                pos = m.Index + Math.Max(1, m.Length);
                string rawType = m.Kind == 0 ? "scheme" : m.Kind == 1 ? "mail" : "schemeless";
                string rawUri = m.Raw;
                string? schemelessHost = m.Host;
                rawUri = TrimEnd(rawUri);
                if (!seen.Add(rawUri)) continue;
                if (rawType == "mail" && !rawUri.Contains('@')) continue;
                if (schemelessHost != null && !UriCanonicalizer.IsFqdnValid(schemelessHost)) continue;
                if (rawUri.StartsWith("cid:", StringComparison.OrdinalIgnoreCase) || rawUri.StartsWith("mid:", StringComparison.OrdinalIgnoreCase)) continue;
                if (IsBareScheme(rawUri)) continue;
                var uri = rawUri;
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
                sink.Add(uri, requireDomain: true);
            }
        }
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

    private static string StripMailPrefix(string uri)
    {
        var m = MailPrefix().Match(uri);
        return m.Success ? uri[m.Length..] : uri;
    }

    [GeneratedRegex(@"^(?:skype|e?-?mail)?:+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MailPrefix();
}
