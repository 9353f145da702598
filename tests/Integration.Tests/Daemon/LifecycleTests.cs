using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Spamd.Integration.Tests.Infrastructure;
using static Spamd.Integration.Tests.Daemon.TestMessages;

namespace Spamd.Integration.Tests.Daemon;

/// <summary>Signals, pidfile, command line, daemonizing and TLS.</summary>
public class LifecycleTests
{
    private const string GtubeCheckReply = "SPAMD/1.1 0 EX_OK\r\nSpam: True ; 1000.0 / 5.0\r\n\r\n";

    [Fact]
    public async Task Sighup_reloads_and_keeps_serving_and_sigterm_removes_the_pidfile()
    {
        var server = await SpamdServer.StartOursAsync();
        var pidFile = Path.Combine(server.WorkDir, "spamd.pid");
        try
        {
            Assert.Equal(server.ProcessId.ToString(), File.ReadAllText(pidFile).Trim());

            // A slow request in flight across the reload.
            using var slow = await RawClient.ConnectAsync(server.Port);
            var request = Request("CHECK", Gtube);
            await slow.SendAsync(request.AsMemory(0, 30));

            SpamdServer.Signal(server.ProcessId, 1);
            await WaitForAsync(() => server.Log.Contains("reload done"), server);
            Assert.Equal(GtubeCheckReply, Text(await server.RawExchangeAsync(Request("CHECK", Gtube))));

            await slow.SendAsync(request.AsMemory(30));
            slow.Shutdown(System.Net.Sockets.SocketShutdown.Send);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            Assert.Equal(GtubeCheckReply, Text(await RawClient.ReadAllAsync(slow, cts.Token)));

            await server.StopAsync();
            Assert.True(server.HasExited);
            Assert.False(File.Exists(pidFile), "the pidfile is removed on SIGTERM");
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("--no-such-option")]
    [InlineData("-Z")]
    [InlineData("--timeout-tcp=abc")]
    [InlineData("--port")]
    public async Task Bad_options_exit_64_with_a_message(string option)
    {
        var outcome = await ProcessRunner.RunAsync(TestPaths.OurSpamd, [option], timeout: TimeSpan.FromSeconds(20));
        Assert.Equal(64, outcome.ExitCode);
        Assert.StartsWith("spamd: ", outcome.Stderr);
    }

    [Fact]
    public async Task Harmless_spamd_options_are_accepted_with_a_warning()
    {
        var server = await SpamdServer.StartOursAsync("--create-prefs", "--max-children", "5", "--helper-home-dir", "--min-spare=1", "-q", "--round-robin");
        try
        {
            Assert.Equal("SPAMD/1.5 0 PONG\r\n", Text(await server.RawExchangeAsync("PING SPAMC/1.5\r\n\r\n"u8.ToArray())));
            Assert.Contains("has no effect", server.Log);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Daemonize_returns_once_listening_and_the_daemon_serves()
    {
        var dir = TestPaths.NewTempDir("spamd-d");
        var pidFile = Path.Combine(dir, "spamd.pid");
        int port = FreePort.Next();
        try
        {
            var outcome = await ProcessRunner.RunAsync(TestPaths.OurSpamd,
                // Its own Bayes database: the default (~/.spamassassin) may hold a trained one on a developer's machine.
                ["-d", "-L", "-p", port.ToString(), "-i", "127.0.0.1", "-r", pidFile, "-s", Path.Combine(dir, "spamd.log"),
                 "--bayes-path", Path.Combine(dir, "bayes", "bayes")],
                timeout: TimeSpan.FromSeconds(30));
            Assert.Equal(0, outcome.ExitCode);
            int pid = int.Parse(File.ReadAllText(pidFile).Trim());
            using var socket = await RawClient.ConnectAsync(port);
            await socket.SendAsync(Request("CHECK", Gtube));
            socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            Assert.Equal(GtubeCheckReply, Text(await RawClient.ReadAllAsync(socket, cts.Token)));

            SpamdServer.Signal(pid, 15);
            for (int i = 0; i < 100 && File.Exists(pidFile); i++) await Task.Delay(100);
            Assert.False(File.Exists(pidFile));
        }
        finally
        {
            if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid))
                try { Process.GetProcessById(pid).Kill(); } catch (ArgumentException) { }
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Tls_and_plain_sockets_at_once()
    {
        var dir = TestPaths.NewTempDir("spamd-tls");
        try
        {
            using var key = RSA.Create(2048);
            var certificate = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
                .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            var keyPath = Path.Combine(dir, "server-key.pem");
            var certPath = Path.Combine(dir, "server-cert.pem");
            File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
            File.WriteAllText(certPath, certificate.ExportCertificatePem());
            int tlsPort = FreePort.Next();

            var server = await SpamdServer.StartOursAsync("-i", $"ssl:127.0.0.1:{tlsPort}", "--server-key", keyPath, "--server-cert", certPath);
            try
            {
                Assert.Equal(GtubeCheckReply, Text(await server.RawExchangeAsync(Request("CHECK", Gtube))));
                // Kestrel accepts on each socket as soon as it is bound; the TLS one may come a moment later.
                await WaitForAsync(() => server.Log.Contains($"server started on TLS [127.0.0.1]:{tlsPort}"), server);
                Assert.Equal(GtubeCheckReply, Text(await RawClient.TlsExchangeAsync(tlsPort, Request("CHECK", Gtube))));
                var spamc = await ProcessRunner.RunAsync(TestPaths.RealSpamc, ["-S", "-d", "127.0.0.1", "-p", tlsPort.ToString(), "-c"], Gtube);
                Assert.Equal((1, "1000.0/5.0\n"), (spamc.ExitCode, spamc.StdoutText));
            }
            finally
            {
                await server.DisposeAsync();
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Per_user_preferences_come_from_the_virtual_config_dir()
    {
        // alice's required_score applies to alice only: the next user gets the site default again.
        var server = await SpamdServer.StartOursAsync("-x", "--virtual-config-dir={workdir}/vconf/%u");
        try
        {
            Directory.CreateDirectory(Path.Combine(server.WorkDir, "vconf", "alice_example.com"));
            File.WriteAllText(Path.Combine(server.WorkDir, "vconf", "alice_example.com", "user_prefs"), "required_score 1.0\n");
            var request = Latin1($"CHECK SPAMC/1.5\r\nUser: alice example.com\r\nContent-length: {Gtube.Length}\r\n\r\n").Concat(Gtube).ToArray();
            Assert.Equal("SPAMD/1.1 0 EX_OK\r\nSpam: True ; 1000.0 / 1.0\r\n\r\n", Text(await server.RawExchangeAsync(request)));
            var bob = Latin1($"CHECK SPAMC/1.5\r\nUser: bob\r\nContent-length: {Gtube.Length}\r\n\r\n").Concat(Gtube).ToArray();
            Assert.Equal(GtubeCheckReply, Text(await server.RawExchangeAsync(bob)));
            await WaitForAsync(() => server.Log.Contains($"using default config for alice example.com: {server.WorkDir}/vconf/alice_example.com/user_prefs"), server);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task The_unix_socket_gets_the_requested_mode_and_owner()
    {
        var server = await SpamdServer.StartOursAsync("--socketpath={workdir}/spamd.sock", "--socketmode=0660", "--socketowner", Environment.UserName);
        try
        {
            var path = Path.Combine(server.WorkDir, "spamd.sock");
            var expected = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite;
            Assert.Equal(expected, File.GetUnixFileMode(path));
            Assert.Equal("SPAMD/1.5 0 PONG\r\n", Text(await RawClient.UnixExchangeAsync(path, "PING SPAMC/1.5\r\n\r\n"u8.ToArray())));
            await server.StopAsync();
            Assert.False(File.Exists(path), "the socket is removed at shutdown");
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Username_drops_root_privileges_after_binding()
    {
        bool root = Environment.UserName == "root";
        if (!root)
        {
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => SpamdServer.StartOursAsync("-u", "nobody"));
            Assert.Contains("cannot switch to user 'nobody'", refused.Message);
            return;
        }
        var server = await SpamdServer.StartOursAsync("-u", "nobody");
        try
        {
            var nobody = Spamd.Daemon.Users.UserDatabase.FindUser("nobody")!;
            var status = File.ReadAllLines($"/proc/{server.ProcessId}/status");
            Assert.Contains(status, l => l.StartsWith("Uid:") && l.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1..].All(u => u == nobody.Uid.ToString()));
            Assert.Equal(GtubeCheckReply, Text(await server.RawExchangeAsync(Request("CHECK", Gtube))));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Sigterm_lets_a_request_in_flight_finish()
    {
        var server = await SpamdServer.StartOursAsync();
        try
        {
            using var slow = await RawClient.ConnectAsync(server.Port);
            var request = Request("CHECK", Gtube);
            await slow.SendAsync(request.AsMemory(0, 40));
            await Task.Delay(200);
            SpamdServer.Signal(server.ProcessId, 15);
            await Task.Delay(300);
            await slow.SendAsync(request.AsMemory(40));
            slow.Shutdown(System.Net.Sockets.SocketShutdown.Send);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            Assert.Equal(GtubeCheckReply, Text(await RawClient.ReadAllAsync(slow, cts.Token)));
            await WaitForAsync(() => server.HasExited, server);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Listens_on_ipv6_and_ipv4_at_once()
    {
        int v6Port = FreePort.Next();
        var server = await SpamdServer.StartOursAsync("-i", $"[::1]:{v6Port}", "-A", "::1");
        try
        {
            using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetworkV6, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
            await socket.ConnectAsync(System.Net.IPAddress.IPv6Loopback, v6Port);
            await socket.SendAsync(Request("CHECK", Gtube));
            socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            Assert.Equal(GtubeCheckReply, Text(await RawClient.ReadAllAsync(socket, cts.Token)));
            Assert.Equal(GtubeCheckReply, Text(await server.RawExchangeAsync(Request("CHECK", Gtube))));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    private static async Task WaitForAsync(Func<bool> condition, SpamdServer server)
    {
        for (int i = 0; i < 300 && !condition(); i++) await Task.Delay(100);
        Assert.True(condition(), server.Log);
    }
}
