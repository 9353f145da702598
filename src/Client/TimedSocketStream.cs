using System.Net.Sockets;

namespace Spamd.Client;

/// <summary>
/// A blocking socket stream whose every read waits at most the -t timeout (spamc arms an alarm per read call).
/// Waiting with poll() keeps the socket blocking: a receive timeout would switch .NET to its epoll engine thread,
/// which costs start-up time in a process that lives for one message.
/// </summary>
internal sealed class TimedSocketStream : Stream
{
    private readonly Socket socket;
    private readonly TimeSpan timeout;

    /// <param name="timeoutSeconds">0 or less: wait forever.</param>
    public TimedSocketStream(Socket socket, int timeoutSeconds)
    {
        this.socket = socket;
        timeout = timeoutSeconds > 0 ? TimeSpan.FromSeconds(timeoutSeconds) : Timeout.InfiniteTimeSpan;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (timeout != Timeout.InfiniteTimeSpan && !socket.Poll(timeout, SelectMode.SelectRead))
            throw new IOException("timed out waiting for spamd", new SocketException((int)SocketError.TimedOut));
        return socket.Receive(buffer);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer) => socket.Send(buffer);

    public override void Flush() { }

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
