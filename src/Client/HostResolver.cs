using System.Net;
using System.Net.Sockets;

namespace Spamd.Client;

/// <summary>Names and IPv6 literals through the system resolver (only loaded when -d names such a host).</summary>
internal static class HostResolver
{
    /// <summary>The host's addresses in the resolver's order; null when it has none (temporary: a retry might help).</summary>
    public static List<SpamdAddress>? Resolve(string name, bool ipv4, bool ipv6, ref bool temporary)
    {
        IPAddress[] all;
        if (IPAddress.TryParse(name, out var literal)) all = [literal];
        else
        {
            try { all = Dns.GetHostAddresses(name); }
            catch (SocketException e)
            {
                ClientLog.Write(ClientLog.Debug, $"getaddrinfo({name}) failed: {e.SocketErrorCode}");
                if (e.SocketErrorCode == SocketError.TryAgain) temporary = true;
                return null;
            }
            catch (ArgumentException) { return null; }
        }
        var addresses = new List<SpamdAddress>(all.Length);
        foreach (var a in all)
        {
            if (a.AddressFamily == AddressFamily.InterNetwork ? !ipv4 : a.AddressFamily != AddressFamily.InterNetworkV6 || !ipv6) continue;
            addresses.Add(new SpamdAddress(a.GetAddressBytes(), a.ToString()));
        }
        return addresses.Count > 0 ? addresses : null;
    }
}
