namespace Spamd.Engine.Config;

/// <summary>
/// Reads a site configuration in spamd's order: --pre text, site *.pre, rules-dir *.pre, rules-dir *.cf
/// (lexical order), site *.cf (local.cf), --cf text. Later definitions override earlier ones.
/// </summary>
public static class ConfigLoader
{
    public static ConfigBuilder Load(RuleLoadOptions options)
    {
        var builder = new ConfigBuilder(options.BaseSettings);
        var reader = new ConfigReader(builder, options.Locale);
        string rulesDirectory = options.ResolveRulesDirectory();

        if (!string.IsNullOrEmpty(options.PreText)) reader.ReadText(options.PreText, "(--pre)");
        ReadAll(reader, options.SiteDirectory, "*.pre");
        ReadAll(reader, rulesDirectory, "*.pre");
        ReadAll(reader, rulesDirectory, "*.cf");
        ReadAll(reader, options.SiteDirectory, "*.cf");
        if (!string.IsNullOrEmpty(options.CfText)) reader.ReadText(options.CfText, "(--cf)");
        return builder;
    }

    private static void ReadAll(ConfigReader reader, string? directory, string pattern)
    {
        if (directory is null || !Directory.Exists(directory)) return;
        var files = Directory.GetFiles(directory, pattern);
        Array.Sort(files, StringComparer.Ordinal);
        foreach (var file in files) reader.ReadFile(file);
    }
}
