using System.Net;
using System.Security.Cryptography;

namespace Spamd.Engine.Dns;

/// <summary>
/// A stub resolver over an <see cref="IDnsTransport"/>: a random query id per question, the configured servers
/// tried in order, and a reply accepted only when its id and question match what was asked (a stray or spoofed
/// datagram is not an answer).
/// </summary>
public sealed class DnsResolver : IDnsResolver
{
    /// <summary>How long one server may take before the next is tried (when there is a next one).</summary>
    private static readonly TimeSpan PerServerTimeout = TimeSpan.FromSeconds(5);

    private readonly IDnsTransport transport;

    public DnsResolver(IDnsTransport transport, IReadOnlyList<IPEndPoint> servers)
    {
        if (servers.Count == 0) throw new ArgumentException("a resolver needs at least one server", nameof(servers));
        this.transport = transport;
        Servers = servers;
    }

    public IReadOnlyList<IPEndPoint> Servers { get; }

    public async Task<DnsMessage?> QueryAsync(string name, DnsRecordType type, CancellationToken cancellationToken)
    {
        byte[] query;
        ushort id = (ushort)RandomNumberGenerator.GetInt32(0, 65536);
        try
        {
            query = DnsWire.BuildQuery(id, name, type);
        }
        catch (ArgumentException)
        {
            return null; // a name DNS cannot carry has no answer
        }
        for (int i = 0; i < Servers.Count; i++)
        {
            if (cancellationToken.IsCancellationRequested) return null;
            bool last = i == Servers.Count - 1;
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (!last) attempt.CancelAfter(PerServerTimeout);
            try
            {
                var reply = await transport.ExchangeAsync(Servers[i], query, attempt.Token).ConfigureAwait(false);
                var message = DnsWire.Parse(reply);
                if (message.IsResponse && message.Id == id && message.QuestionType == type
                    && string.Equals(message.QuestionName, name.TrimEnd('.'), StringComparison.OrdinalIgnoreCase))
                    return message; // whatever its response code: SpamAssassin reads SERVFAIL replies too
            }
            catch (OperationCanceledException) { }
            catch (DnsFormatException) { }
            catch (System.Net.Sockets.SocketException) { }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { } // a transport that refuses the server (see the daemon's loopback guard)
        }
        return null;
    }
}
