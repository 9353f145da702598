namespace Spamd.Engine.Scanning;

/// <summary>
/// Scans one message. Implementations are immutable once built and safe to call from many threads;
/// a reload builds a new scanner and swaps it in.
/// </summary>
public interface IScanner
{
    /// <summary>The site-wide settings (what a request without user preferences is scanned with).</summary>
    ScanSettings DefaultSettings { get; }

    /// <summary>
    /// Returns <see cref="DefaultSettings"/> with a user's preferences applied (user_prefs text, parsed the way
    /// spamd parses it: score-only unless allow_user_rules). Unknown or refused lines are ignored.
    /// </summary>
    ScanSettings WithUserPreferences(string userPrefsText);

    /// <summary>Scans <paramref name="message"/> (raw bytes as received) under <paramref name="settings"/>.</summary>
    /// <exception cref="OperationCanceledException">The deadline carried by the token passed.</exception>
    ScanResult Scan(ReadOnlyMemory<byte> message, ScanSettings settings, CancellationToken cancellationToken);
}
