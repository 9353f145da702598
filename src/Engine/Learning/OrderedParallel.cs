namespace Spamd.Engine.Learning;

/// <summary>
/// A parallel map that keeps the source's order and bounds its memory: worker threads take items one at a
/// time and map them, while the caller receives the results in source order. At most <c>window</c> items
/// are taken beyond the last one the caller has received, so a slow consumer holds the workers back.
/// An item's exception reaches the caller at that item's place; abandoning the enumeration stops the workers.
/// </summary>
internal static class OrderedParallel
{
    public static IEnumerable<TResult> Map<TSource, TResult>(IEnumerable<TSource> source, Func<TSource, TResult> map, int workers, int window)
    {
        var state = new State<TSource, TResult>(source.GetEnumerator(), map, window);
        var threads = new Thread[Math.Max(1, workers)];
        for (int i = 0; i < threads.Length; i++)
        {
            threads[i] = new Thread(state.Work) { IsBackground = true, Name = "learn worker" };
            threads[i].Start();
        }
        try
        {
            while (state.TryTakeNext(out TResult result)) yield return result;
        }
        finally
        {
            state.Stop();
            foreach (var thread in threads) thread.Join();
            state.Dispose();
        }
    }

    private sealed class State<TSource, TResult>(IEnumerator<TSource> source, Func<TSource, TResult> map, int window) : IDisposable
    {
        // One lock guards everything below: it is taken a few times per item, which costs little next to mapping it.
        private readonly object gate = new();
        private readonly Slot[] slots = new Slot[window];
        private long taken, delivered;
        private bool sourceDone, stopped;

        public void Work()
        {
            while (true)
            {
                long index;
                TSource item;
                lock (gate)
                {
                    while (!stopped && !sourceDone && taken - delivered >= window) Monitor.Wait(gate);
                    if (stopped || sourceDone) return;
                    index = taken;
                    try
                    {
                        if (!source.MoveNext()) { sourceDone = true; Monitor.PulseAll(gate); return; }
                        item = source.Current;
                        taken++;
                    }
                    catch (Exception e)
                    {
                        // Reading the source failed: that is the last item, and it reports the failure.
                        sourceDone = true;
                        taken++;
                        slots[index % window] = new Slot(true, default, e);
                        Monitor.PulseAll(gate);
                        return;
                    }
                }
                Slot done;
                try { done = new Slot(true, map(item), null); }
                catch (Exception e) { done = new Slot(true, default, e); }
                lock (gate)
                {
                    slots[index % window] = done;
                    Monitor.PulseAll(gate);
                }
            }
        }

        public bool TryTakeNext(out TResult result)
        {
            Slot slot;
            lock (gate)
            {
                while (!slots[delivered % window].Ready)
                {
                    if (sourceDone && delivered >= taken) { result = default!; return false; }
                    Monitor.Wait(gate);
                }
                slot = slots[delivered % window];
                slots[delivered % window] = default;
                delivered++;
                Monitor.PulseAll(gate);
            }
            if (slot.Error != null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(slot.Error);
            result = slot.Value!;
            return true;
        }

        public void Stop()
        {
            lock (gate)
            {
                stopped = true;
                Monitor.PulseAll(gate);
            }
        }

        public void Dispose() => source.Dispose();

        private readonly record struct Slot(bool Ready, TResult? Value, Exception? Error);
    }
}
