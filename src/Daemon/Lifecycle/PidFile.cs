namespace Spamd.Daemon.Lifecycle;

/// <summary>-r/--pidfile: written once the daemon listens, removed when it stops.</summary>
public sealed class PidFile(string path)
{
    public string Path { get; } = path;

    public void Write() => File.WriteAllText(Path, Environment.ProcessId + "\n");

    public void Remove()
    {
        try
        {
            // Only remove our own pidfile, not one a newer daemon wrote meanwhile.
            if (File.Exists(Path) && File.ReadAllText(Path).Trim() == Environment.ProcessId.ToString()) File.Delete(Path);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
