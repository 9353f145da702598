using Spamd.Engine.Mime;
using Spamd.Engine.Relays;
using Spamd.Engine.Scanning;

namespace Spamd.Engine.Rules;

/// <summary>
/// The state of one scan: the message, the settings, rule values (hit counts), tags, and per-message caches
/// that eval functions share. Created per scan, never shared between threads.
/// </summary>
public sealed class RuleContext
{
    private readonly Dictionary<string, string?> headerCache = new(StringComparer.Ordinal);
    private Dictionary<Type, object>? evalState;

    internal RuleContext(IMailMessage message, ScanSettings settings, RuleSet rules, double? bayesProbability)
    {
        Message = message;
        Settings = settings;
        Rules = rules;
        BayesProbability = bayesProbability;
        Values = new double[rules.Rules.Length];
    }

    public IMailMessage Message { get; }
    public ScanSettings Settings { get; }
    public RuleSet Rules { get; }

    /// <summary>The Bayes probability when Bayes is usable for this scan, else null.</summary>
    public double? BayesProbability { get; }

    /// <summary>Per rule: 0 or the hit value (count for <c>multiple</c> rules, the result for metas).</summary>
    public double[] Values { get; }

    /// <summary>Tags set by named captures (<c>(?&lt;TAG&gt;...)</c>), read by <c>%{TAG}</c> rules.</summary>
    public Dictionary<string, string> Tags { get; } = new(StringComparer.Ordinal);

    /// <summary>Network tests are on (spamd without -L: score set 1 or 3): net evals run.</summary>
    public bool NetworkTests { get; init; }

    /// <summary>Where the network tests ask DNS; null when the scan runs local tests only (spamd -L).</summary>
    public Dns.IDnsResolver? Resolver { get; init; }

    /// <summary>Regex evaluations that ran past their time bound in this scan.</summary>
    public int RegexTimeouts;

    /// <summary>
    /// SpamAssassin's test_log: a note for the report line of the eval rule being run (e.g. the freemail
    /// address that made it hit). Notes of a rule that does not hit are dropped.
    /// </summary>
    public void TestLog(string text) => (PendingLog ??= []).Add(text);

    /// <summary>Notes of the eval rule being run; the rule run takes them when the rule hits.</summary>
    internal List<string>? PendingLog;

    /// <summary>The message's header as SpamAssassin's <c>get()</c> returns it, cached per spec.</summary>
    public string? Header(string spec)
    {
        if (!headerCache.TryGetValue(spec, out var value))
        {
            value = RelayPath.IsPseudoHeader(spec) ? Relays.PseudoHeader(spec.Split(':')[0])
                : RelayPath.IsHeaderRange(spec) ? Relays.HeaderRange(spec, Message.GetHeaderValues(spec.EndsWith(":raw", StringComparison.Ordinal) ? "ALL:raw" : "ALL"))
                : IsEnvelopeFrom(spec) && Relays.EnvelopeSender is { } sender ? sender
                : Message.GetHeader(spec);
            headerCache[spec] = value;
        }
        return value;
    }

    // SpamAssassin takes the envelope sender from the relays first, before any header; ":addr" leaves it unchanged.
    private static bool IsEnvelopeFrom(string spec) =>
        spec.Equals("EnvelopeFrom", StringComparison.OrdinalIgnoreCase) || spec.Equals("EnvelopeFrom:addr", StringComparison.OrdinalIgnoreCase);

    /// <summary>The message's Received relays, parsed and classified on first use.</summary>
    public RelayPath Relays => relays ??= RelayPath.Parse(Message, Settings);
    private RelayPath? relays;

    /// <summary>Per-message state an eval family computes once (parsed relays, address lists ...).</summary>
    public T State<T>(Func<RuleContext, T> create) where T : class
    {
        evalState ??= [];
        if (!evalState.TryGetValue(typeof(T), out var state))
        {
            state = create(this);
            evalState[typeof(T)] = state;
        }
        return (T)state;
    }
}
