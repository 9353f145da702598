using System.Runtime.CompilerServices;
using Spamd.Daemon.Scanning;

namespace Spamd.Integration.Tests.Dns;

/// <summary>
/// Set before any test runs: every process this test assembly starts inherits SPAMD_DNS_LOOPBACK_ONLY, so our
/// daemon refuses, without sending a packet, any DNS server that is not on loopback (a test that forgot its
/// <c>dns_server</c> would otherwise fall back to the machine's resolver from /etc/resolv.conf).
/// </summary>
internal static class LoopbackDnsOnly
{
    [ModuleInitializer]
    internal static void Enable() => Environment.SetEnvironmentVariable(UdpDnsTransport.LoopbackOnlyVariable, "1");
}
