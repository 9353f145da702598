namespace Spamd.LoadDriver;

/// <summary>How one run is shaped. A run stops at <see cref="Count"/> requests or after <see cref="Duration"/>, whichever
/// comes first; with neither, each message is sent once.</summary>
public sealed record LoadSettings
{
    public required ServerAddress Address { get; init; }
    public ScanMethod Method { get; init; } = ScanMethod.Check;
    public string? User { get; init; }
    public int Concurrency { get; init; } = 4;
    public long? Count { get; init; }
    public TimeSpan? Duration { get; init; }
    /// <summary>Requests sent before measuring (JIT, caches, spamd's child start-up); not counted anywhere.</summary>
    public int Warmup { get; init; }
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>Name shown for the server in reports (e.g. "spamd 4.0.1").</summary>
    public string? TargetName { get; init; }
    /// <summary>A server process whose tree's peak RSS is sampled during the measured phase.</summary>
    public int? WatchPid { get; init; }
    /// <summary>Updated as measured requests finish, if given.</summary>
    public LoadProgress? Progress { get; init; }
}
