using Spamd.Engine.Learning;
using Spamd.Engine.Scanning;

namespace Spamd.Daemon.Scanning;

/// <summary>
/// The scanner in service. A reload swaps in a whole new generation atomically; a request takes the current
/// generation once and uses it to the end, so reloads never disturb requests in flight.
/// </summary>
public sealed class ScannerHolder(ScannerGeneration initial)
{
    private ScannerGeneration current = initial;

    public ScannerGeneration Current => Volatile.Read(ref current);

    public void Swap(ScannerGeneration next) => Volatile.Write(ref current, next);
}

/// <summary>One loaded scanner with its learner and its cache of per-user settings.</summary>
public sealed class ScannerGeneration(IScanner scanner, ILearner? learner)
{
    public IScanner Scanner { get; } = scanner;
    public ILearner? Learner { get; } = learner;
    public UserSettingsCache UserSettings { get; } = new(scanner);
}
