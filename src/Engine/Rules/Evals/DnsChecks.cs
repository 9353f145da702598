using System.Collections.Concurrent;
using System.Collections.Frozen;
using Spamd.Engine.Dns;

namespace Spamd.Engine.Rules.Evals;

/// <summary>
/// The network tests of one scan. Started before the first rule runs (SpamAssassin launches its lookups at
/// the start of the check too), they run while the other rules do; the rule run harvests them once, before the
/// final metas, with one deadline for the whole scan (<c>rbl_timeout</c>). An unanswered lookup is no hit.
/// The rules of the DNS eval functions themselves never hit when called: their hits come from the harvest.
/// </summary>
public sealed class DnsChecks : IDisposable
{
    private static readonly FrozenSet<string> DnsBlFunctions = new[] { "check_rbl", "check_rbl_txt", "check_rbl_sub", "check_dns_sender" }.ToFrozenSet(StringComparer.Ordinal);
    private const string UriDnsBlFunction = "check_uridnsbl";

    /// <summary>Rules hit, with their report notes (SpamAssassin's test_log: "1.2.3.4 listed in zone", "URI: host").</summary>
    private readonly ConcurrentDictionary<int, List<string>> hits = new();
    private readonly bool dnsBl, uriDnsBl;
    private volatile bool harvested;

    private DnsChecks(RuleContext context, DnsLookups lookups, bool dnsBl, bool uriDnsBl)
    {
        Context = context;
        Lookups = lookups;
        this.dnsBl = dnsBl;
        this.uriDnsBl = uriDnsBl;
    }

    public RuleContext Context { get; }

    public DnsLookups Lookups { get; }

    /// <summary>The eval functions whose answers arrive at the harvest (placeholders that never hit when called).</summary>
    public static void Register(Dictionary<string, EvalFunction> functions)
    {
        foreach (var name in DnsBlFunctions) functions[name] = (_, _) => false;
        functions[UriDnsBlFunction] = (_, _) => false;
    }

    /// <summary>
    /// Launches the lookups of every scored DNS rule; null when the scan runs local tests only (no resolver)
    /// or <c>dns_available no</c>.
    /// </summary>
    public static DnsChecks? Start(RuleContext context, double[] scores, CancellationToken cancellationToken)
    {
        if (context.Resolver is null || !context.Settings.DnsAvailable) return null;
        var settings = context.Settings;
        var checks = new DnsChecks(context, new DnsLookups(context.Resolver, settings.RblTimeout, cancellationToken, settings.RblTimeoutMin),
            dnsBl: !settings.SkipRblChecks, uriDnsBl: !settings.SkipUriblChecks);
        if (checks.dnsBl) DnsBlEvals.Launch(checks, scores);
        if (checks.uriDnsBl) UriDnsBlEvals.Launch(checks, scores);
        return checks;
    }

    /// <summary>True for a rule whose result only the harvest knows (its dependents wait for it).</summary>
    public bool IsPending(Rule rule) =>
        rule.EvalName is { } name && (dnsBl && DnsBlFunctions.Contains(name) || uriDnsBl && name == UriDnsBlFunction);

    /// <summary>Records a hit found by an answer, with its note (ignored once harvested: late answers are no hits).</summary>
    internal void Hit(int ruleIndex, string? note = null)
    {
        if (harvested) return;
        var notes = hits.GetOrAdd(ruleIndex, _ => []);
        if (note is null) return;
        lock (notes) if (!notes.Contains(note)) notes.Add(note);
    }

    /// <summary>
    /// Waits for the outstanding lookups until the deadline and returns the rules they hit, in rule order, each
    /// with its notes (null when it has none).
    /// </summary>
    public IReadOnlyList<(int Index, List<string>? Notes)> Harvest()
    {
        Lookups.WaitAll();
        harvested = true;
        return hits.OrderBy(h => h.Key).Select(h => (h.Key, h.Value.Count == 0 ? null : h.Value)).ToList();
    }

    public void Dispose() => Lookups.Dispose();
}
