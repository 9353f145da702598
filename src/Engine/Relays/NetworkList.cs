using System.Net;

namespace Spamd.Engine.Relays;

/// <summary>
/// A trusted_networks / internal_networks list: entries "1.2.3.4", "10/8", "10.", "10.1", "!10.1.2.3",
/// "[::1]/128"; the first entry that contains an address decides (a "!" entry excludes). 127/8 and ::1
/// are always included, as SpamAssassin adds them.
/// </summary>
public sealed class NetworkList
{
    private readonly List<(IPNetwork Network, bool Exclude)> entries = [];

    public NetworkList(IEnumerable<string> specs)
    {
        foreach (var spec in specs)
        {
            if (TryParse(spec, out var network, out bool exclude)) entries.Add((network, exclude));
        }
        entries.Add((IPNetwork.Parse("127.0.0.0/8"), false));
        entries.Add((IPNetwork.Parse("::1/128"), false));
    }

    public bool Contains(string ip)
    {
        if (!IPAddress.TryParse(ip, out var address)) return false;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        foreach (var (network, exclude) in entries)
        {
            if (network.Contains(address)) return !exclude;
        }
        return false;
    }

    private static bool TryParse(string spec, out IPNetwork network, out bool exclude)
    {
        network = default;
        exclude = spec.StartsWith('!');
        var text = (exclude ? spec[1..] : spec).Replace("[", "").Replace("]", "");
        int slash = text.IndexOf('/');
        var address = slash < 0 ? text : text[..slash];
        int? bits = slash < 0 ? null : int.TryParse(text[(slash + 1)..], out int b) ? b : -1;
        if (bits == -1) return false;
        if (!address.Contains(':'))
        {
            // IPv4 shorthand: "10." or "10" or "10.1" means the leading octets given
            var octets = address.TrimEnd('.').Split('.');
            if (octets.Length is < 1 or > 4 || octets.Any(o => !byte.TryParse(o, out _))) return false;
            bits ??= octets.Length * 8;
            address = string.Join('.', octets.Concat(Enumerable.Repeat("0", 4 - octets.Length)));
        }
        if (!IPAddress.TryParse(address, out var ip)) return false;
        bits ??= ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128;
        try
        {
            network = new IPNetwork(MaskTo(ip, bits.Value), bits.Value);
            return true;
        }
        catch (ArgumentException) { return false; }
    }

    private static IPAddress MaskTo(IPAddress ip, int bits)
    {
        var bytes = ip.GetAddressBytes();
        for (int i = 0; i < bytes.Length; i++)
        {
            int keep = Math.Clamp(bits - i * 8, 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }
        return new IPAddress(bytes);
    }
}
