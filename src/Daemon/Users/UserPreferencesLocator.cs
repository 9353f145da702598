using System.Text;
using System.Text.RegularExpressions;
using Spamd.Daemon.Options;

namespace Spamd.Daemon.Users;

/// <summary>
/// Which user_prefs file spamd reads for the User of a request: <c>~user/.spamassassin/user_prefs</c> by
/// default; with -x and --virtual-config-dir, <c>&lt;dir&gt;/user_prefs</c> with %u %l %d %x %% expanded from
/// the sanitised user name; with -x alone, none.
/// </summary>
public sealed partial class UserPreferencesLocator(DaemonOptions options)
{
    /// <summary>The path to read for <paramref name="user"/> (null: no preferences).</summary>
    public string? PathFor(string? user)
    {
        if (string.IsNullOrEmpty(user)) return null;
        if (options.UserConfig)
        {
            var home = UserDatabase.FindUser(user)?.Home;
            return string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".spamassassin", "user_prefs");
        }
        return options.VirtualConfigDir is { } pattern ? VirtualConfigPath(pattern, user) : null;
    }

    /// <summary>spamd's <c>handle_virtual_config_dir</c>: the prefs file for a pattern and user.</summary>
    public static string VirtualConfigPath(string pattern, string user)
    {
        // The name is sanitised byte by byte; User values are carried as Latin-1 so each char is one byte.
        var safe = Unsafe().Replace(user, "_");
        string local = "", domain = "";
        if (LocalAtDomain().Match(safe) is { Success: true } m) (local, domain) = (m.Groups[1].Value, m.Groups[2].Value);

        string dir;
        if (pattern.Contains("%x"))
        {
            var userDir = pattern.Replace("%x", safe);
            dir = File.Exists(userDir + "/user_prefs") ? userDir : pattern.Replace("%x", domain);
        }
        else
        {
            dir = pattern.Replace("%u", safe).Replace("%l", local).Replace("%d", domain).Replace("%%", "%");
        }
        return dir + "/user_prefs";
    }

    [GeneratedRegex(@"[^-A-Za-z0-9+_.,@=]")] private static partial Regex Unsafe();
    [GeneratedRegex(@"^(.*)@(.*)$", RegexOptions.Singleline)] private static partial Regex LocalAtDomain();
}
