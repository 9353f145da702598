using System.Collections.Concurrent;

namespace Spamd.Engine.Rules;

/// <summary>
/// Compiles regexes to IL one at a time on a single background task, so that compilation never takes more than
/// one core from the scans, on a thread of its own so that seconds of compiling never hold a thread-pool thread
/// that scans and DNS answers wait for: rule regexes that proved expensive (<see cref="RuleRegex.CompileWhenHot"/>) and the
/// Received parser's patterns. A job that fails leaves its regex interpreted: same answers, only slower.
/// </summary>
internal static class HotRegexCompiler
{
    private static readonly ConcurrentQueue<Action> Pending = new();

    // Short-lived tools (sa-learn) turn compilation off: it costs them more CPU than it saves.
    private static readonly bool Disabled =
        AppContext.TryGetSwitch("Spamd.Engine.NoBackgroundRegexCompilation", out bool disabled) && disabled;
    private static int running;

    /// <summary>Queues a regex; <paramref name="sample"/> (a text it ran on) warms up the compiled code.</summary>
    public static void Enqueue(RuleRegex regex, string sample) => Enqueue(() => regex.Upgrade(sample));

    /// <summary>Queues a compilation job (build, warm and swap in a compiled regex).</summary>
    public static void Enqueue(Action compile)
    {
        if (Disabled) return;
        Pending.Enqueue(compile);
        if (Interlocked.CompareExchange(ref running, 1, 0) == 0)
            new Thread(Drain) { IsBackground = true, Name = "regex compiler", Priority = ThreadPriority.BelowNormal }.Start();
    }

    private static void Drain()
    {
        while (true)
        {
            while (Pending.TryDequeue(out var compile))
            {
                try
                {
                    compile();
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
