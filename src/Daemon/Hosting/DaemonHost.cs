using Spamd.Engine.Rules;
using Spamd.Engine.Scanning;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Spamd.Daemon.Connections;
using Spamd.Daemon.Lifecycle;
using Spamd.Daemon.Logging;
using Spamd.Daemon.Options;
using Spamd.Daemon.Scanning;
using Spamd.Daemon.Users;

#pragma warning disable CA1416 // Unix file modes: this daemon runs on Linux/Unix only

namespace Spamd.Daemon.Hosting;

/// <summary>
/// Runs the daemon: Kestrel with our connection handler on every listen socket (TCP, TLS, Unix), the
/// pidfile, SIGHUP reloads and graceful SIGTERM/SIGINT shutdown.
/// </summary>
public sealed class DaemonHost
{
    public const string Version = "4.0.1";

    private readonly DaemonOptions options;
    private readonly DaemonLog log;
    private readonly ScannerHolder scanners;
    private readonly IReadOnlyList<ListenSpec> listens;
    private readonly Lock reloadGate = new();

    private DaemonHost(DaemonOptions options, DaemonLog log, ScannerHolder scanners, IReadOnlyList<ListenSpec> listens)
    {
        this.options = options;
        this.log = log;
        this.scanners = scanners;
        this.listens = listens;
    }

    /// <returns>The process exit status.</returns>
    public static int Run(DaemonOptions options)
    {
        var listens = ListenSpec.FromOptions(options);
        bool detached = Daemonizer.ReadyFile != null;
        // A detached daemon has no terminal: stderr logging goes nowhere, as with spamd -d.
        using var log = DaemonLog.Open(detached && options.Syslog == "stderr" ? "null" : options.Syslog, options.Debug != null, out var logWarning);
        if (logWarning != null) log.Warn("spamd: " + logWarning);
        foreach (var warning in options.Warnings) log.Warn("spamd: " + warning);

        var generation = ScannerLoader.Load(options, log, warmUpInBackground: true);
        LogLoad(log, generation.Scanner);
        var scanners = new ScannerHolder(generation);
        return new DaemonHost(options, log, scanners, listens).Serve();
    }

    private int Serve()
    {
        var context = new DaemonContext(options, log, scanners);
        var certificate = listens.Any(l => l.Tls) ? LoadCertificate() : null;
        var clientCertificates = ClientCertificatePolicy.From(options);
        foreach (var unix in listens.Where(l => l.IsUnix)) PrepareUnixSocket(unix.Path!);

        using var host = new HostBuilder()
            .ConfigureLogging(logging => logging.ClearProviders())
            .ConfigureServices(services =>
            {
                services.AddSingleton(context);
                services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
            })
            .ConfigureWebHost(web => web
                .UseKestrel(kestrel =>
                {
                    kestrel.Limits.MaxConcurrentConnections = null;
                    kestrel.AddServerHeader = false;
                    foreach (var spec in listens) Listen(kestrel, spec, certificate, clientCertificates);
                })
                .Configure(_ => { }))
            .UseConsoleLifetime(o => o.SuppressStatusMessages = true)
            .Build();

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        host.Start();
        log.Debug($"spamd: listening after {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms of host start-up");
        var pidFile = options.PidFile is { } path ? new PidFile(path) : null;
        try
        {
            try
            {
                foreach (var unix in listens.Where(l => l.IsUnix)) SetSocketPermissions(unix.Path!);
                pidFile?.Write();
                if (PrivilegeDrop.Apply(options.UserName, options.GroupName) is { } dropped) log.Info(dropped);
            }
            catch
            {
                host.StopAsync().GetAwaiter().GetResult();
                throw;
            }
            foreach (var spec in listens)
                log.Info($"spamd: server started on {(spec.IsUnix ? "UNIX domain socket " + spec.Path : $"{(spec.Tls ? "TLS " : "")}[{spec.Host}]:{spec.Port}")} (running version {Version})");
            log.Info($"spamd: server pid: {Environment.ProcessId}");
            context.MarkStarted();

            using var reload = PosixSignalRegistration.Create(PosixSignal.SIGHUP, signal =>
            {
                signal.Cancel = true;
                _ = Task.Run(Reload);
            });
            Daemonizer.SignalReady();
            host.WaitForShutdown();
            log.Info("spamd: server killed by SIGTERM, shutting down");
            log.Info("spamd: " + context.Statistics.Summary());
        }
        finally
        {
            pidFile?.Remove();
            foreach (var unix in listens.Where(l => l.IsUnix)) TryDelete(unix.Path!);
        }
        return 0;
    }

    /// <summary>Says which rules were loaded (files, count, skipped rules) so an administrator sees it at start.</summary>
    private static void LogLoad(DaemonLog log, IScanner scanner)
    {
        if (scanner is not RuleScanner rules) return;
        foreach (var line in rules.Report.Summary().Split('\n', StringSplitOptions.RemoveEmptyEntries))
            log.Info("spamd: " + line);
    }

    private void Reload()
    {
        log.Info("spamd: server hit by SIGHUP, reloading");
        // One reload at a time; a second SIGHUP reloads again afterwards.
        lock (reloadGate)
        {
            try
            {
                var next = ScannerLoader.Load(options, log);
                LogLoad(log, next.Scanner);
                scanners.Swap(next);
                log.Info("spamd: reload done, new connections use the new configuration");
            }
            catch (Exception e)
            {
                log.Error($"spamd: reload failed, keeping the previous configuration: {e.Message}");
            }
        }
    }

    private void Listen(KestrelServerOptions kestrel, ListenSpec spec, X509Certificate2? certificate, ClientCertificatePolicy? clientCertificates)
    {
        Action<ListenOptions> configure = listen =>
        {
            listen.Protocols = HttpProtocols.Http1;
            if (spec.Tls && clientCertificates != null) listen.UseHttps(clientCertificates.AdapterOptions(certificate!));
            else if (spec.Tls) listen.UseHttps(certificate!);
            listen.UseConnectionHandler<SpamdConnectionHandler>();
        };
        if (spec.IsUnix)
        {
            kestrel.ListenUnixSocket(spec.Path!, configure);
            return;
        }
        if (spec.Host == "localhost" && !options.IPv4Only && !options.IPv6Only && spec.Port != 0)
        {
            // Both loopbacks, and only an error if neither can be bound (some hosts have IPv6 disabled).
            kestrel.ListenLocalhost(spec.Port, configure);
            return;
        }
        foreach (var address in Resolve(spec.Host!)) kestrel.Listen(new IPEndPoint(address, spec.Port), configure);
    }

    private List<IPAddress> Resolve(string host)
    {
        bool ipv6 = Socket.OSSupportsIPv6 && !options.IPv4Only;
        bool ipv4 = !options.IPv6Only;
        // "*": one socket; Kestrel makes IPv6Any dual-stack, so it takes IPv4 clients as well.
        if (host == "*") return [ipv6 ? IPAddress.IPv6Any : IPAddress.Any];

        IPAddress[] candidates = host == "localhost" ? [IPAddress.Loopback, IPAddress.IPv6Loopback]
            : IPAddress.TryParse(host, out var literal) ? [literal]
            : Dns.GetHostAddresses(host);
        var addresses = candidates.Distinct().Where(a => a.AddressFamily == AddressFamily.InterNetwork ? ipv4 : ipv6).ToList();
        if (addresses.Count == 0) throw new StartupException($"spamd: no usable address for {host}");
        return addresses;
    }

    private X509Certificate2 LoadCertificate()
    {
        if (!File.Exists(options.ServerKey)) throw new StartupException($"spamd: server key file {options.ServerKey} does not exist");
        if (!File.Exists(options.ServerCert)) throw new StartupException($"spamd: server certificate file {options.ServerCert} does not exist");
        return X509Certificate2.CreateFromPemFile(options.ServerCert, options.ServerKey);
    }

    private static void PrepareUnixSocket(string path)
    {
        var dir = Path.GetDirectoryName(path);
        if (string.IsNullOrEmpty(dir) || !Directory.Exists(dir)) throw new StartupException($"spamd: directory for {path} does not exist, exiting");
        if (!File.Exists(path)) return;
        if (IsOrdinaryFile(path)) throw new StartupException($"spamd: file {path} exists but is no socket, exiting");
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
        }
        catch (SocketException)
        {
            File.Delete(path); // a stale socket left by a daemon that died
            return;
        }
        throw new StartupException($"spamd: already running on {path}, exiting");
    }

    // .NET has no file-type API; a socket cannot be opened for reading (ENXIO), an ordinary file can.
    private static bool IsOrdinaryFile(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return true;
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return true; }
    }

    private void SetSocketPermissions(string path)
    {
        var mode = options.SocketMode is { } m ? (UnixFileMode)Convert.ToInt32(m, 8) : (UnixFileMode)0b110_110_110;
        if (options.SocketOwner != null || options.SocketGroup != null)
        {
            int uid = options.SocketOwner is { } owner
                ? UserDatabase.FindUser(owner)?.Uid ?? throw new StartupException($"spamd: {owner} not in passwd database")
                : -1;
            int gid = options.SocketGroup is { } group
                ? UserDatabase.FindGroupId(group) ?? throw new StartupException($"spamd: {group} not in group database")
                : -1;
            if (Native.chown(path, uid, gid) != 0)
                throw new StartupException($"spamd: could not chown {path} to {uid}/{gid}: {Native.LastError()}");
        }
        File.SetUnixFileMode(path, mode);
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>A configuration problem found while starting; the message is printed as is.</summary>
public sealed class StartupException(string message) : Exception(message);
