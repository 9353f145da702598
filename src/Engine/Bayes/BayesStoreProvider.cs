using System.Collections.Concurrent;

namespace Spamd.Engine.Bayes;

/// <summary>
/// Opens (once) and hands out the database for a user. SpamAssassin's <c>bayes_path</c> is a file prefix (our
/// database is that prefix plus ".sqlite"); a leading <c>~</c> is the home of the user the scan or TELL is for
/// (spamd with users: its home, or its --virtual-config-dir directory), so each user learns on their own.
/// Without a user, or for a path without <c>~</c>, everyone shares one database, as in SpamAssassin.
/// </summary>
/// <param name="bayesPath">The <c>bayes_path</c> prefix, possibly starting with <c>~</c>.</param>
/// <param name="userDirectory">A user's home for <c>~</c> (null: unknown user, who gets the shared database).</param>
public sealed class BayesStoreProvider(string bayesPath, Func<string, string?>? userDirectory = null) : IDisposable
{
    public const string FileSuffix = ".sqlite";
    private readonly ConcurrentDictionary<string, Lazy<IBayesStore>> stores = new(StringComparer.Ordinal);
    // Finding a home reads /etc/passwd: once per user, not once per scan.
    private readonly ConcurrentDictionary<string, string> userPaths = new(StringComparer.Ordinal);

    public IBayesStore For(string? user)
    {
        string path = user is null ? PathFor(null) : userPaths.GetOrAdd(user, PathFor);
        var store = stores.GetOrAdd(path, p => new Lazy<IBayesStore>(() => new SqliteBayesStore(p)));
        try
        {
            return store.Value;
        }
        catch
        {
            // Not remembered: the next request tries again (the directory may be fixed meanwhile).
            stores.TryRemove(new KeyValuePair<string, Lazy<IBayesStore>>(path, store));
            throw;
        }
    }

    public string PathFor(string? user)
    {
        string? home = user is { Length: > 0 } && userDirectory != null && bayesPath.StartsWith('~') ? userDirectory(user) : null;
        return ExpandHome(bayesPath, home ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile)) + FileSuffix;
    }

    public void Dispose()
    {
        foreach (var store in stores.Values)
            if (store.IsValueCreated) store.Value.Dispose();
        stores.Clear();
    }

    /// <summary>SpamAssassin's <c>~</c> or <c>~name</c> up to the first '/' becomes the home directory.</summary>
    private static string ExpandHome(string path, string home)
    {
        if (!path.StartsWith('~')) return path;
        int slash = path.IndexOf('/');
        return slash < 0 ? home : home.TrimEnd('/') + path[slash..];
    }
}
