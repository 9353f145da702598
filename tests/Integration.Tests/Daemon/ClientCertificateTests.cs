using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Spamd.Integration.Tests.Client;
using Spamd.Integration.Tests.Infrastructure;

namespace Spamd.Integration.Tests.Daemon;

/// <summary>
/// <c>--ssl-verify --ssl-ca-file</c>: SpamAssassin's spamd and ours, with the same certificates, must let in
/// SpamAssassin's spamc presenting a client certificate signed by the CA, and turn away one without a
/// certificate or with a certificate the CA did not sign; spamc must print and exit the same against both.
/// </summary>
public sealed class ClientCertificateTests(ClientCertificateTests.Daemons daemons) : IClassFixture<ClientCertificateTests.Daemons>
{
    private static readonly byte[] Gtube = "Subject: test\n\nXJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X\n"u8.ToArray();

    public static TheoryData<string> Clients() => ["signed", "none", "stranger"];

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task Spamc_gets_the_same_answer_from_both_daemons(string client)
    {
        var theirs = await CheckAsync(daemons.RealPort, client);
        var ours = await CheckAsync(daemons.OurPort, client);
        Assert.Equal(theirs, ours);
        if (client == "signed") Assert.Equal(1, ours.ExitCode); // spam: the scan happened
        else Assert.NotEqual(1, ours.ExitCode);
    }

    /// <summary>
    /// SpamAssassin's spamc over TLS now and then gets no answer (see SpamcTlsTests), so an answer is taken
    /// from the first of a few runs that got one.
    /// </summary>
    private async Task<(int ExitCode, string Stdout)> CheckAsync(int port, string client)
    {
        (int, string) outcome = default;
        for (int i = 0; i < 5; i++)
        {
            outcome = await daemons.CheckAsync(port, client);
            if (outcome.Item2 != "0/0\n") break;
        }
        return outcome;
    }

    /// <summary>A CA, certificates, and both daemons with <c>--ssl-ca-file</c>.</summary>
    public sealed class Daemons : IAsyncLifetime
    {
        private readonly string dir = TestPaths.NewTempDir("ssl-verify");
        private readonly List<Process> processes = [];
        private readonly System.Text.StringBuilder log = new();

        public int RealPort { get; } = FreePort.Next();
        public int OurPort { get; } = FreePort.Next();

        public string File(string name) => Path.Combine(dir, name);

        public async Task InitializeAsync()
        {
            using var caKey = RSA.Create(2048);
            var caRequest = new CertificateRequest("CN=Test Mail CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(2));
            Write("ca.pem", ca.ExportCertificatePem());

            WriteLeaf("server", "localhost", ca);
            WriteLeaf("signed", "mail-relay", ca);
            WriteLeaf("stranger", "mail-relay", issuer: null);

            string[] common = ["-L", "-i", "127.0.0.1", "-A", "127.0.0.1", "-s", "stderr", "--ssl-ca-file", File("ca.pem"),
                               "--server-key", File("server.key"), "--server-cert", File("server.pem")];
            Start(TestPaths.RealSpamd, [.. common, "-p", RealPort.ToString(), "--pidfile", File("real.pid")]);
            Start(TestPaths.OurSpamd, [.. common, "-p", OurPort.ToString(), "--pidfile", File("ours.pid")]);
            await Task.WhenAll(WaitReadyAsync(RealPort), WaitReadyAsync(OurPort));
        }

        private void WriteLeaf(string name, string subject, X509Certificate2? issuer)
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest("CN=" + subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
            var notBefore = DateTimeOffset.UtcNow.AddDays(-1);
            var notAfter = DateTimeOffset.UtcNow.AddDays(1);
            using var certificate = issuer is null
                ? request.CreateSelfSigned(notBefore, notAfter)
                : request.Create(issuer, notBefore, notAfter, RandomNumberGenerator.GetBytes(8));
            Write(name + ".pem", certificate.ExportCertificatePem());
            Write(name + ".key", key.ExportPkcs8PrivateKeyPem());
        }

        private void Write(string name, string pem)
        {
            System.IO.File.WriteAllText(File(name), pem + "\n");
            FileModes.Set(File(name), (UnixFileMode)0x1A4); // 0644: spamd's children read the key as nobody
        }

        private void Start(string exe, string[] args)
        {
            var process = Process.Start(new ProcessStartInfo(exe, args)
            { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true })!;
            DataReceivedEventHandler collect = (_, e) => { if (e.Data != null) lock (log) log.AppendLine($"{Path.GetFileName(exe)}: {e.Data}"); };
            process.OutputDataReceived += collect;
            process.ErrorDataReceived += collect;
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            processes.Add(process);
        }

        public async Task<(int ExitCode, string Stdout)> CheckAsync(int port, string client)
        {
            List<string> args = ["-S", "-d", "127.0.0.1", "-p", port.ToString(), "-c", "-t", "20"];
            if (client != "none") args.AddRange(["--ssl-cert", File($"{client}.pem"), "--ssl-key", File($"{client}.key")]);
            var run = await ProcessRunner.RunAsync(TestPaths.RealSpamc, args, Gtube);
            return (run.ExitCode, run.StdoutText);
        }

        private async Task WaitReadyAsync(int port)
        {
            var clock = Stopwatch.StartNew();
            while (true)
            {
                // Not PING: spamc -S -K never succeeds (a zero-byte SSL_write counts as a failure in libspamc).
                var run = await CheckAsync(port, "signed");
                if (run.ExitCode == 1) return;
                if (clock.Elapsed > TimeSpan.FromSeconds(60) || processes.Any(p => p.HasExited))
                    throw new InvalidOperationException($"a daemon with --ssl-verify did not start on port {port} (last spamc: {run.ExitCode} {run.Stdout})\n{log}");
                await Task.Delay(300);
            }
        }

        public async Task DisposeAsync()
        {
            foreach (var process in processes)
            {
                if (!process.HasExited) SpamdServer.Signal(process.Id, 15);
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                try { await process.WaitForExitAsync(cts.Token); }
                catch (OperationCanceledException) { process.Kill(entireProcessTree: true); }
                process.Dispose();
            }
            Directory.Delete(dir, recursive: true);
        }
    }
}
