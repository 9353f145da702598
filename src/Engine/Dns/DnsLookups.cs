using System.Diagnostics;
using System.Net;

namespace Spamd.Engine.Dns;

/// <summary>
/// The DNS work of one scan: every question asked once (later askers share the answer), every piece of work
/// that reads answers tracked, and one deadline for all of it. <see cref="WaitAll"/> is the harvest point;
/// <see cref="Dispose"/> abandons whatever is still outstanding (an unanswered question is simply no hit).
/// Like SpamAssassin's rbl_timeout, the wait shrinks as answers come in: with a share r of the questions
/// answered, the outstanding ones get t - (t - t_min)·r² from when they were asked (never past t from the start).
/// </summary>
public sealed class DnsLookups : IDisposable
{
    private readonly IDnsResolver resolver;
    private readonly CancellationTokenSource abandon;
    private readonly Dictionary<(string, DnsRecordType), Task<DnsMessage?>> asked = [];
    private readonly Dictionary<(string, DnsRecordType), long> outstandingSince = [];
    private readonly List<Task> work = [];
    private readonly object gate = new();
    private readonly TimeSpan timeout, minimumTimeout;
    private int questions, answered;

    /// <param name="minimumTimeout">t_min; null is SpamAssassin's default, a fifth of <paramref name="timeout"/>.</param>
    public DnsLookups(IDnsResolver resolver, TimeSpan timeout, CancellationToken cancellationToken, TimeSpan? minimumTimeout = null)
    {
        this.resolver = resolver;
        this.minimumTimeout = minimumTimeout ?? timeout / 5;
        this.timeout = timeout < this.minimumTimeout ? this.minimumTimeout : timeout; // as SpamAssassin: t is at least t_min
        abandon = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        abandon.CancelAfter(this.timeout);
    }

    /// <summary>Cancelled at the deadline or when the scan is abandoned.</summary>
    public CancellationToken Token => abandon.Token;

    /// <summary>The answer to a question, asking it only the first time (names compare case-insensitively).</summary>
    public Task<DnsMessage?> Query(string name, DnsRecordType type)
    {
        var key = (name.TrimEnd('.').ToLowerInvariant(), type);
        lock (gate)
        {
            if (!asked.TryGetValue(key, out var answer))
            {
                questions++;
                outstandingSince[key] = Stopwatch.GetTimestamp();
                answer = Ask(key.Item1, type);
                asked[key] = answer;
                answer.ContinueWith(_ =>
                {
                    lock (gate) if (outstandingSince.Remove(key)) answered++;
                }, TaskContinuationOptions.ExecuteSynchronously);
            }
            return answer;
        }
    }

    private async Task<DnsMessage?> Ask(string name, DnsRecordType type)
    {
        try
        {
            return await resolver.QueryAsync(name, type, abandon.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            return null;
        }
    }

    /// <summary>Runs work that reads answers (and may ask further questions); the harvest waits for it.</summary>
    public void Track(Func<Task> run)
    {
        Task task;
        try
        {
            task = Task.Run(run, abandon.Token);
        }
        catch (ObjectDisposedException)
        {
            return;
        }
        lock (gate) work.Add(task);
    }

    /// <summary>The questions asked so far (for logs and tests).</summary>
    public IReadOnlyList<(string Name, DnsRecordType Type)> Asked
    {
        get { lock (gate) return asked.Keys.ToList(); }
    }

    /// <summary>
    /// Blocks until all tracked work is done or the deadline passes. Work started by work is waited for too.
    /// Returns true when everything finished in time.
    /// </summary>
    public bool WaitAll()
    {
        while (true)
        {
            Task[] pending;
            TimeSpan remaining;
            lock (gate)
            {
                pending = work.Where(t => !t.IsCompleted).ToArray();
                remaining = Remaining();
            }
            if (pending.Length == 0) return true;
            if (remaining <= TimeSpan.Zero) return false;
            try
            {
                Task.WaitAny(pending, (int)Math.Ceiling(remaining.TotalMilliseconds), abandon.Token);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
    }

    /// <summary>How much longer the outstanding questions may take (called under the lock).</summary>
    private TimeSpan Remaining()
    {
        if (outstandingSince.Count == 0) return timeout; // only answer-reading work left: it is quick
        double share = questions == 0 ? 0 : (double)answered / questions;
        var allowed = timeout - (timeout - minimumTimeout) * (share * share);
        long latest = outstandingSince.Values.Max();
        return allowed - Stopwatch.GetElapsedTime(latest);
    }

    public void Dispose()
    {
        abandon.Cancel();
        abandon.Dispose();
    }

    /// <summary>The name a DNSBL lists an address under: reversed octets, or reversed nibbles for IPv6 (RFC 5782 2.4).</summary>
    public static string? ReverseAddress(string ip)
    {
        if (!IPAddress.TryParse(ip, out var address)) return null;
        if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
        {
            // only the dotted-quad spelling counts, as in SpamAssassin
            var octets = ip.Split('.');
            if (octets.Length != 4 || octets.Any(o => o.Length is 0 or > 3 || !o.All(char.IsAsciiDigit))) return null;
            var bytes = address.GetAddressBytes();
            return $"{bytes[3]}.{bytes[2]}.{bytes[1]}.{bytes[0]}";
        }
        if (address.IsIPv4MappedToIPv6 || !ip.Contains(':')) return null;
        var hex = Convert.ToHexStringLower(address.GetAddressBytes());
        return string.Join('.', hex.Reverse());
    }
}
