using System.Text;
using System.Text.RegularExpressions;

namespace Spamd.Engine.Config;

/// <summary>
/// The line syntax of SpamAssassin configuration files: comments (<c>#</c>, kept when written <c>\#</c>),
/// <c>lang xx</c> prefixes, <c>if</c>/<c>ifplugin</c>/<c>else</c>/<c>endif</c> blocks, <c>include</c> and
/// <c>require_version</c>. Every surviving line goes to the <see cref="ConfigBuilder"/> as directive + value.
/// Files are read as Latin-1 so every byte of a rule stays one char.
/// </summary>
public sealed class ConfigReader(ConfigBuilder builder, string locale)
{
    private static readonly Regex CommentPattern = new(@"(?<!\\)#.*$", RegexOptions.CultureInvariant);
    private static readonly Regex LangPattern = new(@"^lang\s+(\S+)\s+", RegexOptions.CultureInvariant);

    private const int MaxIncludeDepth = 16;
    private int includeDepth;

    public void ReadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path, Encoding.Latin1);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            builder.Report.Warn($"cannot read {path}: {e.Message}");
            return;
        }
        builder.Report.Files.Add(path);
        ReadText(text, path);
    }

    /// <summary>Reads one file's worth of text; <c>if</c> blocks do not cross file boundaries.</summary>
    public void ReadText(string text, string source)
    {
        var conditions = new Stack<bool>(); // the "skipping" state to restore at each endif
        bool skipping = false;
        int lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            string line = rawLine;
            if (line.Contains('#'))
                line = CommentPattern.Replace(line, "").Replace("\\#", "#");
            line = line.Trim();
            if (line.Length == 0) continue;

            if (line.StartsWith("lang", StringComparison.Ordinal))
            {
                var lang = LangPattern.Match(line);
                if (lang.Success)
                {
                    if (!locale.StartsWith(lang.Groups[1].Value, StringComparison.OrdinalIgnoreCase)) continue;
                    line = line[lang.Length..];
                }
            }

            int space = line.AsSpan().IndexOfAny(' ', '\t');
            string key = (space < 0 ? line : line[..space]).ToLowerInvariant().Replace('-', '_');
            string value = space < 0 ? "" : line[(space + 1)..].TrimStart();
            string where = $"{source}:{lineNumber}";

            switch (key)
            {
                case "endif":
                    if (conditions.Count == 0) builder.Report.Warn($"{where}: endif without if");
                    else skipping = conditions.Pop();
                    continue;
                case "if":
                case "ifplugin":
                    conditions.Push(skipping);
                    if (!skipping && !builder.EvaluateCondition(key == "ifplugin" ? $"plugin({value})" : value, where))
                        skipping = true;
                    continue;
                case "else":
                    if (conditions.Count == 0) builder.Report.Warn($"{where}: else without if");
                    else skipping = conditions.Peek() || !skipping;
                    continue;
            }
            if (skipping) continue;

            switch (key)
            {
                case "include":
                    Include(value, source, where);
                    break;
                case "require_version":
                    // The stock files write @@VERSION@@ (no check); any other version than ours skips the rest.
                    if (value != "@@VERSION@@" && value != ConfigBuilder.Version)
                    {
                        builder.Report.Warn($"{where}: requires version {value}, skipping the rest of the file");
                        return;
                    }
                    break;
                default:
                    builder.Apply(key, value, where);
                    break;
            }
        }
        if (conditions.Count > 0) builder.Report.Warn($"{source}: unclosed if/ifplugin");
    }

    private void Include(string value, string source, string where)
    {
        if (builder.IsUserPreferences) return;
        string directory = Path.GetDirectoryName(source) ?? ".";
        string path = Path.IsPathRooted(value) ? value : Path.Combine(directory, value);
        if (includeDepth >= MaxIncludeDepth)
        {
            builder.Report.Warn($"{where}: include nested too deeply: {value}");
            return;
        }
        includeDepth++;
        try { ReadFile(path); }
        finally { includeDepth--; }
    }
}
