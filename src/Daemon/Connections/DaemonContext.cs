using Spamd.Daemon.Logging;
using Spamd.Daemon.Options;
using Spamd.Daemon.Scanning;
using Spamd.Daemon.Users;

namespace Spamd.Daemon.Connections;

/// <summary>What every connection shares: options, log, the scanner in service, limits.</summary>
public sealed class DaemonContext(DaemonOptions options, DaemonLog log, ScannerHolder scanners)
{
    public DaemonOptions Options { get; } = options;
    public DaemonLog Log { get; } = log;
    public ScannerHolder Scanners { get; } = scanners;
    public AllowedNetworks Allowed { get; } =
        options.AllowedIps.Count > 0 ? AllowedNetworks.Parse(options.AllowedIps) : AllowedNetworks.Default;
    public UserPreferencesLocator Preferences { get; } = new(options);
    public ScanStatistics Statistics { get; } = new();

    /// <summary>-m/--max-children: scans beyond this many wait for a free slot (spamd's connections wait in the backlog).</summary>
    public SemaphoreSlim ScanSlots { get; } = new(options.MaxChildren, options.MaxChildren);

    /// <summary>
    /// Completed once start-up is over (pidfile written, privileges dropped). Kestrel accepts on each socket
    /// as soon as it is bound, so connections wait for this before anything is served.
    /// </summary>
    public Task Started => started.Task;

    private readonly TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void MarkStarted() => started.TrySetResult();

    /// <summary>The effective uid, for spamd's "user:uid" in log lines.</summary>
    public uint EffectiveUid => Lifecycle.Native.geteuid();
}
