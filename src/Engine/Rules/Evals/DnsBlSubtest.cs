using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Spamd.Engine.Rules.Evals;

/// <summary>
/// The subtest of <c>check_rbl</c>/<c>check_rbl_sub</c>/<c>check_rbl_txt</c>, as DNSEval reads it: digits alone
/// are a bit mask over a 127/8 answer, a dotted quad must equal the answer, anything else is a Perl regex
/// matched against the answer text (A address or TXT string).
/// </summary>
public sealed partial class DnsBlSubtest
{
    private static readonly ConcurrentDictionary<string, DnsBlSubtest?> Compiled = new(StringComparer.Ordinal);

    private readonly uint? mask;
    private readonly string? address;
    private readonly RuleRegex? regex;

    private DnsBlSubtest(uint? mask, string? address, RuleRegex? regex)
    {
        this.mask = mask;
        this.address = address;
        this.regex = regex;
    }

    [GeneratedRegex(@"^\d+(?:\.\d+\.\d+\.\d+)?$")]
    private static partial Regex NumberOrQuad();

    [GeneratedRegex(@"^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$")]
    private static partial Regex LoopbackQuad();

    /// <summary>The subtest for a text, compiled once per process; null when its regex does not compile.</summary>
    public static DnsBlSubtest? Of(string text) => Compiled.GetOrAdd(text, Compile);

    private static DnsBlSubtest? Compile(string text)
    {
        if (NumberOrQuad().IsMatch(text))
            return text.Contains('.') ? new DnsBlSubtest(null, text, null)
                : uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out uint bits) ? new DnsBlSubtest(bits, null, null) : null;
        var timeout = TimeSpan.FromMilliseconds(100);
        var regex = text.StartsWith('/') ? RuleRegex.Create(text, timeout, allowNonBacktracking: false, out _)
            : RuleRegex.Create(text, "", timeout, allowNonBacktracking: false, out _);
        return regex is null ? null : new DnsBlSubtest(null, null, regex);
    }

    public bool Matches(string answer)
    {
        if (regex is not null)
        {
            int timeouts = 0;
            return regex.IsMatch(answer, ref timeouts);
        }
        if (mask is { } bits) return LoopbackQuad().IsMatch(answer) && (ToNumber(answer) ?? 0) is var n && (n & bits) != 0;
        return address == answer;
    }

    /// <summary>A dotted quad as a 32-bit number (inet_aton's common form), or null.</summary>
    public static uint? ToNumber(string quad)
    {
        var parts = quad.Split('.');
        if (parts.Length != 4) return null;
        uint value = 0;
        foreach (var part in parts)
        {
            if (part.Length is 0 or > 3 || !part.All(char.IsAsciiDigit)) return null;
            uint octet = uint.Parse(part, CultureInfo.InvariantCulture);
            if (octet > 255) return null;
            value = value << 8 | octet;
        }
        return value;
    }
}
