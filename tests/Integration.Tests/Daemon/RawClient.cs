using System.Net;
using System.Net.Security;
using System.Net.Sockets;

namespace Spamd.Integration.Tests.Daemon;

/// <summary>Raw exchanges over a Unix socket, from a chosen source address, over TLS, or by hand.</summary>
internal static class RawClient
{
    public static async Task<byte[]> UnixExchangeAsync(string path, byte[] request, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cts.Token);
        await socket.SendAsync(request, SocketFlags.None, cts.Token);
        socket.Shutdown(SocketShutdown.Send);
        return await ReadAllAsync(socket, cts.Token);
    }

    /// <summary>Connects from <paramref name="source"/> (e.g. 127.0.0.2) and returns the reply bytes.</summary>
    public static async Task<byte[]> ExchangeFromAsync(IPAddress source, int port, byte[] request)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(source, 0));
        try
        {
            // The server may reset the connection at any point: that is the expected refusal.
            await socket.ConnectAsync(IPAddress.Loopback, port, cts.Token);
            await socket.SendAsync(request, SocketFlags.None, cts.Token);
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException) { return []; }
        return await ReadAllAsync(socket, cts.Token);
    }

    public static async Task<byte[]> TlsExchangeAsync(int port, byte[] request)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, cts.Token);
        await using var tls = new SslStream(client.GetStream(), false, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" }, cts.Token);
        await tls.WriteAsync(request, cts.Token);
        await tls.FlushAsync(cts.Token);
        var ms = new MemoryStream();
        try { await tls.CopyToAsync(ms, cts.Token); } catch (IOException) { }
        return ms.ToArray();
    }

    /// <summary>A connected socket for tests that send in pieces or stop halfway.</summary>
    public static async Task<Socket> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, port);
        return socket;
    }

    public static async Task<byte[]> ReadAllAsync(Socket socket, CancellationToken cancellationToken)
    {
        var ms = new MemoryStream();
        var buffer = new byte[65536];
        while (true)
        {
            int n;
            try { n = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken); }
            catch (SocketException) { break; }
            if (n == 0) break;
            ms.Write(buffer, 0, n);
        }
        return ms.ToArray();
    }
}
