using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Spamd.Engine.Dns;

/// <summary>
/// Name server addresses as SpamAssassin's <c>dns_server</c> option writes them ("127.0.0.1", "127.0.0.1:5353",
/// "[::1]:53", "fe80::1%lo0"), and the <c>nameserver</c> lines of /etc/resolv.conf, which is where servers come
/// from when no <c>dns_server</c> is configured (Net::DNS's default).
/// </summary>
public static partial class DnsServerAddress
{
    public const int DefaultPort = 53;

    [GeneratedRegex(@"^(?:\[([^\]]*)\]|([^:]*)):(\d+)$")]
    private static partial Regex WithPort();

    [GeneratedRegex(@"^(?:\[([^\]]*)\]|([0-9A-Fa-f.:]+(?:%[A-Za-z0-9._~-]*)?))$")]
    private static partial Regex WithoutPort();

    /// <summary>Parses a <c>dns_server</c> value; false when it is not an IP address with an optional port 1-65535.</summary>
    public static bool TryParse(string text, out IPEndPoint endPoint)
    {
        endPoint = null!;
        text = text.Trim();
        string address;
        int port = DefaultPort;
        if (WithPort().Match(text) is { Success: true } m)
        {
            address = m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value;
            if (!int.TryParse(m.Groups[3].Value, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535) return false;
        }
        else if (WithoutPort().Match(text) is { Success: true } n)
        {
            address = n.Groups[1].Success ? n.Groups[1].Value : n.Groups[2].Value;
        }
        else return false;
        if (!IPAddress.TryParse(address, out var ip)) return false;
        endPoint = new IPEndPoint(ip, port);
        return true;
    }

    /// <summary>The <c>nameserver</c> addresses of resolv.conf text, in order (port 53).</summary>
    public static IReadOnlyList<IPEndPoint> FromResolvConf(string text)
    {
        var servers = new List<IPEndPoint>();
        foreach (var rawLine in text.Split('\n'))
        {
            var words = rawLine.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (words.Length >= 2 && words[0] == "nameserver" && IPAddress.TryParse(words[1], out var ip))
                servers.Add(new IPEndPoint(ip, DefaultPort));
        }
        return servers;
    }

    /// <summary>
    /// The servers to use: the configured ones, else resolv.conf's (read from <paramref name="resolvConfPath"/>),
    /// else none (network tests then have nobody to ask and never hit).
    /// </summary>
    public static IReadOnlyList<IPEndPoint> Resolve(IEnumerable<string> configured, string resolvConfPath = "/etc/resolv.conf")
    {
        var servers = new List<IPEndPoint>();
        foreach (var value in configured)
            if (TryParse(value, out var endPoint)) servers.Add(endPoint);
        if (servers.Count > 0) return servers;
        try
        {
            return File.Exists(resolvConfPath) ? FromResolvConf(File.ReadAllText(resolvConfPath)) : [];
        }
        catch (IOException) { return []; }
        catch (UnauthorizedAccessException) { return []; }
    }
}
