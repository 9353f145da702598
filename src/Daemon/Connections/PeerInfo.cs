using System.Net;
using Microsoft.AspNetCore.Connections;

namespace Spamd.Daemon.Connections;

/// <summary>Who is on the other end, in the terms of spamd's log lines (rhost, raddr, rport).</summary>
public sealed record PeerInfo(IPAddress? Address, string Host, string AddressText, string Port, int LocalPort)
{
    public static PeerInfo From(ConnectionContext connection)
    {
        if (connection.RemoteEndPoint is IPEndPoint remote)
        {
            var address = remote.Address.IsIPv4MappedToIPv6 ? remote.Address.MapToIPv4() : remote.Address;
            int localPort = (connection.LocalEndPoint as IPEndPoint)?.Port ?? 0;
            // No reverse DNS: loopback is "localhost" as spamd resolves it, anything else its address.
            var host = IPAddress.IsLoopback(address) ? "localhost" : address.ToString();
            return new PeerInfo(address, host, address.ToString(), remote.Port.ToString(), localPort);
        }
        // A Unix socket: spamd reports localhost/127.0.0.1 and the socket path as the port.
        var path = connection.LocalEndPoint?.ToString() ?? "unix";
        return new PeerInfo(null, "localhost", "127.0.0.1", path, 0);
    }
}
