using System.Net;
using System.Net.Sockets;
using Spamd.Engine.Dns;

namespace Spamd.Daemon.Scanning;

/// <summary>
/// DNS over UDP for the network tests: one connected datagram socket per question (the kernel picks a random
/// source port and drops datagrams from anyone but the server), the first reply returned as it came.
/// With <c>SPAMD_DNS_LOOPBACK_ONLY</c> set in the environment (the test suites set it) a server that is not a
/// loopback address is refused before any packet leaves, so no test can reach a real resolver.
/// </summary>
public sealed class UdpDnsTransport : IDnsTransport
{
    public const string LoopbackOnlyVariable = "SPAMD_DNS_LOOPBACK_ONLY";

    private const int MaxReply = 4096;

    public bool LoopbackOnly { get; init; } = Environment.GetEnvironmentVariable(LoopbackOnlyVariable) is { Length: > 0 } v && v != "0";

    public async Task<byte[]> ExchangeAsync(IPEndPoint server, ReadOnlyMemory<byte> query, CancellationToken cancellationToken)
    {
        if (LoopbackOnly && !IPAddress.IsLoopback(server.Address))
            throw new UnauthorizedAccessException($"DNS server {server} refused: {LoopbackOnlyVariable} allows loopback servers only");
        using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        await socket.ConnectAsync(server, cancellationToken).ConfigureAwait(false);
        await socket.SendAsync(query, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        var buffer = new byte[MaxReply];
        int length = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        return buffer.AsSpan(0, length).ToArray();
    }
}
