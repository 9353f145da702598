using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Spamd.Integration.Tests.Infrastructure;

namespace Spamd.Integration.Tests.Agreement;

/// <summary>
/// SpamAssassin's own verdicts (SYMBOLS over the wire from a real <c>spamd -L</c>), cached on disk by message
/// hash so that repeated runs only pay for messages not seen before. spamd is started only when needed.
/// </summary>
public sealed class SpamdOracle : IAsyncDisposable
{
    private readonly string cacheDir;
    private SpamdServer? server;

    public SpamdOracle()
    {
        cacheDir = Environment.GetEnvironmentVariable("SPAMD_ORACLE_CACHE")
                   ?? Path.Combine(TestPaths.RepoRoot, ".cache/spamd-oracle");
        Directory.CreateDirectory(cacheDir);
    }

    /// <summary>Messages spamd did not answer in time (4.0.1 is known to stall on some).</summary>
    public List<string> TimedOut { get; } = new();

    /// <summary>Verdicts for each file, or null where spamd failed; two requests in flight like spamd -m 2.</summary>
    public async Task<Dictionary<string, SpamdVerdict>> VerdictsAsync(IReadOnlyList<string> files)
    {
        var result = new Dictionary<string, SpamdVerdict>();
        var todo = new List<(string File, byte[] Bytes, string CachePath)>();
        foreach (var f in files)
        {
            var bytes = await File.ReadAllBytesAsync(f);
            var cachePath = Path.Combine(cacheDir, Convert.ToHexString(SHA256.HashData(bytes))[..32] + ".txt");
            if (File.Exists(cachePath)) result[f] = SpamdVerdict.Parse(await File.ReadAllTextAsync(cachePath));
            else todo.Add((f, bytes, cachePath));
        }
        if (todo.Count == 0) return result;

        server ??= await SpamdServer.StartRealAsync("-m", "2", "--timeout-child", "30");
        var gate = new SemaphoreSlim(2);
        var tasks = todo.Select(async item =>
        {
            await gate.WaitAsync();
            try
            {
                var verdict = await AskAsync(item.Bytes);
                if (verdict == null) { lock (TimedOut) TimedOut.Add(item.File); return; }
                await File.WriteAllTextAsync(item.CachePath, verdict.Format());
                lock (result) result[item.File] = verdict;
            }
            finally { gate.Release(); }
        });
        await Task.WhenAll(tasks);
        return result;
    }

    private async Task<SpamdVerdict?> AskAsync(byte[] message)
    {
        var head = Encoding.ASCII.GetBytes($"SYMBOLS SPAMC/1.5\r\nUser: oracle\r\nContent-length: {message.Length}\r\n\r\n");
        byte[] reply;
        try { reply = await server!.RawExchangeAsync([.. head, .. message], halfClose: true, TimeSpan.FromSeconds(40)); }
        catch (OperationCanceledException) { return null; }
        var text = Encoding.Latin1.GetString(reply);
        var spamLine = text.Split("\r\n").FirstOrDefault(l => l.StartsWith("Spam: ", StringComparison.Ordinal));
        int bodyAt = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (spamLine == null || bodyAt < 0) return null;
        // Spam: True ; 12.3 / 5.0
        var fields = spamLine.Split(' ');
        double score = double.Parse(fields[3], CultureInfo.InvariantCulture);
        var body = text[(bodyAt + 4)..].Trim();
        var rules = body.Length == 0 ? new HashSet<string>() : new HashSet<string>(body.Split(','));
        return new SpamdVerdict(score, fields[1] == "True", rules);
    }

    public async ValueTask DisposeAsync()
    {
        if (server != null) await server.DisposeAsync();
    }
}
