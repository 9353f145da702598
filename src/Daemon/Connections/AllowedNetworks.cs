using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Spamd.Daemon.Connections;

/// <summary>
/// The -A/--allowed-ips list, in SpamAssassin's NetSet syntax: addresses, CIDR blocks, IPv4 prefixes
/// ("10.", "192.168"), optional [brackets], and "!" to exclude; the first entry that contains an address
/// decides. IPv4 entries also match IPv4-mapped IPv6 peers.
/// </summary>
public sealed class AllowedNetworks
{
    private readonly List<(IPNetwork Network, bool Exclude)> entries = [];

    public static AllowedNetworks Parse(IEnumerable<string> specs)
    {
        var set = new AllowedNetworks();
        foreach (var spec in specs) set.Add(spec);
        return set;
    }

    public static AllowedNetworks Default => Parse(["127.0.0.1", "::1"]);

    private static readonly Regex Dotted = new(@"^(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?\.?$");

    private void Add(string spec)
    {
        var text = spec.Trim();
        bool exclude = text.StartsWith('!');
        if (exclude) text = text[1..].TrimStart();

        string? maskText = null;
        int slash = text.IndexOf('/');
        if (slash >= 0) (text, maskText) = (text[..slash], text[(slash + 1)..]);
        if (text.StartsWith('[') && text.EndsWith(']')) text = text[1..^1];
        int scope = text.IndexOf('%');
        if (scope >= 0) text = text[..scope];

        IPAddress address;
        int prefix;
        if (Dotted.Match(text) is { Success: true } m && char.IsAsciiDigit(text[0]))
        {
            // IPv4, possibly shortened to a prefix: "10" is 10.0.0.0/8, "10.1." is 10.1.0.0/16.
            var octets = new byte[4];
            int given = 0;
            for (int g = 1; g <= 4 && m.Groups[g].Success; g++, given++)
            {
                if (!byte.TryParse(m.Groups[g].Value, NumberStyles.None, CultureInfo.InvariantCulture, out octets[g - 1]))
                    throw new FormatException($"illegal IPv4 address given: '{spec}'");
            }
            address = new IPAddress(octets);
            prefix = given * 8;
        }
        else if (IPAddress.TryParse(text, out var parsed) && parsed.AddressFamily == AddressFamily.InterNetworkV6)
        {
            address = parsed;
            prefix = 128;
        }
        else throw new FormatException($"illegal IP address given: '{spec}'");

        if (maskText != null)
        {
            if (int.TryParse(maskText, NumberStyles.None, CultureInfo.InvariantCulture, out var len)) prefix = len;
            else if (address.AddressFamily == AddressFamily.InterNetwork && IPAddress.TryParse(maskText, out var mask))
                prefix = MaskLength(mask);
            else throw new FormatException($"illegal network mask in '{spec}'");
        }
        int max = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        if (prefix < 0 || prefix > max) throw new FormatException($"illegal prefix length in '{spec}'");
        entries.Add((new IPNetwork(Truncate(address, prefix), prefix), exclude));
    }

    public bool Contains(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        foreach (var (network, exclude) in entries)
            if (network.BaseAddress.AddressFamily == address.AddressFamily && network.Contains(address)) return !exclude;
        return false;
    }

    private static IPAddress Truncate(IPAddress address, int prefix)
    {
        var bytes = address.GetAddressBytes();
        for (int bit = prefix; bit < bytes.Length * 8; bit++) bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        return new IPAddress(bytes);
    }

    private static int MaskLength(IPAddress mask)
    {
        int n = 0;
        foreach (var b in mask.GetAddressBytes()) n += System.Numerics.BitOperations.PopCount(b);
        return n;
    }
}
