using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Spamd.Daemon.Options;

namespace Spamd.Daemon.Hosting;

/// <summary>
/// spamd's TLS settings for its sockets: <c>--ssl-verify</c> requires a client certificate that chains to a CA
/// of <c>--ssl-ca-file</c> / <c>--ssl-ca-path</c> (the system's CAs when neither is given); like spamd, no CRL
/// check and no name check. Without it, no client certificate is asked for.
/// </summary>
public sealed class ClientCertificatePolicy
{
    private readonly X509Certificate2Collection? authorities;

    private ClientCertificatePolicy(X509Certificate2Collection? authorities) => this.authorities = authorities;

    /// <exception cref="StartupException">A CA file or directory is missing or unreadable.</exception>
    public static ClientCertificatePolicy? From(DaemonOptions options)
    {
        if (!options.SslVerify) return null;
        if (options.SslCaFile == null && options.SslCaPath == null) return new ClientCertificatePolicy(null);

        var authorities = new X509Certificate2Collection();
        try
        {
            if (options.SslCaFile != null) authorities.ImportFromPemFile(options.SslCaFile);
            if (options.SslCaPath != null)
                foreach (var file in Directory.EnumerateFiles(options.SslCaPath))
                    try { authorities.ImportFromPemFile(file); }
                    catch (System.Security.Cryptography.CryptographicException) { } // hash links and other non-PEM files
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new StartupException($"spamd: cannot read CA certificates: {e.Message}");
        }
        if (authorities.Count == 0) throw new StartupException("spamd: --ssl-verify: no CA certificate found in --ssl-ca-file/--ssl-ca-path");
        return new ClientCertificatePolicy(authorities);
    }

    public HttpsConnectionAdapterOptions AdapterOptions(X509Certificate2 serverCertificate) => new()
    {
        ServerCertificate = serverCertificate,
        ClientCertificateMode = ClientCertificateMode.RequireCertificate,
        ClientCertificateValidation = (certificate, _, _) => IsTrusted(certificate),
    };

    internal bool IsTrusted(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (authorities != null)
        {
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
            chain.ChainPolicy.ExtraStore.AddRange(authorities); // intermediates given in the same file
        }
        return chain.Build(certificate);
    }
}
