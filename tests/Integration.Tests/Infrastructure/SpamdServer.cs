using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Spamd.Integration.Tests.Infrastructure;

/// <summary>
/// A spamd-compatible server process on loopback (SpamAssassin's or ours), started with spamd's own
/// command-line options and considered ready once it answers PING.
/// </summary>
public sealed class SpamdServer : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder log = new();

    public int Port { get; }
    public string WorkDir { get; }
    public string? SocketPath { get; }
    public string Name { get; }

    private SpamdServer(string name, Process process, int port, string workDir, string? socketPath)
    {
        Name = name;
        this.process = process;
        Port = port;
        WorkDir = workDir;
        SocketPath = socketPath;
    }

    /// <summary>Output the server wrote so far (stderr and stdout), for failure messages.</summary>
    public string Log { get { lock (log) return log.ToString(); } }

    public int ProcessId => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>Starts SpamAssassin's spamd with local tests only, on a free loopback port.</summary>
    public static Task<SpamdServer> StartRealAsync(params string[] extraArgs) =>
        StartAsync("real-spamd", TestPaths.RealSpamd, extraArgs, TimeSpan.FromSeconds(60));

    /// <summary>Starts our spamd with the same options.</summary>
    /// <remarks>Each server gets its own Bayes database in its work directory unless the test names one.</remarks>
    public static Task<SpamdServer> StartOursAsync(params string[] extraArgs) =>
        StartAsync("our-spamd", TestPaths.OurSpamd,
            extraArgs.Any(a => a.StartsWith("--bayes-path", StringComparison.Ordinal))
                ? extraArgs : [.. extraArgs, "--bayes-path", "{workdir}/bayes/bayes"],
            TimeSpan.FromSeconds(60));

    /// <summary>
    /// Starts our spamd with network tests on (no -L), its DNS going only to the loopback responder on
    /// <paramref name="dnsPort"/>. (SpamAssassin's runs under strace instead: tests/Integration.Tests/Dns.)
    /// </summary>
    public static Task<SpamdServer> StartOursWithDnsAsync(int dnsPort, params string[] extraArgs) =>
        StartAsync("our-spamd", TestPaths.OurSpamd,
            [.. LoopbackDns(dnsPort), .. extraArgs, "--bayes-path", "{workdir}/bayes/bayes"], TimeSpan.FromSeconds(60), localOnly: false);

    /// <summary>The only way a test may turn network tests on: a dns_server on loopback (see LoopbackDnsGuardTests).</summary>
    private static string[] LoopbackDns(int port) => ["--cf", $"dns_server 127.0.0.1:{port}", "--cf", "dns_available yes"];

    private static async Task<SpamdServer> StartAsync(string name, string exe, string[] extraArgs, TimeSpan readyTimeout, bool localOnly = true)
    {
        if (!File.Exists(exe)) throw new FileNotFoundException($"{exe} is missing: run ./test.sh, which installs it", exe);
        var workDir = TestPaths.NewTempDir(name);
        int port = FreePort.Next();
        string? socketPath = null;
        var psi = new ProcessStartInfo(exe)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workDir,
        };
        if (localOnly) psi.ArgumentList.Add("-L");
        foreach (var a in new[] { "-p", port.ToString(), "-i", "127.0.0.1", "-A", "127.0.0.1",
                     "--pidfile", Path.Combine(workDir, "spamd.pid") })
            psi.ArgumentList.Add(a);
        for (int i = 0; i < extraArgs.Length; i++)
        {
            var a = extraArgs[i].Replace("{workdir}", workDir);
            if (a.StartsWith("--socketpath=", StringComparison.Ordinal)) socketPath = a["--socketpath=".Length..];
            psi.ArgumentList.Add(a);
        }
        var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start " + exe);
        var server = new SpamdServer(name, p, port, workDir, socketPath);
        p.OutputDataReceived += (_, e) => { if (e.Data != null) lock (server.log) server.log.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (server.log) server.log.AppendLine(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < readyTimeout)
        {
            if (p.HasExited)
                throw new InvalidOperationException($"{name} exited with {p.ExitCode}:\n{server.Log}");
            if (await server.TryPingAsync()) return server;
            await Task.Delay(100);
        }
        await server.DisposeAsync();
        throw new TimeoutException($"{name} did not answer PING within {readyTimeout}:\n{server.Log}");
    }

    private async Task<bool> TryPingAsync()
    {
        try
        {
            var reply = await RawExchangeAsync("PING SPAMC/1.5\r\n\r\n"u8.ToArray(), halfClose: true, TimeSpan.FromSeconds(5));
            return reply.AsSpan().StartsWith("SPAMD/1.5 0 PONG"u8);
        }
        catch (SocketException) { return false; }
        catch (IOException) { return false; }
        catch (OperationCanceledException) { return false; } // accepted but not answered yet (still starting)
    }

    /// <summary>
    /// Sends raw request bytes over TCP and returns everything the server sends back until it closes.
    /// </summary>
    public async Task<byte[]> RawExchangeAsync(byte[] request, bool halfClose = true, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(System.Net.IPAddress.Loopback, Port, cts.Token);
        await socket.SendAsync(request, SocketFlags.None, cts.Token);
        if (halfClose) socket.Shutdown(SocketShutdown.Send);
        var ms = new MemoryStream();
        var buf = new byte[65536];
        while (true)
        {
            int n;
            try { n = await socket.ReceiveAsync(buf, SocketFlags.None, cts.Token); }
            catch (SocketException) { break; } // reset by peer: return what arrived
            if (n == 0) break;
            ms.Write(buf, 0, n);
        }
        return ms.ToArray();
    }

    /// <summary>Sends SIGTERM and waits for the process to exit.</summary>
    public async Task StopAsync(TimeSpan? timeout = null)
    {
        if (process.HasExited) return;
        Signal(process.Id, 15);
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        try { await process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { process.Kill(entireProcessTree: true); }
    }

    public static void Signal(int pid, int signal) =>
        Process.Start("kill", new[] { "-" + signal, pid.ToString() })!.WaitForExit();

    public async ValueTask DisposeAsync()
    {
        try { await StopAsync(); } catch (InvalidOperationException) { }
        // spamd's children may outlive a parent killed the hard way.
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.Dispose();
        try { Directory.Delete(WorkDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
