namespace Spamd.Learn;

/// <summary>sa-learn's command line, parsed the way Getopt::Long reads it (long options, "--opt=value" or "--opt value").</summary>
internal sealed class LearnOptions
{
    public bool? IsSpam { get; private set; }
    public bool Forget { get; private set; }
    public string? User { get; private set; }
    public string? DbPath { get; private set; }
    public string? ConfigPath { get; private set; }
    public string? SiteConfigPath { get; private set; }
    public List<string> ConfigLines { get; } = [];
    public string? Dump { get; private set; }
    public bool Backup { get; private set; }
    public string? Restore { get; private set; }
    public bool Clear { get; private set; }
    public bool Sync { get; private set; }
    public bool ForceExpire { get; private set; }
    public bool Quiet { get; private set; }
    public bool ShowDots { get; private set; }
    public bool Progress { get; private set; }
    public bool Mbox { get; private set; }
    public long MaxSize { get; private set; } = 256 * 1024;
    public bool Help { get; private set; }
    public bool Version { get; private set; }
    public List<(bool? IsSpam, string Target)> Targets { get; } = [];

    /// <exception cref="ArgumentException">An unknown option or a missing value.</exception>
    public static LearnOptions Parse(string[] args)
    {
        var o = new LearnOptions();
        bool onlyTargets = false;
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            if (onlyTargets || arg == "-" || !arg.StartsWith('-')) { o.Targets.Add((o.IsSpam, arg)); continue; }
            if (arg == "--") { onlyTargets = true; continue; }

            string name = arg.TrimStart('-');
            string? inline = null;
            int eq = name.IndexOf('=');
            if (eq >= 0) { inline = name[(eq + 1)..]; name = name[..eq]; }
            string Value() => inline ?? (i + 1 < args.Length ? args[++i] : throw new ArgumentException($"Option {arg} requires an argument"));
            string? OptionalValue() => inline ?? (i + 1 < args.Length && args[i + 1] is "magic" or "data" or "all" ? args[++i] : "");

            switch (name)
            {
                case "spam": o.IsSpam = true; break;
                case "ham" or "nonspam": o.IsSpam = false; break;
                case "forget": o.Forget = true; break;
                case "u" or "username": o.User = Value(); break;
                case "dbpath" or "db": o.DbPath = Value(); break;
                case "C" or "c" or "configpath" or "config-file" or "config-dir": o.ConfigPath = Value(); break;
                case "siteconfigpath": o.SiteConfigPath = Value(); break;
                case "cf": o.ConfigLines.Add(Value()); break;
                case "p" or "prefspath" or "prefs-file": Value(); break;
                case "dump": o.Dump = OptionalValue(); break;
                case "backup": o.Backup = true; break;
                case "restore": o.Restore = Value(); break;
                case "clear": o.Clear = true; break;
                case "sync" or "rebuild": o.Sync = true; break;
                case "force-expire" or "expire": o.ForceExpire = true; o.Sync = true; break;
                case "q" or "quiet": o.Quiet = true; break;
                case "showdots": o.ShowDots = true; break;
                case "progress": o.Progress = true; break;
                case "mbox": o.Mbox = true; break;
                case "max-size": o.MaxSize = long.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "no-sync" or "nosync" or "L" or "local" or "use-ignores" or "dir" or "file": break;
                case "D" or "debug" or "debug-level": if (inline == null && i + 1 < args.Length && !args[i + 1].StartsWith('-') && !File.Exists(args[i + 1])) i++; break;
                case "h" or "help" or "?": o.Help = true; break;
                case "V" or "version": o.Version = true; break;
                default: throw new ArgumentException("Unknown option!");
            }
        }
        return o;
    }

    public bool HasAction =>
        IsSpam != null || Forget || Sync || Dump != null || Clear || Backup || Restore != null;
}
