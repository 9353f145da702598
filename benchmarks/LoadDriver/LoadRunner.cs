using System.Diagnostics;

namespace Spamd.LoadDriver;

/// <summary>
/// Replays prepared requests with a fixed number of concurrent slots. Each slot is one task doing one exchange
/// at a time and taking the next request index from a shared counter, so the offered load is exactly
/// "concurrency requests in flight" (closed loop, like a pool of MTA workers calling spamc).
/// </summary>
public static class LoadRunner
{
    public static async Task<LoadReport> RunAsync(LoadSettings settings, IReadOnlyList<SpamcRequest> requests, CancellationToken stop = default)
    {
        if (requests.Count == 0) throw new ArgumentException("no messages to send", nameof(requests));
        if (settings.Concurrency < 1) throw new ArgumentOutOfRangeException(nameof(settings), "concurrency must be at least 1");

        if (settings.Warmup > 0) await RunPhaseAsync(settings with { Progress = null }, requests, settings.Warmup, long.MaxValue, stop);

        long count = settings.Count ?? (settings.Duration is null ? requests.Count : long.MaxValue);
        var memory = settings.WatchPid is int pid ? ProcessTreeMemory.Start(pid, TimeSpan.FromMilliseconds(100)) : null;
        var startedUtc = DateTime.UtcNow;
        long started = Stopwatch.GetTimestamp();
        long deadline = settings.Duration is { } d ? started + (long)(d.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;
        SlotTally[] tallies;
        try
        {
            tallies = await RunPhaseAsync(settings, requests, count, deadline, stop);
        }
        finally
        {
            if (memory != null) await memory.DisposeAsync();
        }
        var elapsed = Stopwatch.GetElapsedTime(started);
        return LoadReport.Create(settings, startedUtc, elapsed, tallies, memory);
    }

    private static async Task<SlotTally[]> RunPhaseAsync(
        LoadSettings settings, IReadOnlyList<SpamcRequest> requests, long count, long deadline, CancellationToken stop)
    {
        var ticket = new Ticket();
        var slots = new Task<SlotTally>[settings.Concurrency];
        for (int i = 0; i < slots.Length; i++)
            slots[i] = Task.Run(() => RunSlotAsync(settings, requests, ticket, count, deadline, stop));
        return await Task.WhenAll(slots);
    }

    private static async Task<SlotTally> RunSlotAsync(
        LoadSettings settings, IReadOnlyList<SpamcRequest> requests, Ticket ticket, long count, long deadline, CancellationToken stop)
    {
        var tally = new SlotTally();
        using var exchange = new SpamcExchange(settings.Address, settings.Method, settings.RequestTimeout);
        while (!stop.IsCancellationRequested && Stopwatch.GetTimestamp() < deadline)
        {
            long index = Interlocked.Increment(ref ticket.Next) - 1;
            if (index >= count) break;
            var request = requests[(int)(index % requests.Count)];
            long begun = Stopwatch.GetTimestamp();
            var reply = await exchange.RunAsync(request.Wire);
            tally.Record(request, reply, Stopwatch.GetTimestamp() - begun);
            settings.Progress?.Record(reply.Error is null);
        }
        return tally;
    }

    /// <summary>The next request index, shared by the slots of one phase.</summary>
    private sealed class Ticket
    {
        public long Next;
    }
}
