using System.Collections.Frozen;
using System.Globalization;
using Spamd.Engine.Dns;

namespace Spamd.Engine.Rules.Evals;

/// <summary>What a URIDNSBL rule looks up.</summary>
public enum UriDnsBlKind
{
    /// <summary>uridnsbl/uridnssub: the addresses of the domain's name servers (or, with tflags a, of the host).</summary>
    Address,
    /// <summary>urirhsbl/urirhssub: the domain (or the host with tflags notrim) itself.</summary>
    Domain,
    /// <summary>urinsrhsbl/urinsrhssub: the registrable domains of the domain's name servers.</summary>
    NameServerDomain,
    /// <summary>urifullnsrhsbl/urifullnsrhssub: the full host names of the domain's name servers.</summary>
    NameServerHost,
}

/// <summary>
/// One URIDNSBL rule as configured (<c>urirhssub NAME zone A 127.0.1.2</c> ...), its tflags read at compile time.
/// <see cref="Subtest"/> is canonical: "n" (a bit mask), "n1-n2" (a range) or "n/m" (value and mask), or null.
/// </summary>
public sealed record UriDnsBlRule(string Name, string Zone, DnsRecordType Type, UriDnsBlKind Kind, string? Subtest)
{
    public bool DomainsOnly { get; init; }
    public bool IpsOnly { get; init; }
    public bool NoTrim { get; init; }
    public bool LooksUpHostAddress { get; init; }
    public bool LooksUpNameServers { get; init; }

    /// <summary>Parses the value of one of the eight directives; null when it is malformed.</summary>
    public static UriDnsBlRule? Parse(string directive, string value)
    {
        var kind = directive switch
        {
            "uridnsbl" or "uridnssub" => UriDnsBlKind.Address,
            "urirhsbl" or "urirhssub" => UriDnsBlKind.Domain,
            "urinsrhsbl" or "urinsrhssub" => UriDnsBlKind.NameServerDomain,
            "urifullnsrhsbl" or "urifullnsrhssub" => UriDnsBlKind.NameServerHost,
            _ => (UriDnsBlKind?)null,
        };
        if (kind is null) return null;
        bool hasSubtest = directive.EndsWith("sub", StringComparison.Ordinal);
        var words = value.Split((char[]?)null, hasSubtest ? 4 : 3, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length != (hasSubtest ? 4 : 3) || !words[0].All(c => char.IsAsciiLetterOrDigit(c) || c == '_')) return null;
        if (!Enum.TryParse<DnsRecordType>(words[2], ignoreCase: false, out var type) || type is not (DnsRecordType.A or DnsRecordType.TXT)) return null;
        string? subtest = null;
        if (hasSubtest && (subtest = CanonicalSubtest(words[3].Trim())) is null) return null;
        return new UriDnsBlRule(words[0], words[1].TrimEnd('.'), type, kind.Value, subtest);
    }

    /// <summary>
    /// SpamAssassin's parse_and_canonicalize_subtest: numbers in decimal, 0x hex or dotted quad, alone (a mask;
    /// a lone dotted quad means exactly that address) or as n1-n2 or n/m; null on a syntax error.
    /// </summary>
    public static string? CanonicalSubtest(string subtest)
    {
        int delimiter = subtest.IndexOfAny(['/', '-']);
        string first = delimiter < 0 ? subtest : subtest[..delimiter];
        string? second = delimiter < 0 ? null : subtest[(delimiter + 1)..];
        if (first.Length == 0 || second is { Length: 0 }) return null;
        bool anyQuad = false;
        var n1 = Number(first, ref anyQuad);
        var n2 = second is null ? null : Number(second, ref anyQuad);
        if (n1 is null || (second is not null && n2 is null)) return null;
        if (second is not null) return $"{n1}{subtest[delimiter]}{n2}";
        return anyQuad ? $"{n1}-{n1}" : n1.ToString();
    }

    private static ulong? Number(string text, ref bool quad)
    {
        if (text.Length is >= 1 and <= 10 && text.All(char.IsAsciiDigit)) return ulong.Parse(text, CultureInfo.InvariantCulture);
        if (text.StartsWith("0x", StringComparison.Ordinal) && text.Length is > 2 and <= 10
            && ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong hex))
            return hex;
        if (DnsBlSubtest.ToNumber(text) is { } address)
        {
            quad = true;
            return address;
        }
        return null;
    }

    /// <summary>The configured rules with their tflags (<c>domains_only ips_only notrim a ns</c>) applied.</summary>
    public static FrozenDictionary<string, UriDnsBlRule> WithFlags(IReadOnlyDictionary<string, UriDnsBlRule> rules, IReadOnlyDictionary<string, string> tflags) =>
        rules.Values.Select(rule =>
        {
            var words = (tflags.GetValueOrDefault(rule.Name) ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return rule with
            {
                DomainsOnly = words.Contains("domains_only"),
                IpsOnly = words.Contains("ips_only"),
                NoTrim = words.Contains("notrim"),
                LooksUpHostAddress = words.Contains("a"),
                LooksUpNameServers = words.Contains("ns"),
            };
        }).ToFrozenDictionary(rule => rule.Name, StringComparer.Ordinal);

    /// <summary>URIDNSBL's answer test: any 127/8 answer without a subtest; else equality, mask, range or value/mask.</summary>
    public bool Matches(DnsRecord answer)
    {
        uint? number = answer.Type == DnsRecordType.A ? DnsBlSubtest.ToNumber(answer.Data) : null;
        if (Subtest is null) return answer.Type != DnsRecordType.A || answer.Data.StartsWith("127.", StringComparison.Ordinal);
        if (Subtest == answer.Data) return true;
        if (number is not { } n) return false;
        int delimiter = Subtest.IndexOfAny(['/', '-']);
        if (delimiter < 0)
            return ulong.TryParse(Subtest, CultureInfo.InvariantCulture, out ulong mask) && (n & mask) != 0 && (n & 0xff000000) == 0x7f000000;
        ulong low = ulong.Parse(Subtest.AsSpan(0, delimiter), CultureInfo.InvariantCulture);
        ulong high = ulong.Parse(Subtest.AsSpan(delimiter + 1), CultureInfo.InvariantCulture);
        return Subtest[delimiter] == '-' ? n >= low && n <= high : (n & high) == (low & high);
    }
}
