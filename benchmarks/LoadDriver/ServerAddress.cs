using System.Net;
using System.Net.Sockets;

namespace Spamd.LoadDriver;

/// <summary>Where the server under test listens: a TCP endpoint or a Unix-domain socket.</summary>
public sealed class ServerAddress
{
    private ServerAddress(EndPoint endPoint, string display)
    {
        EndPoint = endPoint;
        Display = display;
    }

    public EndPoint EndPoint { get; }

    public string Display { get; }

    public static ServerAddress Tcp(string host, int port)
    {
        // Resolve once up front so every request goes to the same address and no request pays for DNS.
        var ip = IPAddress.TryParse(host, out var parsed)
            ? parsed
            : Dns.GetHostAddresses(host).OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1).FirstOrDefault()
              ?? throw new ArgumentException($"cannot resolve host '{host}'");
        var endPoint = new IPEndPoint(ip, port);
        return new ServerAddress(endPoint, endPoint.ToString());
    }

    public static ServerAddress Unix(string path) => new(new UnixDomainSocketEndPoint(path), "unix:" + path);

    public Socket CreateSocket()
    {
        if (EndPoint is UnixDomainSocketEndPoint)
            return new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        return new Socket(EndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
    }
}
