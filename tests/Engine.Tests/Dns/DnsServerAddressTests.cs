using System.Net;
using Spamd.Engine.Dns;

namespace Spamd.Engine.Tests.Dns;

public class DnsServerAddressTests
{
    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1:53")]
    [InlineData("127.0.0.1:5353", "127.0.0.1:5353")]
    [InlineData("[127.0.0.1]:5300", "127.0.0.1:5300")]
    [InlineData("[::1]:53", "[::1]:53")]
    [InlineData("::1", "[::1]:53")]
    public void Dns_server_values_are_read_as_spamassassin_writes_them(string value, string expected)
    {
        Assert.True(DnsServerAddress.TryParse(value, out var endPoint));
        Assert.Equal(expected, endPoint.ToString());
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1:0")]
    [InlineData("127.0.0.1:70000")]
    [InlineData("")]
    public void Anything_else_is_refused(string value) => Assert.False(DnsServerAddress.TryParse(value, out _));

    [Fact]
    public void Resolv_conf_nameservers_are_used_only_without_dns_server()
    {
        var servers = DnsServerAddress.FromResolvConf("# comment\nsearch example\nnameserver 192.0.2.53\nnameserver  ::1\nnameserver bogus\n");
        Assert.Equal([new IPEndPoint(IPAddress.Parse("192.0.2.53"), 53), new IPEndPoint(IPAddress.IPv6Loopback, 53)], servers);
        var configured = DnsServerAddress.Resolve(["127.0.0.1:5353"], "/nonexistent");
        Assert.Equal([new IPEndPoint(IPAddress.Loopback, 5353)], configured);
        Assert.Empty(DnsServerAddress.Resolve([], "/nonexistent/resolv.conf"));
    }
}
