using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Spamd.Engine.Dns;

namespace Spamd.Integration.Tests.Dns;

/// <summary>
/// A DNS server for tests: UDP on 127.0.0.1 at a free port, answering from an in-memory zone (NXDOMAIN for
/// names it does not know, an empty answer for known names of another type) and recording every question.
/// Both spamd implementations are pointed at it by a <c>dns_server</c> line naming 127.0.0.1 and its port.
/// </summary>
public sealed class LoopbackDnsResponder : IAsyncDisposable
{
    private readonly UdpClient udp = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly ConcurrentDictionary<(string, DnsRecordType), List<string>> zone = new();
    private readonly CancellationTokenSource stop = new();
    private readonly Task serving;

    public LoopbackDnsResponder()
    {
        serving = Task.Run(ServeAsync);
    }

    public int Port => ((IPEndPoint)udp.Client.LocalEndPoint!).Port;

    /// <summary>The <c>dns_server</c> line that points a spamd at this responder.</summary>
    public string DnsServerLine => $"dns_server 127.0.0.1:{Port}";

    /// <summary>Every question asked, in arrival order (names lower-cased, no trailing dot).</summary>
    public ConcurrentQueue<(string Name, DnsRecordType Type)> Asked { get; } = new();

    /// <summary>Datagrams that were not DNS queries.</summary>
    public int Malformed;

    public LoopbackDnsResponder Add(string name, DnsRecordType type, params string[] data)
    {
        zone.GetOrAdd((name.TrimEnd('.').ToLowerInvariant(), type), _ => []).AddRange(data);
        return this;
    }

    private async Task ServeAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            UdpReceiveResult datagram;
            try { datagram = await udp.ReceiveAsync(stop.Token); }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            catch (SocketException) { continue; } // ICMP from a client that went away

            byte[] reply;
            try
            {
                var query = DnsWire.Parse(datagram.Buffer);
                if (query.IsResponse) continue;
                string name = query.QuestionName.ToLowerInvariant();
                Asked.Enqueue((name, query.QuestionType));
                reply = DnsWire.Build(Answer(query, name));
            }
            catch (DnsFormatException)
            {
                Interlocked.Increment(ref Malformed);
                continue;
            }
            try { await udp.SendAsync(reply, datagram.RemoteEndPoint, stop.Token); }
            catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException) { }
        }
    }

    private DnsMessage Answer(DnsMessage query, string name)
    {
        bool known = zone.Keys.Any(k => k.Item1 == name);
        var data = zone.GetValueOrDefault((name, query.QuestionType)) ?? [];
        return query with
        {
            IsResponse = true,
            ResponseCode = known ? DnsResponseCode.NoError : DnsResponseCode.NameError,
            Answers = data.Select(d => new DnsRecord(query.QuestionName, query.QuestionType, 300, d)).ToList(),
        };
    }

    public async ValueTask DisposeAsync()
    {
        stop.Cancel();
        udp.Dispose();
        try { await serving; } catch (OperationCanceledException) { }
        stop.Dispose();
    }
}
