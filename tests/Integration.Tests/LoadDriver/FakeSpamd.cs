using System.Net;
using System.Net.Sockets;

namespace Spamd.Integration.Tests.LoadDriver;

/// <summary>
/// A stand-in server for driver tests: reads each request to the client's half-close, records it, then lets a
/// scripted behaviour answer (fixed bytes, an error, an early close, or silence).
/// </summary>
public sealed class FakeSpamd : IAsyncDisposable
{
    private readonly Socket listener;
    private readonly Func<Socket, CancellationToken, Task> answer;
    private readonly CancellationTokenSource stopping = new();
    private readonly Task accepting;
    private readonly List<byte[]> requests = new();

    private FakeSpamd(Socket listener, Func<Socket, CancellationToken, Task> answer)
    {
        this.listener = listener;
        this.answer = answer;
        accepting = Task.Run(AcceptLoopAsync);
    }

    public int Port => ((IPEndPoint)listener.LocalEndPoint!).Port;

    /// <summary>Every request received so far, in arrival order.</summary>
    public IReadOnlyList<byte[]> Requests { get { lock (requests) return requests.ToArray(); } }

    public static FakeSpamd StartTcp(Func<Socket, CancellationToken, Task> answer)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(64);
        return new FakeSpamd(listener, answer);
    }

    public static FakeSpamd StartUnix(string path, Func<Socket, CancellationToken, Task> answer)
    {
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(64);
        return new FakeSpamd(listener, answer);
    }

    /// <summary>Answers every request with these byte chunks, written one by one, then closes.</summary>
    public static Func<Socket, CancellationToken, Task> Replies(params string[] chunks) => async (socket, ct) =>
    {
        foreach (var chunk in chunks)
        {
            await socket.SendAsync(System.Text.Encoding.Latin1.GetBytes(chunk), SocketFlags.None, ct);
            await Task.Delay(1, ct);
        }
    };

    private async Task AcceptLoopAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket connection;
            try { connection = await listener.AcceptAsync(stopping.Token); }
            catch (OperationCanceledException) { return; }
            catch (SocketException) { return; }
            _ = Task.Run(() => ServeAsync(connection));
        }
    }

    private async Task ServeAsync(Socket connection)
    {
        using (connection)
        {
            try
            {
                var request = new MemoryStream();
                var buffer = new byte[8192];
                int n;
                while ((n = await connection.ReceiveAsync(buffer, SocketFlags.None, stopping.Token)) > 0)
                    request.Write(buffer, 0, n);
                lock (requests) requests.Add(request.ToArray());
                await answer(connection, stopping.Token);
                connection.Shutdown(SocketShutdown.Both);
            }
            catch (OperationCanceledException) { }
            catch (SocketException) { }
        }
    }

    public async ValueTask DisposeAsync()
    {
        stopping.Cancel();
        listener.Dispose();
        await accepting;
        stopping.Dispose();
    }
}
