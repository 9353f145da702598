using System.Globalization;

namespace Spamd.Daemon.Options;

/// <summary>
/// Parses spamd's command line the way Perl's Getopt::Long does with "bundling": long options as
/// <c>--name=value</c> or <c>--name value</c>, unique abbreviations and <c>--noname</c> for negatable ones,
/// case-insensitive long names; single-letter options bundled (<c>-Lx</c>) with values attached or not
/// (<c>-p783</c>, <c>-p 783</c>). Unknown options are an error.
/// </summary>
public static class OptionParser
{
    private enum Kind { Flag, Negatable, Value, OptionalValue, Integer }

    private sealed record Spec(string[] Names, Kind Kind, Action<DaemonOptions, string?> Apply);

    private static Spec Flag(string names, Action<DaemonOptions> apply) => new(names.Split('|'), Kind.Flag, (o, _) => apply(o));
    private static Spec Negatable(string names, Action<DaemonOptions, bool> apply) =>
        new(names.Split('|'), Kind.Negatable, (o, v) => apply(o, v != "0"));
    private static Spec Value(string names, Action<DaemonOptions, string> apply) => new(names.Split('|'), Kind.Value, (o, v) => apply(o, v!));
    private static Spec Optional(string names, Action<DaemonOptions, string> apply) => new(names.Split('|'), Kind.OptionalValue, (o, v) => apply(o, v ?? ""));
    private static Spec Integer(string names, Action<DaemonOptions, int> apply) =>
        new(names.Split('|'), Kind.Integer, (o, v) => apply(o, int.Parse(v!, CultureInfo.InvariantCulture)));

    private static Spec Ignored(string names, Kind kind) =>
        new(names.Split('|'), kind, (o, _) => o.Warnings.Add($"option {Display(names)} has no effect in this spamd, ignored"));

    private static string Display(string names) => names.Split('|')[0] is var n && n.Length == 1 ? "-" + n : "--" + n;

    private static readonly Spec[] Specs =
    [
        Flag("allow-tell|l", o => o.AllowTell = true),
        Value("allowed-ips|A", (o, v) => o.AllowedIps.AddRange(v.Split(',').Where(s => s.Length > 0))),
        Value("configpath|C", (o, v) => o.ConfigPath = v),
        Ignored("c", Kind.Flag),
        Ignored("create-prefs", Kind.Negatable),
        Negatable("daemonize", (o, v) => o.Daemonize = v),
        Flag("d", o => o.Daemonize = true),
        Optional("debug|D", (o, v) => o.Debug = v),
        Value("default-user|U", (o, v) => o.DefaultUser = v),
        Value("groupname|g", (o, v) => o.GroupName = v),
        Ignored("helper-home-dir|H", Kind.OptionalValue),
        Flag("help|h", o => o.ShowHelp = true),
        Flag("4|ipv4only|ipv4-only|ipv4", o => (o.IPv4Only, o.IPv6Only) = (true, false)),
        Flag("6", o => (o.IPv6Only, o.IPv4Only) = (true, false)),
        Optional("listen|listen-ip|ip-address|i", (o, v) => o.Listen.Add(v)),
        Negatable("local", (o, v) => o.LocalOnly = v),
        Flag("L", o => o.LocalOnly = true),
        Ignored("round-robin", Kind.Negatable),
        Ignored("min-children", Kind.Integer),
        Integer("max-children|m", (o, v) => o.MaxChildren = v),
        Ignored("min-spare", Kind.Integer),
        Ignored("max-spare", Kind.Integer),
        Ignored("max-conn-per-child", Kind.Integer),
        Flag("nouser-config|x", o => o.UserConfig = false),
        Flag("user-config", o => o.UserConfig = true),
        Ignored("paranoid", Kind.Negatable),
        Ignored("P", Kind.Flag),
        Value("pidfile|r", (o, v) => o.PidFile = v),
        Value("port|p", (o, v) => o.Port = v),
        Ignored("Q", Kind.Flag),
        Ignored("q", Kind.Flag),
        Ignored("sql-config", Kind.Negatable),
        Ignored("ldap-config", Kind.Negatable),
        Ignored("setuid-with-ldap", Kind.Flag),
        Ignored("setuid-with-sql", Kind.Flag),
        Value("server-cert", (o, v) => o.ServerCert = v),
        Value("server-key", (o, v) => o.ServerKey = v),
        Value("siteconfigpath", (o, v) => o.SiteConfigPath = v),
        Value("pre", (o, v) => o.PreLines.Add(v)),
        Value("cf", (o, v) => o.ConfigLines.Add(v)),
        Value("socketgroup", (o, v) => o.SocketGroup = v),
        Value("socketmode", (o, v) => o.SocketMode = v),
        Value("socketowner", (o, v) => o.SocketOwner = v),
        Value("socketpath", (o, v) => o.SocketPath = v),
        Flag("ssl", o => o.Ssl = true),
        // As spamd: a CA file or path implies --ssl-verify, which implies --ssl.
        Flag("ssl-verify", o => o.SslVerify = o.Ssl = true),
        Value("ssl-ca-file", (o, v) => (o.SslCaFile, o.SslVerify, o.Ssl) = (v, true, true)),
        Value("ssl-ca-path", (o, v) => (o.SslCaPath, o.SslVerify, o.Ssl) = (v, true, true)),
        Value("ssl-port", (o, v) => o.SslPort = v),
        Ignored("syslog-socket", Kind.Value),
        Value("syslog|s", (o, v) => o.Syslog = v),
        Ignored("log-timestamp-fmt", Kind.OptionalValue),
        Integer("timeout-tcp|T", (o, v) => o.TimeoutTcp = v),
        Integer("timeout-child|t", (o, v) => o.TimeoutChild = v),
        Ignored("timing", Kind.Flag),
        Value("username|u", (o, v) => o.UserName = v),
        Flag("version|V", o => o.ShowVersion = true),
        Value("virtual-config-dir", (o, v) => o.VirtualConfigDir = v),
        Ignored("v", Kind.Flag),
        Ignored("vpopmail", Kind.Negatable),
        Ignored("stop-at-threshold|S", Kind.Flag),
        Value("max-message-size", (o, v) => o.MaxMessageSize = ParseSize(v)),
        Value("bayes-path", (o, v) => o.BayesPath = v),
    ];

    /// <exception cref="OptionException">An unknown option, a missing or invalid value.</exception>
    public static DaemonOptions Parse(IReadOnlyList<string> args)
    {
        var options = new DaemonOptions();
        for (int i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--") break;
            if (arg.StartsWith("--", StringComparison.Ordinal)) i = ParseLong(args, i, options);
            else if (arg.Length > 1 && arg[0] == '-') i = ParseBundle(args, i, options);
            else options.Warnings.Add($"argument '{arg}' ignored");
        }
        Validate(options);
        return options;
    }

    private static int ParseLong(IReadOnlyList<string> args, int i, DaemonOptions options)
    {
        var body = args[i][2..];
        string? inlineValue = null;
        int eq = body.IndexOf('=');
        if (eq >= 0) (body, inlineValue) = (body[..eq], body[(eq + 1)..]);

        var (spec, negated) = FindLong(body);
        switch (spec.Kind)
        {
            case Kind.Flag or Kind.Negatable:
                if (inlineValue != null) throw new OptionException($"Option {body} does not take an argument");
                if (negated && spec.Kind != Kind.Negatable) throw new OptionException($"Unknown option: {body}");
                spec.Apply(options, negated ? "0" : "1");
                return i;
            case Kind.OptionalValue:
                if (inlineValue == null && i + 1 < args.Count && !LooksLikeOption(args[i + 1])) inlineValue = args[++i];
                spec.Apply(options, inlineValue);
                return i;
            default:
                if (inlineValue == null)
                {
                    if (i + 1 >= args.Count) throw new OptionException($"Option {body} requires an argument");
                    inlineValue = args[++i];
                }
                Apply(spec, body, inlineValue, options);
                return i;
        }
    }

    private static int ParseBundle(IReadOnlyList<string> args, int i, DaemonOptions options)
    {
        var bundle = args[i];
        for (int k = 1; k < bundle.Length; k++)
        {
            var letter = bundle[k].ToString();
            var spec = Specs.FirstOrDefault(s => s.Names.Contains(letter, StringComparer.Ordinal))
                ?? throw new OptionException($"Unknown option: {letter}");
            if (spec.Kind is Kind.Flag or Kind.Negatable)
            {
                spec.Apply(options, "1");
                continue;
            }
            string? value = k + 1 < bundle.Length ? bundle[(k + 1)..] : null;
            if (value == null && i + 1 < args.Count && (spec.Kind != Kind.OptionalValue || !LooksLikeOption(args[i + 1])))
                value = args[++i];
            if (value == null && spec.Kind != Kind.OptionalValue) throw new OptionException($"Option {letter} requires an argument");
            if (spec.Kind == Kind.OptionalValue) spec.Apply(options, value);
            else Apply(spec, letter, value!, options);
            return i;
        }
        return i;
    }

    private static void Apply(Spec spec, string name, string value, DaemonOptions options)
    {
        if (spec.Kind == Kind.Integer && !int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
            throw new OptionException($"Value \"{value}\" invalid for option {name} (number expected)");
        spec.Apply(options, value);
    }

    private static (Spec Spec, bool Negated) FindLong(string name)
    {
        var exact = Specs.FirstOrDefault(s => s.Names.Any(n => n.Length > 1 && string.Equals(n, name, StringComparison.OrdinalIgnoreCase)));
        if (exact != null) return (exact, false);

        foreach (var prefix in new[] { "no-", "no" })
        {
            if (!name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) continue;
            var positive = Specs.FirstOrDefault(s => s.Kind == Kind.Negatable &&
                s.Names.Any(n => string.Equals(n, name[prefix.Length..], StringComparison.OrdinalIgnoreCase)));
            if (positive != null) return (positive, true);
        }

        // Getopt::Long accepts any unambiguous abbreviation of a long name.
        var candidates = Specs.Where(s => s.Names.Any(n => n.Length > 1 && n.StartsWith(name, StringComparison.OrdinalIgnoreCase))).ToList();
        if (candidates.Count == 1 && name.Length > 0) return (candidates[0], false);
        if (candidates.Count > 1) throw new OptionException($"Option {name} is ambiguous ({string.Join(", ", candidates.Select(c => c.Names[0]))})");
        throw new OptionException($"Unknown option: {name}");
    }

    private static bool LooksLikeOption(string arg) => arg.Length > 1 && arg[0] == '-';

    private static long ParseSize(string value)
    {
        var v = value.Trim();
        long multiplier = 1;
        if (v.Length > 0 && char.ToUpperInvariant(v[^1]) is 'K' or 'M' or 'G')
        {
            multiplier = char.ToUpperInvariant(v[^1]) switch { 'K' => 1L << 10, 'M' => 1L << 20, _ => 1L << 30 };
            v = v[..^1];
        }
        if (!long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n <= 0 || n > (1L << 30) / multiplier)
            throw new OptionException($"Value \"{value}\" invalid for option max-message-size (a size from 1 to 1G expected, e.g. 10M)");
        return n * multiplier;
    }

    private static void Validate(DaemonOptions options)
    {
        if (options.MaxChildren < 1) throw new OptionException("max-children must be at least 1");
        if (options.TimeoutTcp < 0 || options.TimeoutChild < 0) throw new OptionException("timeouts must not be negative");
        if (options.SocketPath is { Length: > 0 } path && !path.StartsWith('/'))
            throw new OptionException($"socketpath option should specify an absolute path: {path}");
        if (options.SocketMode != null && !IsOctal(options.SocketMode))
            throw new OptionException($"socketmode must be an octal mode such as 0660: {options.SocketMode}");
    }

    private static bool IsOctal(string s) => s.Length > 0 && s.All(c => c is >= '0' and <= '7');
}
