using System.Globalization;
using System.Text.RegularExpressions;

namespace Spamd.Daemon.Options;

/// <summary>One socket to listen on, from -i/--listen or --socketpath, in spamd's syntax.</summary>
/// <param name="Host">For TCP: an address, a host name, or "*" for all interfaces.</param>
public sealed record ListenSpec(string Spec, bool IsUnix, string? Path, string? Host, int Port, bool Tls)
{
    // [ssl:]address[:port] with the address bare, in brackets, or an IPv6 literal.
    private static readonly Regex Inet = new(
        @"^(?:(ssl):)?(?:\[([^\]]*)\]|([a-z0-9._-]*)|([a-f0-9]*:[a-f0-9]*:[a-f0-9:]*(?:%[a-z0-9._~-]*)?$)|(\*))?(?::([a-z0-9-]*))?$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private static readonly Regex Unix = new(@"^(?:(ssl):)?(/.*)$", RegexOptions.IgnoreCase | RegexOptions.Singleline);

    /// <summary>All listen sockets of <paramref name="options"/>: -i specs plus --socketpath, default "localhost".</summary>
    public static IReadOnlyList<ListenSpec> FromOptions(DaemonOptions options)
    {
        var specs = new List<string>(options.Listen);
        if (!string.IsNullOrEmpty(options.SocketPath)) specs.Add(options.SocketPath);
        if (specs.Count == 0) specs.Add("localhost");
        return specs.Select(s => Parse(s, options)).ToList();
    }

    public static ListenSpec Parse(string spec, DaemonOptions options)
    {
        var text = spec == "" ? "*" : spec; // an empty -i means all interfaces
        if (Unix.Match(text) is { Success: true } u) return new ListenSpec(spec, true, u.Groups[2].Value, null, 0, false);

        var m = Inet.Match(text);
        if (!m.Success) throw new OptionException($"Invalid socket specification syntax: {spec}");
        var host = new[] { m.Groups[2], m.Groups[3], m.Groups[4], m.Groups[5] }.FirstOrDefault(g => g.Success && g.Value.Length > 0)?.Value ?? "localhost";
        bool tls = m.Groups[1].Success || options.Ssl || options.SslPort != null;
        var portText = m.Groups[6].Success && m.Groups[6].Value.Length > 0 ? m.Groups[6].Value
            : tls && options.SslPort != null ? options.SslPort
            : options.Port;
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 0 or > 65535)
            throw new OptionException($"invalid port: {portText}, socket: {spec}");
        return new ListenSpec(spec, false, null, host, port, tls);
    }
}
