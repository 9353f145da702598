using System.Collections.Concurrent;
using Spamd.Engine.Scanning;

namespace Spamd.Daemon.Scanning;

/// <summary>
/// Settings built from users' preference files, reused while a file is unchanged (same size and time).
/// Each entry is an immutable settings object of its own, so nothing leaks from one user to another.
/// </summary>
public sealed class UserSettingsCache(IScanner scanner)
{
    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<string, (DateTime Modified, long Size, ScanSettings Settings)> entries = new(StringComparer.Ordinal);

    /// <summary>The settings for a preferences file, or the site defaults when <paramref name="path"/> is null or missing.</summary>
    public ScanSettings For(string? path)
    {
        if (path == null) return scanner.DefaultSettings;
        var info = new FileInfo(path);
        if (!info.Exists) return scanner.DefaultSettings;
        if (entries.TryGetValue(path, out var hit) && hit.Modified == info.LastWriteTimeUtc && hit.Size == info.Length)
            return hit.Settings;

        var settings = scanner.WithUserPreferences(File.ReadAllText(path));
        if (entries.Count >= MaxEntries) entries.Clear();
        entries[path] = (info.LastWriteTimeUtc, info.Length, settings);
        return settings;
    }
}
