using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Spamd.Integration.Tests.Infrastructure;

namespace Spamd.Integration.Tests.Dns;

/// <summary>
/// SpamAssassin's spamd with network tests on (no -L), asking only a loopback DNS server, and run under
/// strace so that a test can prove afterwards that no process of it sent anything to a non-loopback address.
/// </summary>
internal sealed partial class TracedRealSpamd : IAsyncDisposable
{
    private readonly Process strace;
    private readonly string workDir;
    private readonly StringBuilder log = new();

    private TracedRealSpamd(Process strace, string workDir, int port)
    {
        this.strace = strace;
        this.workDir = workDir;
        Port = port;
    }

    public int Port { get; }

    public string TracePath => Path.Combine(workDir, "trace.txt");

    public string Log { get { lock (log) return log.ToString(); } }

    public static async Task<TracedRealSpamd> StartAsync(int dnsPort, string siteConfig, params string[] extraArgs)
    {
        if (!File.Exists("/usr/bin/strace")) throw new FileNotFoundException("strace is missing: run ./test.sh, which installs it", "/usr/bin/strace");
        var workDir = TestPaths.NewTempDir("traced-spamd");
        int port = FreePort.Next();
        var psi = new ProcessStartInfo("/usr/bin/strace") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workDir };
        foreach (var a in new[] { "-f", "-qq", "-e", "trace=connect,sendto,sendmsg,sendmmsg", "-o", Path.Combine(workDir, "trace.txt"), TestPaths.RealSpamd,
                     "-p", port.ToString(), "-i", "127.0.0.1", "-A", "127.0.0.1", "--pidfile", Path.Combine(workDir, "spamd.pid"),
                     "--siteconfigpath", siteConfig, "--cf", $"dns_server 127.0.0.1:{dnsPort}", "--cf", "dns_available yes" })
            psi.ArgumentList.Add(a);
        foreach (var a in extraArgs) psi.ArgumentList.Add(a);
        var process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start strace");
        var server = new TracedRealSpamd(process, workDir, port);
        process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (server.log) server.log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (server.log) server.log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var started = Stopwatch.StartNew();
        while (started.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (process.HasExited) throw new InvalidOperationException($"traced spamd exited with {process.ExitCode}:\n{server.Log}");
            try
            {
                var pong = await server.ExchangeAsync("PING SPAMC/1.5\r\n\r\n"u8.ToArray(), TimeSpan.FromSeconds(5));
                if (pong.StartsWith("SPAMD/1.5 0 PONG", StringComparison.Ordinal)) return server;
            }
            catch (Exception e) when (e is SocketException or IOException or OperationCanceledException) { }
            await Task.Delay(200);
        }
        await server.DisposeAsync();
        throw new TimeoutException("traced spamd did not answer PING:\n" + server.Log);
    }

    public async Task<string> ExchangeAsync(byte[] request, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, Port, cts.Token);
        await socket.SendAsync(request, SocketFlags.None, cts.Token);
        socket.Shutdown(SocketShutdown.Send);
        var reply = new MemoryStream();
        var buffer = new byte[65536];
        int n;
        while ((n = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token)) > 0) reply.Write(buffer, 0, n);
        return Encoding.Latin1.GetString(reply.ToArray());
    }

    /// <summary>Stops spamd (strace ends with it) and returns every IP destination the trace records.</summary>
    public async Task<IReadOnlyList<string>> StopAndListDestinationsAsync()
    {
        await StopAsync();
        var trace = File.Exists(TracePath) ? await File.ReadAllTextAsync(TracePath) : throw new FileNotFoundException("no strace output", TracePath);
        return Destination().Matches(trace).Select(m => m.Groups[1].Value).ToList();
    }

    [GeneratedRegex(@"sin6?_addr=inet_(?:addr|pton)\((?:AF_INET6, )?""([^""]+)""")]
    private static partial Regex Destination();

    private async Task StopAsync()
    {
        if (strace.HasExited) return;
        var pidFile = Path.Combine(workDir, "spamd.pid");
        if (File.Exists(pidFile) && int.TryParse((await File.ReadAllTextAsync(pidFile)).Trim(), out int pid))
            SpamdServer.Signal(pid, 15);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try { await strace.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { strace.Kill(entireProcessTree: true); }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (!strace.HasExited) strace.Kill(entireProcessTree: true);
        strace.Dispose();
        try { Directory.Delete(workDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
