namespace Spamd.LoadDriver;

/// <summary>Live counters of the measured phase, for a heartbeat on long runs (warm-up is not counted).</summary>
public sealed class LoadProgress
{
    private long completed;
    private long failed;

    public long Completed => Interlocked.Read(ref completed);
    public long Failed => Interlocked.Read(ref failed);

    internal void Record(bool succeeded)
    {
        Interlocked.Increment(ref completed);
        if (!succeeded) Interlocked.Increment(ref failed);
    }
}
