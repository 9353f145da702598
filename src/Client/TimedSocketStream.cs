namespace Spamd.Client;

/// <summary>
/// The spamd connection as a stream (for SslStream and the line reader): every read waits at most the -t timeout,
/// as spamc arms an alarm per read call.
/// </summary>
internal sealed class TimedSocketStream : Stream
{
    private readonly NativeSocket socket;
    private readonly int timeoutSeconds;

    /// <param name="timeoutSeconds">0 or less: wait forever.</param>
    public TimedSocketStream(NativeSocket socket, int timeoutSeconds)
    {
        this.socket = socket;
        this.timeoutSeconds = timeoutSeconds;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) => socket.Receive(buffer, timeoutSeconds);

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (!socket.SendAll(buffer)) throw new IOException("write to spamd failed");
    }

    public override void Flush() { }

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
