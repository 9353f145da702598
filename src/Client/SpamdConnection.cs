using Spamd.Protocol;

namespace Spamd.Client;

/// <summary>
/// One connection to spamd (plain or TLS) with spamc's read rules: every read waits at most the -t timeout,
/// response lines end at LF (a CR before it is dropped) and may be at most 8186 bytes long.
/// </summary>
internal sealed class SpamdConnection : IDisposable
{
    /// <summary>libspamc reads header lines into an 8188-byte buffer, one byte at a time.</summary>
    private const int MaxLineBytes = 8187;

    private readonly NativeSocket socket;
    private readonly Stream stream;
    private readonly Stream? tls;
    private readonly byte[] buffer = new byte[16 * 1024];
    private int start, end;
    private readonly byte[] line = new byte[MaxLineBytes];

    private SpamdConnection(NativeSocket socket, Stream stream, Stream? tls)
    {
        this.socket = socket;
        this.stream = stream;
        this.tls = tls;
    }

    public static SpamdConnection Plain(NativeSocket socket, int timeoutSeconds) =>
        new(socket, new TimedSocketStream(socket, timeoutSeconds), null);

    /// <summary>TLS handshake (see <see cref="TlsSession"/>); returns Ok, OsErr (71) or Unavailable (69).</summary>
    public static int Tls(NativeSocket socket, SpamcOptions o, out SpamdConnection? connection)
    {
        connection = null;
        int rc = TlsSession.Open(new TimedSocketStream(socket, o.Timeout), o, out var tls);
        if (rc == ExitCode.Ok) connection = new SpamdConnection(socket, tls!, tls);
        return rc;
    }

    /// <summary>Sends the request and half-closes; write errors are ignored (the reply, if any, tells).</summary>
    /// <param name="readToEnd">
    /// spamd reads this body to EOF (compressed bodies). Only then is a TLS close_notify sent before the half-close:
    /// spamd never reads a close_notify that follows a Content-length body, and closing with it unread makes the
    /// kernel reset the connection, which can destroy spamd's answer in flight (SpamAssassin's spamc loses answers
    /// this way now and then).
    /// </param>
    public bool Send(ReadOnlySpan<byte> header, ReadOnlySpan<byte> body, bool readToEnd)
    {
        if (tls == null)
        {
            // Like spamc, do not look at write errors on a plain socket: the reply (or its absence) tells.
            socket.SendAll(header);
            socket.SendAll(body);
            socket.ShutdownSend();
            return true;
        }
        try
        {
            tls.Write(header);
            // SSL_write of zero bytes reports failure, so spamc -S -K always ends in EX_IOERR; keep that.
            if (body.IsEmpty)
            {
                ClientLog.Error("SSL write failed (5)");
                return false;
            }
            tls.Write(body);
            tls.Flush();
            if (readToEnd) TlsSession.Close(tls);
            socket.ShutdownSend();
            return true;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            ClientLog.Error($"SSL write failed: {e.Message}");
            return false;
        }
    }

    /// <summary>Reads one line without its LF (and CR): Ok, IoErr (EOF, timeout, reset) or TooBig.</summary>
    public int ReadLine(out ReadOnlySpan<byte> text)
    {
        text = default;
        int length = 0;
        while (length < MaxLineBytes)
        {
            if (start == end && !Fill()) return ExitCode.IoErr;
            byte b = buffer[start++];
            if (b == '\n')
            {
                if (length > 0 && line[length - 1] == '\r') length--;
                text = line.AsSpan(0, length);
                return ExitCode.Ok;
            }
            line[length++] = b;
        }
        ClientLog.Error($"spamd responded with line of {length} bytes, dying");
        return SpamcStatus.TooBig;
    }

    /// <summary>
    /// Reads the rest of the response into <paramref name="target"/> from <paramref name="offset"/> until EOF or until
    /// the buffer is full; -1 on a read error before anything arrived (libspamc's <c>full_read</c>).
    /// </summary>
    public int ReadToEnd(byte[] target, int offset)
    {
        int total = 0;
        int room = target.Length - offset;
        int buffered = Math.Min(end - start, room);
        buffer.AsSpan(start, buffered).CopyTo(target.AsSpan(offset));
        start += buffered;
        total += buffered;
        while (total < room)
        {
            int n;
            try { n = stream.Read(target, offset + total, room - total); }
            catch (IOException) { return total >= room ? total : -1; }
            if (n <= 0) break;
            total += n;
        }
        return total;
    }

    private bool Fill()
    {
        try
        {
            int n = stream.Read(buffer, 0, buffer.Length);
            if (n <= 0) return false;
            start = 0;
            end = n;
            return true;
        }
        catch (IOException) { return false; }
    }

    public void Dispose()
    {
        stream.Dispose();
        socket.Dispose();
    }
}
