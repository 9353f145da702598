using System.Net;

namespace Spamd.Engine.Dns;

/// <summary>
/// The DNS work of one scan: every question asked once (later askers share the answer), every piece of work
/// that reads answers tracked, and one deadline for all of it. <see cref="WaitAll"/> is the harvest point;
/// <see cref="Dispose"/> abandons whatever is still outstanding (an unanswered question is simply no hit).
/// </summary>
public sealed class DnsLookups : IDisposable
{
    private readonly IDnsResolver resolver;
    private readonly CancellationTokenSource abandon;
    private readonly Dictionary<(string, DnsRecordType), Task<DnsMessage?>> asked = [];
    private readonly List<Task> work = [];
    private readonly object gate = new();

    public DnsLookups(IDnsResolver resolver, TimeSpan timeout, CancellationToken cancellationToken)
    {
        this.resolver = resolver;
        abandon = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        abandon.CancelAfter(timeout);
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
                answer = Ask(key.Item1, type);
                asked[key] = answer;
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
            lock (gate) pending = work.Where(t => !t.IsCompleted).ToArray();
            if (pending.Length == 0) return true;
            try
            {
                Task.WaitAll(pending, abandon.Token);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
            catch (AggregateException)
            {
                // a failed piece of work is no hit; the others still count
            }
        }
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
