using System.Text;
using System.Text.RegularExpressions;

namespace Spamd.Engine.Mime;

/// <summary>
/// Relative URI resolution against an HTML base the way HTML.pm's <c>target_uri</c> does it (RFC 3986 section 5.2,
/// non-strict: a relative reference with the base's own scheme loses it; schemeless www./ftp. authorities get
/// http:/ftp:).
/// </summary>
public static partial class UriResolver
{
    [GeneratedRegex(@"^(?:data|mailto|file|cid|tel):", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OpaqueScheme();

    /// <summary>URIs HTML.pm keeps as they are, without resolving against the base.</summary>
    public static bool IsOpaque(string uri) => OpaqueScheme().IsMatch(uri);

    private readonly record struct UriParts(string? Scheme, string? Authority, string Path, string? Query, string? Fragment);

    // RFC 3986 appendix B, ^(?:([^:/?#]+):)?(?://([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))? read by hand: each
    // piece stops at the first delimiter of the next, so there is one way to match.
    private static UriParts Parse(string u)
    {
        int i = 0;
        string? scheme = null, authority = null, query = null, fragment = null;
        int run = u.AsSpan().IndexOfAny(SchemeStops);
        if (run > 0 && u[run] == ':')
        {
            scheme = u[..run];
            i = run + 1;
        }
        if (u.AsSpan(i).StartsWith("//"))
        {
            int end = End(u, i + 2, AuthorityStops);
            authority = u[(i + 2)..end];
            i = end;
        }
        int pathEnd = End(u, i, PathStops);
        string path = u[i..pathEnd];
        i = pathEnd;
        if (i < u.Length && u[i] == '?')
        {
            int end = End(u, i + 1, QueryStops);
            query = u[(i + 1)..end];
            i = end;
        }
        if (i < u.Length && u[i] == '#') fragment = u[(i + 1)..];
        return new UriParts(scheme, authority, path, query, fragment);
    }

    private static int End(string u, int from, System.Buffers.SearchValues<char> stops)
    {
        int stop = u.AsSpan(from).IndexOfAny(stops);
        return stop < 0 ? u.Length : from + stop;
    }

    private static readonly System.Buffers.SearchValues<char> SchemeStops = System.Buffers.SearchValues.Create(":/?#");
    private static readonly System.Buffers.SearchValues<char> AuthorityStops = System.Buffers.SearchValues.Create("/?#");
    private static readonly System.Buffers.SearchValues<char> PathStops = System.Buffers.SearchValues.Create("?#");
    private static readonly System.Buffers.SearchValues<char> QueryStops = System.Buffers.SearchValues.Create("#");

    public static string Resolve(string baseUri, string reference)
    {
        if (baseUri.Length == 0 && ResolvesToItself(reference)) return reference;
        var r = Parse(reference);
        var b = Parse(baseUri);
        if (r.Scheme != null && b.Scheme != null && r.Scheme == b.Scheme) r = r with { Scheme = null };
        string? scheme, authority, query;
        string path;
        if (r.Scheme != null)
        {
            (scheme, authority, path, query) = (r.Scheme, r.Authority, RemoveDotSegments(r.Path), r.Query);
        }
        else
        {
            if (r.Authority != null) (authority, path, query) = (r.Authority, RemoveDotSegments(r.Path), r.Query);
            else
            {
                if (r.Path.Length == 0) (path, query) = (b.Path, r.Query ?? b.Query);
                else
                {
                    path = r.Path.StartsWith('/') ? RemoveDotSegments(r.Path) : RemoveDotSegments(Merge(b.Authority, b.Path, r.Path));
                    query = r.Query;
                }
                authority = b.Authority;
            }
            scheme = b.Scheme;
        }
        var sb = new StringBuilder();
        if (!string.IsNullOrEmpty(scheme) && scheme != "0") sb.Append(scheme).Append(':');
        else if (authority != null)
        {
            if (WwwAuthority().IsMatch(authority)) sb.Append("http:");
            else if (FtpAuthority().IsMatch(authority)) sb.Append("ftp:");
        }
        if (authority != null) sb.Append("//").Append(authority);
        sb.Append(path);
        if (query != null) sb.Append('?').Append(query);
        if (r.Fragment != null) sb.Append('#').Append(r.Fragment);
        return sb.ToString();
    }

    // Without a base, splitting a reference and joining it again gives it back unchanged unless its path has dot
    // segments to remove, it has no scheme but an authority (which may gain "http:"), or its scheme is "0".
    private static bool ResolvesToItself(string u)
    {
        int i = 0;
        int run = u.AsSpan().IndexOfAny(SchemeStops);
        if (run > 0 && u[run] == ':')
        {
            if (run == 1 && u[0] == '0') return false;
            i = run + 1;
            if (u.AsSpan(i).StartsWith("//")) i = End(u, i + 2, AuthorityStops);
        }
        else if (u.StartsWith("//", StringComparison.Ordinal)) return false;
        int pathEnd = End(u, i, PathStops);
        return !HasDotSegment(u.AsSpan(i, pathEnd - i));
    }

    // Whether RemoveDotSegments could change the path: a leading '.', or a "/." followed by '/', '.' or the end.
    private static bool HasDotSegment(ReadOnlySpan<char> path)
    {
        if (path.StartsWith(".")) return true;
        for (int k = path.IndexOf("/."); k >= 0; )
        {
            int next = k + 2;
            if (next == path.Length || path[next] is '/' or '.') return true;
            int more = path[next..].IndexOf("/.");
            k = more < 0 ? -1 : next + more;
        }
        return false;
    }

    [GeneratedRegex(@"^www\d*\.", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WwwAuthority();

    [GeneratedRegex(@"^ftp\d*\.", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FtpAuthority();

    private static string Merge(string? baseAuthority, string basePath, string path)
    {
        if (baseAuthority != null && basePath.Length == 0) return "/" + path;
        int slash = basePath.LastIndexOf('/');
        return (slash >= 0 ? basePath[..(slash + 1)] : "") + path;
    }

    private static string RemoveDotSegments(string input)
    {
        if (input.Length == 0 || !HasDotSegment(input)) return input;
        if (input.StartsWith("../", StringComparison.Ordinal)) input = "/" + input[3..];
        else if (input.StartsWith("./", StringComparison.Ordinal)) input = "/" + input[2..];
        var output = new StringBuilder();
        while (input.Length > 0)
        {
            if (input.StartsWith("/./", StringComparison.Ordinal) || input == "/.") input = "/" + input[Math.Min(3, input.Length)..];
            else if (input.StartsWith("/../", StringComparison.Ordinal) || input == "/..")
            {
                input = "/" + input[Math.Min(4, input.Length)..];
                var o = output.ToString();
                int slash = o.LastIndexOf('/');
                output.Length = slash < 0 ? 0 : slash;
            }
            else
            {
                // (/?[^/]*)
                int i = input[0] == '/' ? 1 : 0;
                while (i < input.Length && input[i] != '/') i++;
                if (i == 0) break;
                output.Append(input, 0, i);
                input = input[i..];
            }
        }
        return output.ToString();
    }
}
