using System.Net;
using System.Net.Sockets;

namespace Spamd.Integration.Tests.Client;

/// <summary>
/// A misbehaving "spamd" on loopback: it reads each request (until the client half-closes) and then does what the
/// test says: answer fixed bytes, close without a word, or stay silent.
/// </summary>
public sealed class FakeSpamd : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;
    private readonly byte[]? reply;
    private readonly bool silent;
    private int connections;

    /// <param name="reply">Bytes to answer with, or null to close without answering.</param>
    /// <param name="silent">Never answer and keep the connection open until the client gives up.</param>
    public FakeSpamd(byte[]? reply, bool silent = false)
    {
        this.reply = reply;
        this.silent = silent;
        listener.Start();
        loop = Task.Run(AcceptLoopAsync);
    }

    public static FakeSpamd Answering(string reply) => new(System.Text.Encoding.Latin1.GetBytes(reply));

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public int Connections => Volatile.Read(ref connections);

    private async Task AcceptLoopAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            Socket client;
            try { client = await listener.AcceptSocketAsync(stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { return; }
            Interlocked.Increment(ref connections);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using (client)
        {
            var buffer = new byte[65536];
            try
            {
                using var readTimeout = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
                readTimeout.CancelAfter(TimeSpan.FromSeconds(10));
                while (await client.ReceiveAsync(buffer, SocketFlags.None, readTimeout.Token) > 0) { }
                if (silent)
                {
                    await Task.Delay(Timeout.Infinite, stop.Token);
                    return;
                }
                if (reply != null) await client.SendAsync(reply, SocketFlags.None, stop.Token);
                client.Shutdown(SocketShutdown.Both);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { }
        }
    }

    public async ValueTask DisposeAsync()
    {
        stop.Cancel();
        listener.Stop();
        try { await loop; } catch (OperationCanceledException) { }
        stop.Dispose();
    }
}
