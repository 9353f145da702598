using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
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

    private readonly Socket socket;
    private readonly Stream stream;
    private readonly SslStream? tls;
    private readonly byte[] buffer = new byte[16 * 1024];
    private int start, end;
    private readonly byte[] line = new byte[MaxLineBytes];

    private SpamdConnection(Socket socket, Stream stream, SslStream? tls)
    {
        this.socket = socket;
        this.stream = stream;
        this.tls = tls;
    }

    public static SpamdConnection Plain(Socket socket, int timeoutSeconds) =>
        new(socket, new TimedSocketStream(socket, timeoutSeconds), null);

    /// <summary>TLS handshake; returns Ok, OsErr (71, certificate files) or Unavailable (69, handshake).</summary>
    public static int Tls(Socket socket, SpamcOptions o, out SpamdConnection? connection)
    {
        connection = null;
        var options = new SslClientAuthenticationOptions { TargetHost = "spamd" };
        try
        {
            if (o.ClientCertificate)
                options.ClientCertificates = new X509CertificateCollection { X509Certificate2.CreateFromPemFile(o.SslCertFile!, o.SslKeyFile) };
            options.RemoteCertificateValidationCallback = CertificateCheck(o);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            ClientLog.Error($"unable to load certificate or CA files: {e.Message}");
            return ExitCode.OsErr;
        }
        var tls = new SslStream(new TimedSocketStream(socket, o.Timeout), leaveInnerStreamOpen: false);
        try { tls.AuthenticateAsClient(options); }
        catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException)
        {
            ClientLog.Error($"SSL_connect error: {e.Message}");
            tls.Dispose();
            return ExitCode.Unavailable;
        }
        connection = new SpamdConnection(socket, tls, tls);
        return ExitCode.Ok;
    }

    /// <summary>Without --ssl-ca-file/--ssl-ca-path the server is not verified (spamc's SSL_VERIFY_NONE).</summary>
    private static RemoteCertificateValidationCallback CertificateCheck(SpamcOptions o)
    {
        if (o.SslCaFile == null && o.SslCaPath == null) return (_, _, _, _) => true;
        var roots = new X509Certificate2Collection();
        if (o.SslCaFile != null) roots.ImportFromPemFile(o.SslCaFile);
        if (o.SslCaPath != null)
            foreach (var file in Directory.EnumerateFiles(o.SslCaPath))
                try { roots.ImportFromPemFile(file); } catch (System.Security.Cryptography.CryptographicException) { }
        return (_, certificate, _, _) =>
        {
            if (certificate == null) return false;
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(roots);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(new X509Certificate2(certificate));
        };
    }

    /// <summary>Sends the request and half-closes; write errors are ignored (the reply, if any, tells).</summary>
    public bool Send(ReadOnlySpan<byte> header, ReadOnlySpan<byte> body)
    {
        try
        {
            stream.Write(header);
            // SSL_write of zero bytes reports failure, so spamc -S -K always ends in EX_IOERR; keep that.
            if (tls != null && body.IsEmpty)
            {
                ClientLog.Error("SSL write failed (5)");
                return false;
            }
            stream.Write(body);
            stream.Flush();
            if (tls != null) tls.ShutdownAsync().GetAwaiter().GetResult();
            socket.Shutdown(SocketShutdown.Send);
            return true;
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            return tls == null; // plain spamc does not check its writes; SSL_write failures are EX_IOERR
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
            catch (Exception e) when (e is IOException or SocketException) { return total >= room ? total : -1; }
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
        catch (Exception e) when (e is IOException or SocketException) { return false; }
    }

    public void Dispose()
    {
        stream.Dispose();
        socket.Dispose();
    }
}
