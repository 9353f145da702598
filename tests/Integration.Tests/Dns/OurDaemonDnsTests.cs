using System.Diagnostics;
using System.Text;
using Spamd.Engine.Dns;
using Spamd.Integration.Tests.Infrastructure;

namespace Spamd.Integration.Tests.Dns;

/// <summary>Our daemon's network tests under concurrency and with an unanswering server.</summary>
public sealed class OurDaemonDnsTests
{
    private const string Message = """
        Received: from mail.sender-host.com (mail.sender-host.com [198.51.100.7])
        	by mx.example.net (Postfix) with ESMTP id 4ABCD; Mon, 2 Nov 2026 10:00:00 +0000
        From: Sales <sales@sender-host.com>
        To: someone@example.net
        Subject: offer
        Message-ID: <n1@sender-host.com>
        Date: Mon, 2 Nov 2026 10:00:00 +0000

        See http://www.spammy-site.com/offer today.

        """;

    private static byte[] Symbols()
    {
        var body = Encoding.ASCII.GetBytes(Message.Replace("\r\n", "\n"));
        return [.. Encoding.ASCII.GetBytes($"SYMBOLS SPAMC/1.5\r\nContent-length: {body.Length}\r\n\r\n"), .. body];
    }

    [Fact]
    public async Task Concurrent_scans_all_get_their_answers()
    {
        await using var zone = new LoopbackDnsResponder()
            .Add("7.100.51.198.zen.spamhaus.org", DnsRecordType.A, "127.0.0.2")
            .Add("spammy-site.com.multi.uribl.com", DnsRecordType.A, "127.0.0.2");
        await using var server = await SpamdServer.StartOursWithDnsAsync(zone.Port, "-m", "8");
        var replies = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => server.RawExchangeAsync(Symbols(), timeout: TimeSpan.FromSeconds(60))));
        foreach (var reply in replies.Select(Encoding.ASCII.GetString))
        {
            Assert.Contains("RCVD_IN_SBL", reply);
            Assert.Contains("URIBL_BLACK", reply);
        }
    }

    [Fact]
    public async Task A_silent_server_costs_one_rbl_timeout_and_no_hits()
    {
        // A bound UDP socket that never answers: queries wait until the scan's deadline.
        using var silent = new System.Net.Sockets.UdpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        int port = ((System.Net.IPEndPoint)silent.Client.LocalEndPoint!).Port;
        await using var server = await SpamdServer.StartOursWithDnsAsync(port, "--cf", "rbl_timeout 2");
        var started = Stopwatch.StartNew();
        var reply = Encoding.ASCII.GetString(await server.RawExchangeAsync(Symbols(), timeout: TimeSpan.FromSeconds(60)));
        Assert.StartsWith("SPAMD/1.1 0 EX_OK", reply); // spamd answers SYMBOLS as 1.1
        Assert.DoesNotContain("RCVD_IN_", reply);
        Assert.InRange(started.Elapsed.TotalSeconds, 1.9, 10);
        Assert.True(silent.Available > 0, "the queries reached the silent server");
    }
}
