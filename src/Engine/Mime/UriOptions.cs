using System.Buffers;
using System.Collections.Frozen;
using Spamd.Engine.Config;
using Spamd.Engine.Rules.Literals;
using System.Text.RegularExpressions;

namespace Spamd.Engine.Mime;

/// <summary>
/// The configuration URI extraction depends on: the valid top-level domains (SpamAssassin's <c>util_rb_tld</c>,
/// which decides what a schemeless domain is), the registry suffixes, and the <c>redirector_pattern</c> regexes.
/// The rule engine builds them from its loaded configuration (<see cref="ConfigBuilder.BuildUriOptions"/>);
/// <see cref="Default"/> serves callers without one.
/// </summary>
public sealed class UriOptions
{
    private static readonly Lazy<UriOptions> DefaultOptions = new(() => ConfigLoader.Load(new RuleLoadOptions()).BuildUriOptions());

    public UriOptions(IEnumerable<string> validTlds, IEnumerable<Regex> redirectorPatterns,
        IEnumerable<string>? twoLevelDomains = null, IEnumerable<string>? threeLevelDomains = null)
    {
        ValidTlds = validTlds.Select(t => t.ToLowerInvariant()).ToFrozenSet(StringComparer.Ordinal);
        validTldLookup = ValidTlds.GetAlternateLookup<ReadOnlySpan<char>>();
        RedirectorPatterns = redirectorPatterns.ToArray();
        redirectorLiterals = RequiredLiterals(RedirectorPatterns);
        TwoLevelDomains = (twoLevelDomains ?? []).Select(t => t.ToLowerInvariant()).ToFrozenSet(StringComparer.Ordinal);
        ThreeLevelDomains = (threeLevelDomains ?? []).Select(t => t.ToLowerInvariant()).ToFrozenSet(StringComparer.Ordinal);
    }

    public FrozenSet<string> ValidTlds { get; }

    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> validTldLookup;

    /// <summary>Whether a lower-case label is a valid TLD.</summary>
    internal bool HasTld(ReadOnlySpan<char> label) => validTldLookup.Contains(label);

    /// <summary>Whether an ASCII label, in any case, is a valid TLD (no string is made for the lookup).</summary>
    internal bool IsValidTld(ReadOnlySpan<char> label)
    {
        if (label.Length > 64) return ValidTlds.Contains(label.ToString().ToLowerInvariant());
        Span<char> lower = stackalloc char[label.Length];
        label.ToLowerInvariant(lower);
        return validTldLookup.Contains(lower);
    }

    /// <summary>Registry suffixes of two and three labels (<c>util_rb_2tld</c>, <c>util_rb_3tld</c>) for <c>:domain</c>.</summary>
    public FrozenSet<string> TwoLevelDomains { get; }
    public FrozenSet<string> ThreeLevelDomains { get; }

    private static readonly FrozenSet<string> UsStates = ("ak al ar az ca co ct dc de fl ga gu hi ia id il in ks ky la ma md me mi mn mo ms " +
        "mt nc nd ne nh nj nm nv ny oh ok or pa pr ri sc sd tn tx ut va vi vt wa wi wv wy").Split(' ').ToFrozenSet(StringComparer.Ordinal);

    /// <summary>RegistryBoundaries::trim_domain: the registrable domain of a host name.</summary>
    public string TrimDomain(string host)
    {
        var labels = UriCanonicalizer.IdnToAscii(host).Split('.', StringSplitOptions.RemoveEmptyEntries);
        int first = 0;
        while (labels.Length - first > 1)
        {
            int n = labels.Length - first;
            var tail = labels.AsSpan(first);
            if (n == 2 && TwoLevelDomains.Contains(string.Join('.', tail.ToArray()))) break;
            if (n == 3 && (tail[2] == "us" ? UsStates.Contains(tail[1]) : ThreeLevelDomains.Contains(string.Join('.', tail.ToArray())))) break;
            if (n == 4 && tail[3] == "us" && (tail[0] == "pvt" && tail[1] == "k12" || tail[0] is "ci" or "co") && UsStates.Contains(tail[2])) break;
            first++;
        }
        if (first > 0) first--;
        return string.Join('.', labels[first..]);
    }

    public IReadOnlyList<Regex> RedirectorPatterns { get; }

    /// <summary>The body-text URI finder of these options (one per options, so it lives as long as they do).</summary>
    internal TextUriFinder TextFinder => textFinder ??= new TextUriFinder(this);
    private TextUriFinder? textFinder;

    // One literal from each redirector's required set: an ASCII URI holding none of them matches no redirector,
    // so the whole list is skipped in one vectorised search (most URIs name no redirector). Null when some
    // pattern has no literal to require.
    private readonly SearchValues<string>? redirectorLiterals;

    /// <summary>Whether some redirector pattern could match <paramref name="uri"/> (false only when none can).</summary>
    internal bool MayBeRedirector(string uri)
    {
        if (RedirectorPatterns.Count == 0) return false;
        // case-insensitive matching pairs a few non-ASCII letters with ASCII ones (the Kelvin sign with 'k'):
        // such URIs take every regex
        if (redirectorLiterals is null || uri.AsSpan().ContainsAnyExceptInRange('\0', '\x7F')) return true;
        return uri.AsSpan().ContainsAny(redirectorLiterals);
    }

    private static SearchValues<string>? RequiredLiterals(IReadOnlyList<Regex> patterns)
    {
        var all = new List<string>();
        foreach (var regex in patterns)
        {
            var flags = (regex.Options & RegexOptions.IgnorePatternWhitespace) != 0 ? "x" : "";
            if (LiteralExtractor.Extract(regex.ToString(), flags) is not { } literals) return null;
            all.AddRange(literals);
        }
        return all.Count == 0 ? null : SearchValues.Create(all.Distinct(StringComparer.Ordinal).ToArray(), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The URI options of the installed configuration as spamd would read it, for callers that have no loaded
    /// configuration of their own (tests, tools); the rule engine passes its configuration's options instead.
    /// </summary>
    public static UriOptions Default => DefaultOptions.Value;

    // A redirector_pattern as written in a rule file (/re/flags or m'...'flags), read and translated as the rules'
    // regexes are; compiled, since each is tried on every http(s) URI of every message.
    internal static bool TryPerlRegex(string text, out Regex? regex, out string? error)
    {
        regex = null;
        var translation = Spamd.Engine.Rules.PerlRegex.TranslateDelimited(text.Trim());
        if (!translation.Succeeded)
        {
            error = translation.Error;
            return false;
        }
        try
        {
            regex = new Regex(translation.Pattern, translation.Options | RegexOptions.Compiled, TimeSpan.FromSeconds(1));
            error = null;
            return true;
        }
        catch (ArgumentException e)
        {
            error = e.Message;
            return false;
        }
    }

    /// <summary>The commonest TLDs, standing in when a configuration lists none (no util_rb_tld).</summary>
    internal static IReadOnlyList<string> FallbackTldList { get; } = FallbackTlds.Split(' ');

    private const string FallbackTlds =
        "com net org edu gov mil int info biz name pro mobi asia tel travel aero coop museum jobs cat xxx club online site top " +
        "xyz shop store app dev io co me tv cc ws us uk ca de fr it es nl be ch at se no dk fi pl cz ru ua cn jp kr tw hk sg in au nz " +
        "br ar mx cl za ie pt gr hu ro bg sk si hr rs lt lv ee is tr il ae sa ir pk id my th vn ph eu ly to ai";
}
