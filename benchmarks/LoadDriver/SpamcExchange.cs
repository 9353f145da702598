using System.Net.Sockets;

namespace Spamd.LoadDriver;

/// <summary>
/// Performs one request/reply exchange per call on a fresh connection, as spamc does: connect, send the whole
/// request, half-close, read until the reply is complete. One instance per concurrent slot, so the receive
/// buffer is reused across requests.
/// </summary>
public sealed class SpamcExchange : IDisposable
{
    /// <summary>A reply larger than this is abandoned (PROCESS replies are about the message size).</summary>
    private const int MaxReplyBytes = 64 * 1024 * 1024;

    private readonly ServerAddress address;
    private readonly ScanMethod method;
    private readonly TimeSpan timeout;
    private CancellationTokenSource deadline = new();
    private byte[] buffer = new byte[16 * 1024];

    public SpamcExchange(ServerAddress address, ScanMethod method, TimeSpan timeout)
    {
        this.address = address;
        this.method = method;
        this.timeout = timeout;
    }

    public async ValueTask<SpamdReply> RunAsync(byte[] request)
    {
        if (!deadline.TryReset())
        {
            deadline.Dispose();
            deadline = new CancellationTokenSource();
        }
        deadline.CancelAfter(timeout);
        var token = deadline.Token;

        using var socket = address.CreateSocket();
        try
        {
            try
            {
                await socket.ConnectAsync(address.EndPoint, token);
            }
            catch (SocketException)
            {
                return new SpamdReply(ErrorKinds.Connect, false, 0);
            }

            for (int sent = 0; sent < request.Length;)
                sent += await socket.SendAsync(request.AsMemory(sent), SocketFlags.None, token);
            socket.Shutdown(SocketShutdown.Send);

            return await ReceiveReplyAsync(socket, token);
        }
        catch (OperationCanceledException)
        {
            return new SpamdReply(ErrorKinds.Timeout, false, 0);
        }
        catch (SocketException e)
        {
            return new SpamdReply(ErrorKinds.Socket(e.SocketErrorCode), false, 0);
        }
    }

    private async ValueTask<SpamdReply> ReceiveReplyAsync(Socket socket, CancellationToken token)
    {
        int filled = 0;
        while (true)
        {
            if (filled == buffer.Length)
            {
                if (buffer.Length >= MaxReplyBytes) return new SpamdReply(ErrorKinds.ReplyTooLarge, false, 0);
                Array.Resize(ref buffer, buffer.Length * 2);
            }
            int received = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, token);
            filled += received;
            var state = SpamdReply.Evaluate(buffer.AsSpan(0, filled), endOfStream: received == 0, method, out var reply);
            if (state != ReplyState.NeedMore) return reply;
        }
    }

    public void Dispose() => deadline.Dispose();
}
