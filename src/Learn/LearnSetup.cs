using Spamd.Engine.Bayes;
using Spamd.Engine.Config;
using Spamd.Engine.Mime;

namespace Spamd.Learn;

/// <summary>Where sa-learn finds its configuration and database.</summary>
internal static class LearnSetup
{
    private const string DefaultRulesDir = "/usr/share/spamassassin";
    private const string DefaultSiteDir = "/etc/spamassassin";

    public static BayesConfig LoadConfig(LearnOptions options)
    {
        var config = new BayesConfig();
        config.Load(options.ConfigPath ?? DefaultRulesDir);
        config.Load(options.SiteConfigPath ?? DefaultSiteDir);
        foreach (string line in options.ConfigLines) config.Apply(line);
        return config;
    }

    /// <summary>The URI options of the configuration sa-learn was given (the same directories and --cf lines).</summary>
    public static UriOptions LoadUriOptions(LearnOptions options) =>
        ConfigLoader.Load(new RuleLoadOptions
        {
            RulesDirectory = options.ConfigPath,
            SiteDirectory = options.SiteConfigPath ?? DefaultSiteDir,
            CfText = string.Join('\n', options.ConfigLines),
        }).BuildUriOptions();

    /// <summary>The database prefix: --dbpath (a directory means its "bayes"), else bayes_path, else ~/.spamassassin/bayes.</summary>
    public static string DatabasePrefix(LearnOptions options, BayesConfig config)
    {
        if (options.DbPath != null)
            return Directory.Exists(options.DbPath) ? Path.Combine(options.DbPath, "bayes") : options.DbPath;
        string prefix = config.BayesPath ?? "~/.spamassassin/bayes";
        string home = options.User != null ? HomeOf(options.User) : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (options.User != null) prefix = prefix.Replace("%u", options.User, StringComparison.Ordinal);
        return prefix.StartsWith("~/", StringComparison.Ordinal) ? Path.Combine(home, prefix[2..]) : prefix;
    }

    /// <summary>A user's home directory from /etc/passwd.</summary>
    private static string HomeOf(string user)
    {
        if (File.Exists("/etc/passwd"))
            foreach (string line in File.ReadLines("/etc/passwd"))
            {
                string[] f = line.Split(':');
                if (f.Length >= 6 && f[0] == user) return f[5];
            }
        throw new ArgumentException($"unknown user {user}");
    }
}
