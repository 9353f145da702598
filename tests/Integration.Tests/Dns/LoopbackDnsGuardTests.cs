using System.Net;
using System.Text.RegularExpressions;
using Spamd.Daemon.Scanning;
using Spamd.Integration.Tests.Infrastructure;

namespace Spamd.Integration.Tests.Dns;

/// <summary>
/// No test may send a DNS packet anywhere but loopback. Guarded three ways: our daemon's transport refuses
/// non-loopback servers in every process this assembly starts; every spamd a test starts runs with -L unless
/// it goes through the helpers that pass a loopback dns_server; and no test configures another dns_server.
/// </summary>
public sealed partial class LoopbackDnsGuardTests
{
    [Fact]
    public async Task Our_transport_refuses_servers_off_loopback_in_test_processes()
    {
        var transport = new UdpDnsTransport();
        Assert.True(transport.LoopbackOnly, "the module initializer sets " + UdpDnsTransport.LoopbackOnlyVariable);
        var offLoopback = new IPEndPoint(IPAddress.Parse("192.0.2.53"), 53); // documentation address: refused before sending
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => transport.ExchangeAsync(offLoopback, new byte[12], CancellationToken.None));
        Assert.Equal("1", Environment.GetEnvironmentVariable(UdpDnsTransport.LoopbackOnlyVariable));
    }

    [Fact]
    public void Every_spamd_started_by_a_test_is_local_only_or_asks_a_loopback_dns_server()
    {
        var root = Path.Combine(TestPaths.RepoRoot, "tests");
        var sources = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .ToArray();
        Assert.NotEmpty(sources);
        foreach (var file in sources)
        {
            var text = File.ReadAllText(file);
            if (Path.GetFileName(file) == "SpamdServer.cs")
            {
                // the helpers that drop -L always add the loopback dns_server
                foreach (Match call in LocalOnlyFalse().Matches(text))
                    Assert.Contains("LoopbackDns(", call.Value);
                Assert.Contains("\"--cf\", $\"dns_server 127.0.0.1:{port}\"", text);
                continue;
            }
            // (spelled in two pieces so that this file does not match itself)
            if (text.Contains("TestPaths." + "RealSpamd") || text.Contains("TestPaths." + "OurSpamd"))
                Assert.True(text.Contains("\"-L\"") || text.Contains("$\"dns_server 127.0.0.1:{dnsPort}\""), $"{file} starts a spamd directly without -L");
            foreach (Match line in DnsServerSetting().Matches(text))
                Assert.True(LoopbackServer().IsMatch(line.Groups[1].Value), $"{file}: '{line.Value}' is not a loopback DNS server");
        }
    }

    [GeneratedRegex(@"StartAsync\([^;]*localOnly: false[^;]*;", RegexOptions.Singleline)]
    private static partial Regex LocalOnlyFalse();

    [GeneratedRegex(@"dns_server\s+([\[\d:{][^\s""'\\]*)")]
    private static partial Regex DnsServerSetting();

    [GeneratedRegex(@"^(?:\[?127\.\d+\.\d+\.\d+\]?(?::\d+)?|\[?::1\]?(?::\d+)?|127\.0\.0\.1:\{\w+\})$")]
    private static partial Regex LoopbackServer();
}
