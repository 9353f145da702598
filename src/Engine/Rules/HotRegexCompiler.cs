using System.Collections.Concurrent;

namespace Spamd.Engine.Rules;

/// <summary>
/// Compiles regexes that proved expensive (<see cref="RuleRegex.CompileWhenHot"/>) one at a time on a single
/// background task, so that compilation never takes more than one core from the scans.
/// </summary>
internal static class HotRegexCompiler
{
    private static readonly ConcurrentQueue<(RuleRegex Regex, string Sample)> Pending = new();
    private static int running;

    /// <summary>Queues a regex; <paramref name="sample"/> (a text it ran on) warms up the compiled code.</summary>
    public static void Enqueue(RuleRegex regex, string sample)
    {
        Pending.Enqueue((regex, sample));
        if (Interlocked.CompareExchange(ref running, 1, 0) == 0) Task.Run(Drain);
    }

    private static void Drain()
    {
        while (true)
        {
            while (Pending.TryDequeue(out var item))
            {
                try
                {
                    item.Regex.Upgrade(item.Sample);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // Only an optimisation: the regex stays interpreted.
                }
            }
            Volatile.Write(ref running, 0);
            // An item enqueued after the last dequeue but before the reset would otherwise wait for the next one.
            if (Pending.IsEmpty || Interlocked.CompareExchange(ref running, 1, 0) != 0) return;
        }
    }
}
