using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Spamd.Engine.Mime;

/// <summary>
/// The "slightly cooked" variants SpamAssassin adds next to each raw URI (Util::uri_list_canonicalize): percent
/// escapes of printable characters decoded, scheme added and slashes fixed, default ports dropped, IDN hosts in
/// ACE form, user-info dropped, numeric and hex IPs in dotted form, redirector targets extracted. Also the host
/// checks (is_fqdn_valid, is_domain_valid, uri_to_domain) the variants are filtered with.
/// </summary>
public static partial class UriCanonicalizer
{
    private const int MaxRedirectsFollowed = 16;

    private static readonly Regex[] NoPatterns = [];
    private static readonly System.Buffers.SearchValues<string> HttpWord = System.Buffers.SearchValues.Create(["http"], StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"^(https?://)([^@/?#]*@)?([^/?#:]+)((?::(\d*))?.*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex HttpParts();

    [GeneratedRegex(@"^((?:0x[0-9a-f]+|\d+)\.)((?:0x[0-9a-f]+|\d+)\.)((?:0x[0-9a-f]+|\d+)\.)(0x[0-9a-f]+|\d+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DottedNumbers();

    [GeneratedRegex(@"(https?:/{0,2}[^&#]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EmbeddedHttp();

    [GeneratedRegex(@"\&\#0*(3[3-9]|[4-9]\d|1[01]\d|12[0-6]);", RegexOptions.CultureInvariant)]
    private static partial Regex DecimalRef();

    [GeneratedRegex(@"\&\#x0*(2[1-9]|[3-6][a-fA-F0-9]|7[0-9a-eA-E]);", RegexOptions.CultureInvariant)]
    private static partial Regex HexRef();

    [GeneratedRegex(@"\&\#(?:x2e|12290|x3002|65294|xff0e|65377|xff61);", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DotRef();

    [GeneratedRegex(@"%[0-9a-fA-F]{2}", RegexOptions.CultureInvariant)]
    private static partial Regex PercentEscape();

    [GeneratedRegex(@"^(https?:)/{0,2}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HttpSlashes();

    [GeneratedRegex(@"^[-_a-z0-9]+:", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HasScheme();

    [GeneratedRegex(@"^(https?://[^/?#]+)([?#])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QueryAfterHost();

    [GeneratedRegex(@"^0x[0-9a-f]+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HexHost();

    [GeneratedRegex(@"^(?:www\.)?([^.]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex SingleLabelHost();

    [GeneratedRegex(@"^([^@]+@[^?]+)\?", RegexOptions.CultureInvariant)]
    private static partial Regex MailQuery();

    [GeneratedRegex(@"^([^@]+@[^?&]+)&", RegexOptions.CultureInvariant)]
    private static partial Regex MailAmp();

    [GeneratedRegex(@"^(?:mailto:)?(?:%20)*([^@]+@[^?&%]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MailSpaces();

    [GeneratedRegex(@"^[^?&]*<([^@>]+@[^>]+)>", RegexOptions.CultureInvariant)]
    private static partial Regex MailAngle();

    [GeneratedRegex(@"^0+([1-3][0-7]{0,2}|[4-7][0-7]?)\b", RegexOptions.CultureInvariant)]
    private static partial Regex OctalOctet();

    [GeneratedRegex(@"%(?:2[1-9a-f]|[3-6][0-9a-f]|7[0-9a-e])", RegexOptions.CultureInvariant)]
    private static partial Regex PrintableEscape();

    /// <summary>The raw URI and all its canonical variants, without duplicates.</summary>
    public static List<string> Canonicalize(string raw, UriOptions options)
    {
        var result = new List<string>();
        Canonicalize(raw, options, result);
        return result;
    }

    [ThreadStatic] private static List<string>? urisScratch, variantsScratch;

    /// <summary>As <see cref="Canonicalize(string, UriOptions)"/>, into <paramref name="result"/> (cleared first).</summary>
    internal static void Canonicalize(string raw, UriOptions options, List<string> result)
    {
        var uris = urisScratch ??= new List<string>();
        var variants = variantsScratch ??= new List<string>();
        uris.Clear();
        variants.Clear();
        result.Clear();
        uris.Add(raw);
        for (int index = 0; index < uris.Count && index <= MaxRedirectsFollowed; index++)
        {
            var uri = uris[index].Replace("\n", "").Replace("\r", "").Trim(' ', '\t', '\n', '\r', '\f', '\v');
            uris[index] = uri;
            if (uri.Length <= 1 || uri[0] is '#' or '?' or '&' || uri[0] == '/' && (uri.Length < 2 || uri[1] != '/')) continue;
            if (uri.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) || IsAtBeforeColon(uri))
            {
                AddMailtoVariants(uri, variants);
                continue;
            }
            var n = uri.Replace('\\', '/');
            if (n.StartsWith("http", StringComparison.OrdinalIgnoreCase)) n = FixHttpSlashes(n);
            if (n.Contains('%') && HasPercentEscape(n)) n = UrlEncode(n);
            if (!StartsWithScheme(n))
                n = (n.StartsWith("ftp.", StringComparison.Ordinal) ? "ftp://" : "http://") + n;
            n = SlashBeforeQuery(n);
            if (n.Contains("&#", StringComparison.Ordinal))
            {
                n = DecimalRef().Replace(n, m => ((char)int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToString());
                n = HexRef().Replace(n, m => ((char)int.Parse(m.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToString());
                n = DotRef().Replace(n, ".");
            }
            if (n != uri) variants.Add(n);

            if (!TrySplitHttp(n, out var proto, out var auth, out var host, out var rest, out var port)) continue;
            string? restNoPort = null;
            if (port.Length == 0) port = proto == "http://" ? "80" : "443";
            else
            {
                restNoPort = rest;
                var defaultPort = proto == "http://" ? ":80" : ":443";
                if (restNoPort.StartsWith(defaultPort, StringComparison.Ordinal) &&
                    (restNoPort.Length == defaultPort.Length || !IsWordChar(restNoPort[defaultPort.Length])))
                {
                    restNoPort = restNoPort[defaultPort.Length..];
                    variants.Add(proto + host + restNoPort);
                }
            }
            var nhost = IdnToAscii(host);
            if (nhost != host.ToLowerInvariant())
            {
                variants.Add(proto + nhost + rest);
                if (!string.IsNullOrEmpty(restNoPort)) variants.Add(proto + nhost + restNoPort);
                host = nhost;
            }
            if (host.AsSpan().IndexOfAnyInRange('\0', ' ') >= 0)
            {
                host = string.Concat(host.Where(c => c > ' '));
                variants.Add(proto + host + rest);
            }

            bool redirected = false;
            // the string the redirectors read; often the URI itself, which then needs no new copy
            var whole = auth.Length == 0 && n.Length == proto.Length + host.Length + rest.Length && n.AsSpan(proto.Length).StartsWith(host)
                ? n : proto + host + rest;
            foreach (var re in options.MayBeRedirector(whole) ? options.RedirectorPatterns : NoPatterns)
            {
                Match rm;
                try { rm = re.Match(whole); }
                catch (RegexMatchTimeoutException) { continue; }
                if (!rm.Success || rm.Groups.Count < 2 || !rm.Groups[1].Success || !rm.Groups[1].Value.Contains('.')) continue;
                uris.Add(rm.Groups[1].Value);
                redirected = true;
                break;
            }
            if (!redirected && rest.AsSpan().ContainsAny(HttpWord))
            {
                var em = EmbeddedHttp().Match(rest);
                if (em.Success && em.Groups[1].Value.Contains('.')) uris.Add(em.Groups[1].Value);
            }
            int at = host.LastIndexOf('@');
            if (at >= 0)
            {
                host = host[(at + 1)..];
                variants.Add(proto + host + rest);
            }
            int trail = host.Length;
            while (trail > 0 && !char.IsAsciiLetterOrDigit(host[trail - 1])) trail--;
            if (trail < host.Length)
            {
                host = host[..trail];
                variants.Add(proto + host + rest);
            }
            var dotted = host.Length > 0 && char.IsDigit(host[0]) ? DottedNumbers().Match(host) : Match.Empty;
            if (dotted.Success)
            {
                var sb = new StringBuilder(proto);
                for (int g = 1; g <= 4; g++) sb.Append(Octet(dotted.Groups[g].Value));
                variants.Add(sb.Append(rest).ToString());
            }
            else if (host.StartsWith('0') && HexHost().IsMatch(host))
            {
                var hex = host[2..];
                if (hex.Length > 8) hex = hex[^8..];
                variants.Add(proto + LongToIp(ulong.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture)) + rest);
            }
            else if (host.Length > 0 && !host.AsSpan().ContainsAnyExceptInRange('0', '9'))
            {
                variants.Add(proto + LongToIp(ulong.TryParse(host, out var v) ? v : ulong.MaxValue) + rest);
            }
            else if (proto == "http://" && auth.Length == 0 && nhost != "localhost" && port == "80" &&
                     SingleLabel(nhost) is { } single && !IsDomainValid(nhost, options))
            {
                variants.Add(proto + "www." + single + ".com" + rest);
            }
        }
        // a handful of strings: a linear look-up beats building a set
        foreach (var u in uris) if (!result.Contains(u)) result.Add(u);
        foreach (var u in variants) if (!result.Contains(u)) result.Add(u);
    }

    // The hand-written matchers below stand for anchored case-insensitive regexes; they run when the characters
    // they look at are ASCII (where case folding is plain) and hand anything else to the regex.
    private static bool IsAsciiPrefix(string s, int length) => !s.AsSpan(0, Math.Min(length, s.Length)).ContainsAnyExceptInRange('\0', '\x7F');

    // Length of "https?:" at the start (ASCII case-insensitive), or 0.
    private static int HttpSchemeLength(string s)
    {
        if (!s.StartsWith("http", StringComparison.OrdinalIgnoreCase) || s.Length < 5) return 0;
        if ((s[4] | 0x20) == 's') return s.Length > 5 && s[5] == ':' ? 6 : 0;
        return s[4] == ':' ? 5 : 0;
    }

    // s/^(https?:)\/{0,2}/$1\/\//i
    private static string FixHttpSlashes(string n)
    {
        if (!IsAsciiPrefix(n, 6)) return HttpSlashes().Replace(n, "$1//");
        int scheme = HttpSchemeLength(n);
        if (scheme == 0) return n;
        int slashes = 0;
        while (slashes < 2 && scheme + slashes < n.Length && n[scheme + slashes] == '/') slashes++;
        return slashes == 2 ? n : string.Concat(n.AsSpan(0, scheme), "//", n.AsSpan(scheme + slashes));
    }

    // /^[-_a-z0-9]+:/i
    private static bool StartsWithScheme(string n)
    {
        int i = 0;
        while (i < n.Length && (char.IsAsciiLetterOrDigit(n[i]) || n[i] is '-' or '_')) i++;
        if (i < n.Length && n[i] > '\x7F') return HasScheme().IsMatch(n);
        return i > 0 && i < n.Length && n[i] == ':';
    }

    // s/^(https?:\/\/[^\/?#]+)([?#])/$1\/$2/i
    private static string SlashBeforeQuery(string n)
    {
        if (!IsAsciiPrefix(n, 8)) return QueryAfterHost().Replace(n, "$1/$2");
        int scheme = HttpSchemeLength(n);
        if (scheme == 0 || !n.AsSpan(scheme).StartsWith("//")) return n;
        int hostStart = scheme + 2;
        int stop = n.AsSpan(hostStart).IndexOfAny('/', '?', '#');
        if (stop <= 0 || n[hostStart + stop] == '/') return n;
        return n.Insert(hostStart + stop, "/");
    }

    // ^(https?://)([^@/?#]*@)?([^/?#:]+)((?::(\d*))?.*)$ with the regex's backtracking: when the user-info reading
    // leaves no host, the host is read from the start of the authority instead.
    private static bool TrySplitHttp(string n, out string proto, out string auth, out string host, out string rest, out string port)
    {
        proto = auth = host = rest = port = "";
        if (!IsAsciiPrefix(n, 8)) return TrySplitHttpByRegex(n, out proto, out auth, out host, out rest, out port);
        int scheme = HttpSchemeLength(n);
        if (scheme == 0 || !n.AsSpan(scheme).StartsWith("//")) return false;
        int start = scheme + 2;
        int hostStart = start;
        int stop = n.AsSpan(start).IndexOfAny(AuthorityStops);
        if (stop >= 0 && n[start + stop] == '@')
        {
            int afterAt = start + stop + 1;
            if (HostLength(n, afterAt) > 0) hostStart = afterAt;
        }
        int hostLength = HostLength(n, hostStart);
        if (hostLength == 0) return false;
        proto = start == 7 && n.StartsWith("http://", StringComparison.Ordinal) ? "http://" :
            start == 8 && n.StartsWith("https://", StringComparison.Ordinal) ? "https://" : n[..start];
        auth = n[start..hostStart];
        host = n.Substring(hostStart, hostLength);
        rest = n[(hostStart + hostLength)..];
        if (rest.StartsWith(':'))
        {
            int digits = 1;
            while (digits < rest.Length && char.IsDigit(rest[digits])) digits++;
            port = rest[1..digits];
        }
        return true;
    }

    private static int HostLength(string n, int from)
    {
        int stop = n.AsSpan(from).IndexOfAny(HostStops);
        return stop < 0 ? n.Length - from : stop;
    }

    private static readonly System.Buffers.SearchValues<char> AuthorityStops = System.Buffers.SearchValues.Create("@/?#");
    private static readonly System.Buffers.SearchValues<char> HostStops = System.Buffers.SearchValues.Create("/?#:");

    private static bool TrySplitHttpByRegex(string n, out string proto, out string auth, out string host, out string rest, out string port)
    {
        var parts = HttpParts().Match(n);
        proto = parts.Groups[1].Value;
        auth = parts.Groups[2].Value;
        host = parts.Groups[3].Value;
        rest = parts.Groups[4].Value;
        port = parts.Groups[5].Success ? parts.Groups[5].Value : "";
        return parts.Success;
    }

    // ^(?:www\.)?([^.]+)$ : the label, or null
    private static string? SingleLabel(string host)
    {
        int start = host.StartsWith("www.", StringComparison.Ordinal) ? 4 : 0;
        // most hosts have a dot after any "www.": no copy of the label for them
        if (host.Length == start || host.AsSpan(start).Contains('.')) return null;
        return host[start..];
    }

    private static bool IsAtBeforeColon(string uri)
    {
        // /^[^:]*\@/
        int colon = uri.IndexOf(':');
        int at = uri.IndexOf('@');
        return at >= 0 && (colon < 0 || at < colon);
    }

    private static void AddMailtoVariants(string n, List<string> variants)
    {
        var m = MailQuery().Match(n);
        if (m.Success) variants.Add(m.Groups[1].Value);
        m = MailAmp().Match(n);
        if (m.Success) variants.Add(m.Groups[1].Value);
        if (n.Contains("%20", StringComparison.Ordinal))
        {
            m = MailSpaces().Match(n);
            if (m.Success) variants.Add("mailto:" + m.Groups[1].Value);
        }
        m = MailAngle().Match(n);
        if (m.Success) variants.Add("mailto:" + m.Groups[1].Value);
    }

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static string Octet(string chunk)
    {
        bool dot = chunk.EndsWith('.');
        var s = dot ? chunk[..^1] : chunk;
        if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            s = ulong.TryParse(s[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var h) ? h.ToString(CultureInfo.InvariantCulture) : s;
        else
        {
            var m = OctalOctet().Match(s);
            if (m.Success) s = Convert.ToInt32(m.Groups[1].Value, 8).ToString(CultureInfo.InvariantCulture) + s[m.Length..];
            s = s.TrimStart('0');
        }
        return dot ? s + "." : s;
    }

    private static string LongToIp(ulong value)
    {
        if (value > uint.MaxValue) value = uint.MaxValue;
        return $"{(value >> 24) & 255}.{(value >> 16) & 255}.{(value >> 8) & 255}.{value & 255}";
    }

    public static bool HasPercentEscape(string uri) => PercentEscape().IsMatch(uri);

    /// <summary>Util::url_encode: printable escapes decoded, controls, spaces, 8-bit and <c>"%&lt;&gt;</c> escaped.</summary>
    public static string UrlEncode(string url)
    {
        var sb = new StringBuilder(url.Length + 8);
        for (int i = 0; i < url.Length; i++)
        {
            char c = url[i];
            if (c == '%' && i + 2 < url.Length && char.IsAsciiHexDigit(url[i + 1]) && char.IsAsciiHexDigit(url[i + 2]))
            {
                var pair = url.Substring(i + 1, 2);
                bool keep = pair.Equals("20", StringComparison.Ordinal) || pair.Equals("7f", StringComparison.OrdinalIgnoreCase) ||
                            "0189abcdefABCDEF".Contains(pair[0]);
                if (!keep && pair[0] is >= '2' and <= '7') sb.Append((char)Convert.ToInt32(pair, 16));
                else sb.Append(url, i, 3);
                i += 2;
                continue;
            }
            if (c <= ' ' || c >= '\x7f' || c is '"' or '%' or '<' or '>') sb.Append('%').Append(((int)c & 0xFF).ToString("x2", CultureInfo.InvariantCulture));
            else sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>Lower-cased ACE form of a host name (Util::idn_to_ascii).</summary>
    public static string IdnToAscii(string host)
    {
        bool plain = true;
        foreach (var c in host) if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or ':' or '[' or ']' or '-')) { plain = false; break; }
        if (plain) return host.ToLowerInvariant();
        try
        {
            var text = host;
            if (HeaderDecoder.HasEightBit(host))
            {
                var bytes = Octets.ToBytes(host);
                try { text = new UTF8Encoding(false, true).GetString(bytes); }
                catch (DecoderFallbackException) { text = Encoding.Latin1.GetString(bytes); }
            }
            text = text.Replace('\u3002', '.').Replace('\uFF0E', '.').Replace('\uFF61', '.');
            return new IdnMapping().GetAscii(text).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return host.ToLowerInvariant();
        }
    }

    /// <summary>Util::is_fqdn_valid on an ASCII host.</summary>
    public static bool IsFqdnValid(string host)
    {
        var h = host.ToLowerInvariant().AsSpan().TrimEnd('.');
        if (h.Length > 253) return false;
        int remaining = h.Count('.') + 1;
        if (remaining < 2) return false;
        while (true)
        {
            int dot = h.IndexOf('.');
            var label = dot < 0 ? h : h[..dot];
            if (label.Length is < 1 or > 63) return false;
            foreach (var c in label) if (!(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_' or '-')) return false;
            if (label[0] == '-' || label[^1] == '-') return false;
            if (remaining <= 2 && label.Contains('_')) return false;
            remaining--;
            if (dot < 0) return true;
            h = h[(dot + 1)..];
        }
    }

    /// <summary>RegistryBoundaries::is_domain_valid: ends in a known TLD.</summary>
    public static bool IsDomainValid(string domain, UriOptions options)
    {
        var d = IdnToAscii(domain);
        if (d.AsSpan().IndexOfAny(" \t\n\r\f\v") >= 0) return false;
        int dot = d.LastIndexOf('.');
        if (dot < 0 || dot == d.Length - 1) return false;
        return options.HasTld(d.AsSpan(dot + 1));
    }

    /// <summary>RegistryBoundaries::uri_to_domain's host, or null when the URI has no usable host.</summary>
    public static string? UriHost(string uri, UriOptions options)
    {
        // An ASCII URI lower-cases like its host alone, so only the host is copied; anything wider (where case
        // mapping can turn a non-ASCII letter into an ASCII one) lower-cases the whole URI first.
        bool ascii = !uri.AsSpan().ContainsAnyExceptInRange('\0', '\x7F');
        var u = ascii ? uri : uri.ToLowerInvariant();
        if (u.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase) || u.StartsWith("cid:", StringComparison.OrdinalIgnoreCase) ||
            u.StartsWith("file:", StringComparison.OrdinalIgnoreCase)) return null;
        string found;
        if (u.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
        {
            var address = u.AsSpan(7);
            int q = address.IndexOf('?');
            if (q >= 0) address = address[..q];
            int at = address.IndexOf('@');
            if (at < 0 || address[(at + 1)..].Contains('@')) return null;
            found = address[(at + 1)..].ToString();
        }
        else found = AuthorityHost(u);
        if (ascii) found = found.ToLowerInvariant();
        if (found.Contains('%') && PrintableEscape().IsMatch(found)) return null;
        var host = IdnToAscii(found);
        if ((host.Contains(':') || host.AsSpan().Count('.') == 3) && IPAddress.TryParse(host.Trim('[', ']'), out _)) return host;
        if (!IsFqdnValid(host) || !IsDomainValid(host, options)) return null;
        return host;
    }

    // s/^[a-z]+:\/{0,2}//; cut at the first of /?#; drop user info up to the last '@'; s/:\d*$//
    private static string AuthorityHost(string u)
    {
        int start = 0;
        while (start < u.Length && char.IsAsciiLetter(u[start])) start++;
        if (start > 0 && start < u.Length && u[start] == ':')
        {
            start++;
            for (int slashes = 0; slashes < 2 && start < u.Length && u[start] == '/'; slashes++) start++;
        }
        else start = 0;
        int end = u.AsSpan(start).IndexOfAny('/', '?', '#');
        end = end < 0 ? u.Length : start + end;
        int at = u.AsSpan(start, end - start).LastIndexOf('@');
        if (at >= 0) start += at + 1;
        var host = u.AsSpan(start, end - start);
        // '$' also matches before a final newline, which then stays
        int tail = host.EndsWith("\n") ? 1 : 0;
        for (int e = host.Length; e >= host.Length - tail && e > 0; e--)
        {
            int j = e;
            while (j > 0 && char.IsDigit(host[j - 1])) j--;
            if (j > 0 && host[j - 1] == ':') return string.Concat(host[..(j - 1)], host[e..]);
        }
        return start == 0 && end == u.Length ? u : host.ToString();
    }
}
