namespace Spamd.LoadDriver;

/// <summary>
/// Samples the resident memory of a process and all its descendants (spamd's parent plus its children) from
/// /proc at a fixed interval and keeps the peak of the sum.
/// </summary>
public sealed class ProcessTreeMemory : IAsyncDisposable
{
    private readonly int rootPid;
    private readonly CancellationTokenSource stop = new();
    private readonly Task sampling;

    private ProcessTreeMemory(int rootPid, TimeSpan interval)
    {
        this.rootPid = rootPid;
        Record(Sample(rootPid));
        sampling = Task.Run(() => LoopAsync(interval));
    }

    public long PeakBytes { get; private set; }

    /// <summary>Number of processes in the tree when the peak was taken.</summary>
    public int PeakProcesses { get; private set; }

    public static ProcessTreeMemory Start(int rootPid, TimeSpan interval) => new(rootPid, interval);

    /// <summary>The summed RSS of <paramref name="rootPid"/> and its descendants right now.</summary>
    public static (long Bytes, int Processes) Sample(int rootPid)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid)) continue;
            int parent = ReadParent(pid);
            if (parent <= 0) continue;
            if (!children.TryGetValue(parent, out var list)) children[parent] = list = new List<int>();
            list.Add(pid);
        }

        long bytes = 0;
        int processes = 0;
        var pending = new Stack<int>();
        pending.Push(rootPid);
        while (pending.Count > 0)
        {
            int pid = pending.Pop();
            long rss = ReadResidentBytes(pid);
            if (rss < 0) continue; // already gone
            bytes += rss;
            processes++;
            if (children.TryGetValue(pid, out var list)) foreach (var child in list) pending.Push(child);
        }
        return (bytes, processes);
    }

    private async Task LoopAsync(TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop.Token)) Record(Sample(rootPid));
        }
        catch (OperationCanceledException) { }
    }

    private void Record((long Bytes, int Processes) sample)
    {
        if (sample.Bytes <= PeakBytes) return;
        PeakBytes = sample.Bytes;
        PeakProcesses = sample.Processes;
    }

    /// <summary>Field 4 of /proc/pid/stat; the command name before it may itself hold spaces and parentheses.</summary>
    private static int ReadParent(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var afterName = stat.AsSpan(stat.LastIndexOf(')') + 1).TrimStart();
            var fields = afterName[(afterName.IndexOf(' ') + 1)..];
            return int.TryParse(fields[..fields.IndexOf(' ')], out int parent) ? parent : -1;
        }
        catch (IOException) { return -1; }
        catch (UnauthorizedAccessException) { return -1; }
    }

    /// <summary>Second field of /proc/pid/statm (resident pages), in bytes; -1 if the process is gone.</summary>
    private static long ReadResidentBytes(int pid)
    {
        try
        {
            var statm = File.ReadAllText($"/proc/{pid}/statm").AsSpan();
            var rest = statm[(statm.IndexOf(' ') + 1)..];
            int end = rest.IndexOf(' ');
            return long.TryParse(end < 0 ? rest : rest[..end], out long pages) ? pages * Environment.SystemPageSize : -1;
        }
        catch (IOException) { return -1; }
        catch (UnauthorizedAccessException) { return -1; }
    }

    public async ValueTask DisposeAsync()
    {
        stop.Cancel();
        await sampling;
        Record(Sample(rootPid));
        stop.Dispose();
    }
}
