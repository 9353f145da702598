using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Spamd.Engine.Mime;
using Spamd.Engine.Scanning;

namespace Spamd.Engine.Relays;

/// <summary>
/// A message's Received relays, newest first, split into trusted/untrusted and internal/external the way
/// SpamAssassin does: with trusted_networks/internal_networks when configured, else by inference (a relay
/// from a private address, or an authenticated one, keeps the trust; the first other relay ends it).
/// Trust only ever ends: once a relay is untrusted, every older one is too.
/// </summary>
public sealed partial class RelayPath
{
    /// <summary>Headers holding a client IP (SpamAssassin's default originating_ip_headers), read as the oldest hops.</summary>
    private static readonly string[] OriginatingIpHeaders =
        ["X-Yahoo-Post-IP", "X-Originating-IP", "X-Apparently-From", "X-SenderIP", "X-AOL-IP",
         "X-MS-Exchange-CrossTenant-OriginalAttributedTenantConnectingIp"];

    public IReadOnlyList<Relay> Trusted { get; }
    public IReadOnlyList<Relay> Untrusted { get; }
    public IReadOnlyList<Relay> Internal { get; }
    public IReadOnlyList<Relay> External { get; }
    public int Unparseable { get; }

    /// <summary>Index (newest first, over all Received lines) of the last trusted / internal line; -1 if none.</summary>
    public int LastTrustedIndex { get; }
    public int LastInternalIndex { get; }

    private RelayPath(List<Relay> trusted, List<Relay> untrusted, List<Relay> @internal, List<Relay> external,
        int unparseable, int lastTrusted, int lastInternal)
    {
        Trusted = trusted; Untrusted = untrusted; Internal = @internal; External = external;
        Unparseable = unparseable; LastTrustedIndex = lastTrusted; LastInternalIndex = lastInternal;
    }

    /// <summary>
    /// The envelope sender a relay recorded: that of the newest untrusted relay, or with none, the oldest trusted
    /// one; when it holds an '@' or is empty (the null sender).
    /// </summary>
    public string? EnvelopeSender
    {
        get
        {
            var hop = Untrusted.Count > 0 ? Untrusted[0] : Trusted.Count > 0 ? Trusted[^1] : null;
            return hop?.EnvFrom is { } envFrom && (envFrom.IndexOf('@') > 0 || envFrom.Length == 0) ? envFrom : null;
        }
    }

    /// <summary>The pseudo-header texts: one relay string per relay, joined with spaces.</summary>
    public string TrustedText => Join(Trusted);
    public string UntrustedText => Join(Untrusted);
    public string InternalText => Join(Internal);
    public string ExternalText => Join(External);

    /// <summary>The value of a relay pseudo-header, or null when the name is not one.</summary>
    public string? PseudoHeader(string name) => name.ToLowerInvariant() switch
    {
        "x-spam-relays-trusted" => TrustedText,
        "x-spam-relays-untrusted" => UntrustedText,
        "x-spam-relays-internal" => InternalText,
        "x-spam-relays-external" => ExternalText,
        _ => null,
    };

    public static bool IsPseudoHeader(string name) =>
        name.StartsWith("X-Spam-Relays-", StringComparison.OrdinalIgnoreCase);

    public static bool IsHeaderRange(string spec) => spec.StartsWith("ALL-", StringComparison.Ordinal);

    /// <summary>
    /// <c>ALL-TRUSTED</c>, <c>ALL-INTERNAL</c>, <c>ALL-UNTRUSTED</c>, <c>ALL-EXTERNAL</c>: the header lines (as
    /// <c>ALL</c> gives them) up to and including the Received line that ends the trusted/internal part, or
    /// from it on. Null when the range is empty or the name unknown.
    /// </summary>
    public string? HeaderRange(string spec, IReadOnlyList<string> allHeaderLines)
    {
        var name = spec.Split(':')[0];
        (int? start, int? end) = name switch
        {
            "ALL-TRUSTED" => ((int?)null, (int?)(LastTrustedIndex + 1)),
            "ALL-INTERNAL" => (null, LastInternalIndex + 1),
            "ALL-UNTRUSTED" => (LastTrustedIndex + 1, null),
            "ALL-EXTERNAL" => (LastInternalIndex + 1, null),
            _ => (null, -1),
        };
        if (end < 0) return null;
        var picked = new System.Text.StringBuilder();
        int index = -1;
        foreach (var line in allHeaderLines)
        {
            if (line.StartsWith("Received:", StringComparison.OrdinalIgnoreCase)) index++;
            if ((start is null || start <= index) && (end is null || index < end)) picked.Append(line);
            else if (end is not null && index == end) { picked.Append(line); break; }
        }
        return picked.Length == 0 ? null : picked.ToString();
    }

    private static string Join(IReadOnlyList<Relay> relays) => string.Join(' ', relays);

    public static RelayPath Parse(IMailMessage message, ScanSettings settings) =>
        Parse(message, settings.TrustedNetworks, settings.InternalNetworks);

    /// <summary>
    /// The relays of a message with the given network lists (empty = infer). One scan asks for them from the
    /// rules, Bayes and autolearn: the path is parsed once per message and network lists, then reused.
    /// </summary>
    public static RelayPath Parse(IMailMessage message, IReadOnlyCollection<string> trustedSpecs, IReadOnlyCollection<string> internalSpecs)
    {
        var parsed = ParsedPaths.GetOrCreateValue(message);
        lock (parsed)
        {
            foreach (var (trusted, @internal, path) in parsed)
                if (trusted.SequenceEqual(trustedSpecs) && @internal.SequenceEqual(internalSpecs)) return path;
            var fresh = ParseUncached(message, trustedSpecs, internalSpecs);
            parsed.Add((trustedSpecs.ToArray(), internalSpecs.ToArray(), fresh));
            return fresh;
        }
    }

    private static readonly ConditionalWeakTable<IMailMessage, List<(string[] Trusted, string[] Internal, RelayPath Path)>> ParsedPaths = new();

    private static RelayPath ParseUncached(IMailMessage message, IReadOnlyCollection<string> trustedSpecs, IReadOnlyCollection<string> internalSpecs)
    {
        var lines = new List<string>(message.GetHeaderValues("Received"));
        foreach (var header in OriginatingIpHeaders)
        {
            var values = message.GetHeaderValues(header);
            if (values.Count > 0 && OriginatingIp().Match(values[^1]) is { Success: true } m)
                lines.Add("from X-Originating-IP: " + m.Value);
        }
        return Classify(lines, trustedSpecs, internalSpecs);
    }

    /// <summary>Classifies Received header values (newest first) with the given network lists (empty = infer).</summary>
    public static RelayPath Classify(IEnumerable<string> receivedLines, IReadOnlyCollection<string> trustedSpecs, IReadOnlyCollection<string> internalSpecs)
    {
        bool configured = trustedSpecs.Count > 0 || internalSpecs.Count > 0;
        var trustedNetworks = new NetworkList(trustedSpecs.Count > 0 ? trustedSpecs : internalSpecs);
        var internalNetworks = new NetworkList(internalSpecs.Count > 0 ? internalSpecs : trustedSpecs);

        List<Relay> trusted = [], untrusted = [], @internal = [], external = [];
        int unparseable = 0, lastTrusted = -1, lastInternal = -1;
        bool inTrusted = true, inInternal = true, allowFetcherRestart = false;
        string? qmailScannerEnvFrom = null;

        foreach (var line in receivedLines)
        {
            var pendingEnvFrom = qmailScannerEnvFrom;
            qmailScannerEnvFrom = null;
            var (kind, relay, scannerEnvFrom) = ReceivedLineParser.Parse(line);
            if (kind == ReceivedKind.Unparseable) unparseable++;
            if (kind == ReceivedKind.FetcherMarker && allowFetcherRestart)
            {
                // a fetchmail-style marker inside the trusted part: what came before was another delivery
                trusted.Clear(); @internal.Clear(); external.Clear();
            }
            if (relay is null)
            {
                if (scannerEnvFrom is not null) qmailScannerEnvFrom = scannerEnvFrom;
                if (inTrusted) lastTrusted++;
                if (inInternal) lastInternal++;
                continue;
            }
            if (pendingEnvFrom is not null) relay.EnvFrom = pendingEnvFrom;

            if (inTrusted)
            {
                if (!configured)
                {
                    if (!relay.IsPrivate && relay.Auth.Length == 0) inTrusted = inInternal = false;
                }
                else if (relay.Auth.Length == 0 && !trustedNetworks.Contains(relay.Ip))
                {
                    inTrusted = inInternal = false;
                }
                else if (inInternal && relay.Auth.Length == 0 && !internalNetworks.Contains(relay.Ip))
                {
                    inInternal = false;
                }
            }

            relay.Internal = inInternal;
            if (inTrusted) { trusted.Add(relay); lastTrusted++; allowFetcherRestart = true; }
            else { untrusted.Add(relay); allowFetcherRestart = false; }
            if (inInternal) { @internal.Add(relay); lastInternal++; }
            else external.Add(relay);
        }
        return new RelayPath(trusted, untrusted, @internal, external, unparseable, lastTrusted, lastInternal);
    }

    [GeneratedRegex(ReceivedPatterns.IpAddress)]
    private static partial Regex OriginatingIp();
}
