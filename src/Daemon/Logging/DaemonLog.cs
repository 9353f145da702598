using System.Globalization;
using System.Text;

namespace Spamd.Daemon.Logging;

/// <summary>
/// The daemon's log, in spamd's line shape (<c>Nov 22 00:38:57.111 [13704] info: spamd: ...</c>), written to
/// stderr, to a file, or nowhere (-s stderr | /path | null). Lines are written whole under a lock.
/// </summary>
public sealed class DaemonLog : IDisposable
{
    private readonly TextWriter? writer;
    private readonly bool ownsWriter;
    private readonly object gate = new();
    private readonly int pid = Environment.ProcessId;

    public bool DebugEnabled { get; }

    /// <summary>False for -s null: callers may skip building expensive lines.</summary>
    public bool Enabled => writer != null;

    private DaemonLog(TextWriter? writer, bool ownsWriter, bool debug)
    {
        this.writer = writer;
        this.ownsWriter = ownsWriter;
        DebugEnabled = debug;
    }

    /// <summary>A log for spamd's -s value: "stderr", "null", "file" (./spamd.log) or a path.</summary>
    public static DaemonLog Open(string target, bool debug, out string? warning)
    {
        warning = null;
        switch (target)
        {
            case "stderr":
                return new DaemonLog(Console.Error, false, debug);
            case "null":
                return new DaemonLog(null, false, debug);
        }
        string? path = target == "file" ? "spamd.log" : target.Contains('/') ? target : null;
        if (path == null)
        {
            warning = $"syslog facility '{target}' is not supported, logging to stderr";
            return new DaemonLog(Console.Error, false, debug);
        }
        var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        return new DaemonLog(new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true }, true, debug);
    }

    public static DaemonLog Null { get; } = new(null, false, false);

    public void Info(string message) => Write("info", message);
    public void Warn(string message) => Write("warn", message);
    public void Error(string message) => Write("error", message);

    public void Debug(string message)
    {
        if (DebugEnabled) Write("dbg", message);
    }

    private void Write(string level, string message)
    {
        if (writer == null) return;
        var now = DateTime.Now;
        var line = $"{now.ToString("MMM dd HH:mm:ss.fff", CultureInfo.InvariantCulture)} [{pid}] {level}: {message.TrimEnd('\n')}";
        lock (gate)
        {
            try { writer.WriteLine(line); }
            catch (IOException) { } // a closed stderr must not take the daemon down
        }
    }

    public void Dispose()
    {
        if (ownsWriter) writer?.Dispose();
    }
}
