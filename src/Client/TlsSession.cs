using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Spamd.Protocol;

namespace Spamd.Client;

/// <summary>
/// spamc -S: TLS over the spamd connection. The server certificate is only verified when --ssl-ca-file or
/// --ssl-ca-path is given (spamc's SSL_VERIFY_NONE otherwise); --ssl-cert/--ssl-key present a client certificate.
/// </summary>
internal static class TlsSession
{
    /// <summary>Handshake; returns Ok, OsErr (71, unreadable certificate files) or Unavailable (69, handshake failed).</summary>
    public static int Open(Stream transport, SpamcOptions o, out Stream? tls)
    {
        tls = null;
        var options = new SslClientAuthenticationOptions { TargetHost = "spamd" };
        try
        {
            if (o.ClientCertificate)
                options.ClientCertificates = new X509CertificateCollection { X509Certificate2.CreateFromPemFile(o.SslCertFile!, o.SslKeyFile) };
            options.RemoteCertificateValidationCallback = CertificateCheck(o);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            ClientLog.Error($"unable to load certificate or CA files: {e.Message}");
            return ExitCode.OsErr;
        }
        var stream = new SslStream(transport, leaveInnerStreamOpen: false);
        try { stream.AuthenticateAsClient(options); }
        catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException)
        {
            ClientLog.Error($"SSL_connect error: {e.Message}");
            stream.Dispose();
            return ExitCode.Unavailable;
        }
        tls = stream;
        return ExitCode.Ok;
    }

    /// <summary>SSL_shutdown: sends close_notify before the TCP half-close.</summary>
    public static void Close(Stream tls) => ((SslStream)tls).ShutdownAsync().GetAwaiter().GetResult();

    private static RemoteCertificateValidationCallback CertificateCheck(SpamcOptions o)
    {
        if (o.SslCaFile == null && o.SslCaPath == null) return (_, _, _, _) => true;
        var roots = new X509Certificate2Collection();
        if (o.SslCaFile != null) roots.ImportFromPemFile(o.SslCaFile);
        if (o.SslCaPath != null)
            foreach (var file in Directory.EnumerateFiles(o.SslCaPath))
                try { roots.ImportFromPemFile(file); } catch (CryptographicException) { }
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
}
