using System.Diagnostics;

namespace Spamd.Daemon.Lifecycle;

/// <summary>
/// -d/--daemonize without fork(): the process starts a copy of itself in a new session (via setsid(1)),
/// with the same arguments and an environment variable naming a "ready" file, relays the copy's stderr
/// until the copy listens (it then creates the file), and exits 0. If the copy dies first, its exit status
/// is returned.
/// </summary>
public static class Daemonizer
{
    public const string ReadyFileVariable = "SPAMD_DAEMON_READY_FILE";

    /// <summary>The ready file when this process is the detached copy, else null.</summary>
    public static string? ReadyFile => Environment.GetEnvironmentVariable(ReadyFileVariable);

    public static void SignalReady()
    {
        if (ReadyFile is { } path) File.WriteAllText(path, Environment.ProcessId.ToString());
    }

    public static int StartDetachedCopy(IReadOnlyList<string> args, TimeSpan readyTimeout)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("cannot find my own executable");
        var readyFile = Path.Combine(Path.GetTempPath(), $"spamd-ready-{Environment.ProcessId}-{Guid.NewGuid():N}");
        bool viaSetsid = File.Exists("/usr/bin/setsid");
        var psi = new ProcessStartInfo(viaSetsid ? "/usr/bin/setsid" : self)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Environment.CurrentDirectory,
        };
        if (viaSetsid) psi.ArgumentList.Add(self);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment[ReadyFileVariable] = readyFile;

        using var child = Process.Start(psi) ?? throw new InvalidOperationException("cannot start the daemon process");
        child.StandardInput.Close();
        child.ErrorDataReceived += (_, e) => { if (e.Data != null) Console.Error.WriteLine(e.Data); };
        child.BeginErrorReadLine();

        var watch = Stopwatch.StartNew();
        try
        {
            while (watch.Elapsed < readyTimeout)
            {
                if (File.Exists(readyFile)) return 0;
                if (child.HasExited) return child.ExitCode == 0 ? 1 : child.ExitCode;
                Thread.Sleep(50);
            }
            Console.Error.WriteLine("spamd: the daemon did not start listening in time");
            return 1;
        }
        finally
        {
            try { File.Delete(readyFile); } catch (IOException) { }
        }
    }
}
