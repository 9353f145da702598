using System.Diagnostics;
using Spamd.Integration.Tests.Infrastructure;

namespace Spamd.Integration.Tests.Client;

/// <summary>
/// SpamAssassin's spamd with --ssl and a self-signed certificate made for the test class. Started here rather
/// than through <see cref="SpamdServer"/>, whose readiness check speaks plain TCP.
/// </summary>
public sealed class TlsSpamdFixture : IAsyncLifetime
{
    private Process? process;
    public string Dir { get; } = TestPaths.NewTempDir("spamc-tls");
    public int Port { get; } = FreePort.Next();

    public string Cert => Path.Combine(Dir, "cert.pem");
    public string OtherCert => Path.Combine(Dir, "other.pem");

    public async Task InitializeAsync()
    {
        MakeCertificate("cert.pem", "key.pem", "localhost");
        MakeCertificate("other.pem", "other.key", "someone-else");
        // spamd's children run as nobody and read the key.
        FileModes.Set(Path.Combine(Dir, "key.pem"), (UnixFileMode)0x1A4);
        var psi = new ProcessStartInfo(TestPaths.RealSpamd,
            ["-L", "-p", Port.ToString(), "-i", "127.0.0.1", "-A", "127.0.0.1", "--pidfile", Path.Combine(Dir, "spamd.pid"),
             "-s", Path.Combine(Dir, "spamd.log"), "--ssl", "--server-key", Path.Combine(Dir, "key.pem"), "--server-cert", Cert])
        { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        process = Process.Start(psi)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = Stopwatch.StartNew();
        while (!await TlsPingAsync())
        {
            if (process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(60))
                throw new InvalidOperationException("spamd --ssl did not start: " + ReadLog());
            await Task.Delay(200);
        }
    }

    private string ReadLog() => File.Exists(Path.Combine(Dir, "spamd.log")) ? File.ReadAllText(Path.Combine(Dir, "spamd.log")) : "";

    private async Task<bool> TlsPingAsync()
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            using var tcp = new System.Net.Sockets.TcpClient();
            await tcp.ConnectAsync(System.Net.IPAddress.Loopback, Port, cts.Token);
            using var tls = new System.Net.Security.SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
            await tls.AuthenticateAsClientAsync(new System.Net.Security.SslClientAuthenticationOptions { TargetHost = "localhost" }, cts.Token);
            await tls.WriteAsync("PING SPAMC/1.5\r\n\r\n"u8.ToArray(), cts.Token);
            var buffer = new byte[64];
            int n = await tls.ReadAsync(buffer, cts.Token);
            return n > 0 && System.Text.Encoding.ASCII.GetString(buffer, 0, n).StartsWith("SPAMD/1.5 0 PONG");
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException or OperationCanceledException
                                      or System.Security.Authentication.AuthenticationException)
        {
            return false;
        }
    }

    private void MakeCertificate(string cert, string key, string name)
    {
        var psi = new ProcessStartInfo("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-keyout", Path.Combine(Dir, key), "-out", Path.Combine(Dir, cert), "-subj", "/CN=" + name])
        { RedirectStandardError = true, UseShellExecute = false };
        using var p = Process.Start(psi)!;
        p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException("openssl req failed");
    }

    public async Task DisposeAsync()
    {
        if (process != null)
        {
            if (!process.HasExited)
            {
                SpamdServer.Signal(process.Id, 15);
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                try { await process.WaitForExitAsync(cts.Token); }
                catch (OperationCanceledException) { process.Kill(entireProcessTree: true); }
            }
            process.Dispose();
        }
        Directory.Delete(Dir, recursive: true);
    }
}

/// <summary>spamc -S against SpamAssassin's spamd --ssl: same output and exit status as the real spamc.</summary>
public sealed class SpamcTlsTests : IClassFixture<TlsSpamdFixture>
{
    private readonly TlsSpamdFixture spamd;

    public SpamcTlsTests(TlsSpamdFixture spamd) => this.spamd = spamd;

    private string[] Args(string mode) =>
        ["-S", "-d", "127.0.0.1", "-p", spamd.Port.ToString(), .. mode.Split(' ', StringSplitOptions.RemoveEmptyEntries)];

    /// <summary>
    /// SpamAssassin's own spamc is flaky over TLS (now and then spamd closes without answering and spamc falls back),
    /// so its answer is taken from the first of a few runs that got one. Ours must answer every time.
    /// </summary>
    private async Task CompareAsync(string[] args, byte[] message, bool expectFailure = false)
    {
        ProcessOutcome real = await SpamcRunner.Real(args, message);
        for (int i = 0; i < 10 && !expectFailure && LooksLikeFallback(real, message); i++)
        {
            await Task.Delay(200 * i); // under load its failures come in runs
            real = await SpamcRunner.Real(args, message);
        }
        Assert.False(!expectFailure && LooksLikeFallback(real, message), "SpamAssassin's spamc never got an answer over TLS");
        for (int i = 0; i < 2; i++) SpamcRunner.AssertSame(args, real, await SpamcRunner.Ours(args, message));
    }

    private static bool LooksLikeFallback(ProcessOutcome o, byte[] message) =>
        o.StdoutText == "0/0\n" || o.Stdout.AsSpan().SequenceEqual(message);

    [Theory]
    [InlineData("")]
    [InlineData("-c")]
    [InlineData("-R")]
    [InlineData("--headers")]
    public async Task Tls_scans_match(string mode)
    {
        await CompareAsync(Args(mode), TestMessages.Gtube());
        await CompareAsync(Args(mode), TestMessages.Ham());
    }

    [Fact]
    public async Task Compressed_requests_over_tls_end_with_close_notify_and_work()
    {
        // spamd reads a compressed body to EOF, so here the TLS session is closed properly before the half-close.
        for (int i = 0; i < 3; i++)
        {
            var ours = await SpamcRunner.Ours(Args("-z -c"), TestMessages.Gtube());
            Assert.True(ours.ExitCode == 1, $"exit {ours.ExitCode}: {ours.Stderr}");
            Assert.Equal("1000.0/5.0\n", ours.StdoutText);
        }
    }

    [Fact]
    public async Task Tls_ping_always_fails_with_74_like_spamc()
    {
        // A zero-byte SSL_write counts as a failure in libspamc: spamc -S -K never succeeds.
        var (_, ours) = await SpamcRunner.AssertSameAsync(Args("-x -K"), []);
        Assert.Equal(74, ours.ExitCode);
    }

    [Fact]
    public async Task Client_certificate_is_presented_and_unreadable_files_are_71()
    {
        string key = Path.Combine(spamd.Dir, "key.pem");
        var ours = await SpamcRunner.Ours([.. Args("-x -c"), "--ssl-cert", spamd.Cert, "--ssl-key", key], TestMessages.Gtube());
        Assert.True(ours.ExitCode == 1, $"exit {ours.ExitCode}: {ours.Stderr}");
        Assert.Equal("1000.0/5.0\n", ours.StdoutText);
        var (_, missing) = await SpamcRunner.AssertSameAsync(
            [.. Args("-x -c"), "--ssl-cert", spamd.Cert, "--ssl-key", "/nonexistent.key"], TestMessages.Gtube());
        Assert.Equal(71, missing.ExitCode);
    }

    [Fact]
    public async Task Server_certificate_is_checked_only_when_a_CA_is_given()
    {
        await CompareAsync([.. Args("-c"), "--ssl-ca-file", spamd.Cert], TestMessages.Gtube());
        var ours = await SpamcRunner.Ours([.. Args("-c"), "--ssl-ca-file", spamd.Cert], TestMessages.Gtube());
        Assert.Equal(1, ours.ExitCode);
        (_, ours) = await SpamcRunner.AssertSameAsync([.. Args("-x -c"), "--ssl-ca-file", spamd.OtherCert], TestMessages.Gtube());
        Assert.Equal(69, ours.ExitCode);
        (_, ours) = await SpamcRunner.AssertSameAsync([.. Args("-x -c"), "--ssl-ca-file", "/nonexistent.pem"], TestMessages.Gtube());
        Assert.Equal(71, ours.ExitCode);
    }
}
