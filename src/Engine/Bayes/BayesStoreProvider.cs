using System.Collections.Concurrent;

namespace Spamd.Engine.Bayes;

/// <summary>
/// Opens (once) and hands out the database for a user: the site-wide one, or a per-user one when a path
/// template with <c>%u</c> is given (spamd with users). SpamAssassin's <c>bayes_path</c> is a file prefix;
/// our database is that prefix plus ".sqlite".
/// </summary>
public sealed class BayesStoreProvider(string siteBayesPath, string? perUserBayesPath = null) : IDisposable
{
    public const string FileSuffix = ".sqlite";
    private readonly ConcurrentDictionary<string, Lazy<IBayesStore>> stores = new(StringComparer.Ordinal);

    public IBayesStore For(string? user)
    {
        string path = PathFor(user);
        return stores.GetOrAdd(path, p => new Lazy<IBayesStore>(() => new SqliteBayesStore(p))).Value;
    }

    public string PathFor(string? user)
    {
        string prefix = user == null || perUserBayesPath == null
            ? siteBayesPath
            : perUserBayesPath.Replace("%u", SafeUserName(user), StringComparison.Ordinal);
        return ExpandHome(prefix) + FileSuffix;
    }

    public void Dispose()
    {
        foreach (var store in stores.Values)
            if (store.IsValueCreated) store.Value.Dispose();
        stores.Clear();
    }

    private static string ExpandHome(string path) =>
        path.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path[2..])
            : path;

    /// <summary>A user name can never climb out of its directory.</summary>
    private static string SafeUserName(string user)
    {
        var chars = user.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '@' ? c : '_').ToArray();
        string safe = new(chars);
        return safe.Trim('.') is { Length: > 0 } trimmed ? trimmed : "_";
    }
}
