using System.Net;
using Spamd.Daemon.Connections;

namespace Spamd.Integration.Tests.Daemon;

public class AllowedNetworksTests
{
    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("127.0.0.2", false)]
    [InlineData("10.0.0.1", false)]
    public void Default_is_loopback_only(string address, bool allowed) =>
        Assert.Equal(allowed, AllowedNetworks.Default.Contains(IPAddress.Parse(address)));

    [Theory]
    [InlineData("10.1.2.3", true)]       // 10.
    [InlineData("11.0.0.1", false)]
    [InlineData("192.168.5.9", true)]    // 192.168
    [InlineData("192.169.0.1", false)]
    [InlineData("172.16.200.1", true)]   // 172.16.0.0/12
    [InlineData("172.32.0.1", false)]
    [InlineData("172.16.0.5", false)]    // excluded before the /12 matches
    [InlineData("2001:db8::42", true)]   // [2001:db8::]/32
    [InlineData("2001:db9::1", false)]
    [InlineData("203.0.113.7", true)]    // mask syntax
    public void Parses_netset_syntax(string address, bool allowed)
    {
        var set = AllowedNetworks.Parse(["10.", "192.168", "!172.16.0.5", "172.16.0.0/12", "[2001:db8::]/32", "203.0.113.0/255.255.255.0"]);
        Assert.Equal(allowed, set.Contains(IPAddress.Parse(address)));
    }

    [Fact]
    public void Refuses_garbage() => Assert.Throws<FormatException>(() => AllowedNetworks.Parse(["not-an-ip"]));
}
