using System.Diagnostics;
using static Spamd.Integration.Tests.Daemon.TestMessages;

namespace Spamd.Integration.Tests.Daemon;

/// <summary>Slow, stalled and oversized clients against a daemon with short limits; it must answer and keep serving.</summary>
public class HostileClientTests(StrictDaemon daemon) : IClassFixture<StrictDaemon>
{
    [Fact]
    public async Task A_silent_client_gets_spamds_tcp_timeout()
    {
        using var socket = await RawClient.ConnectAsync(daemon.Server.Port);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var watch = Stopwatch.StartNew();
        var reply = Text(await RawClient.ReadAllAsync(socket, cts.Token));
        Assert.Equal("SPAMD/1.0 79 Timeout: (1 second socket timeout reading input from client)\r\n", reply);
        Assert.InRange(watch.Elapsed.TotalSeconds, 0.5, 5);
        await daemon.AssertStillServesAsync();
    }

    [Fact]
    public async Task A_client_stalling_in_the_headers_gets_the_child_timeout()
    {
        using var socket = await RawClient.ConnectAsync(daemon.Server.Port);
        await socket.SendAsync(Latin1("CHECK SPAMC/1.5\r\nUser: slow\r\n"));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Assert.Equal("SPAMD/1.0 79 Timeout: (2 second timeout while trying to CHECK)\r\n", Text(await RawClient.ReadAllAsync(socket, cts.Token)));
        await daemon.AssertStillServesAsync();
    }

    [Fact]
    public async Task A_client_stalling_in_the_body_gets_the_child_timeout()
    {
        using var socket = await RawClient.ConnectAsync(daemon.Server.Port);
        await socket.SendAsync(Latin1("PROCESS SPAMC/1.5\r\nContent-length: 1000\r\n\r\nSubject: x\r\n\r\npart"));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Assert.Equal("SPAMD/1.0 79 Timeout: (2 second timeout while trying to PROCESS)\r\n", Text(await RawClient.ReadAllAsync(socket, cts.Token)));
        await daemon.AssertStillServesAsync();
    }

    [Fact]
    public async Task A_byte_at_a_time_client_within_the_limits_is_served()
    {
        using var socket = await RawClient.ConnectAsync(daemon.Server.Port);
        var request = Request("CHECK", Gtube);
        // Slow but steady: the whole request in well under the 2-second request deadline.
        for (int i = 0; i < request.Length; i += 40)
        {
            await socket.SendAsync(request.AsMemory(i, Math.Min(40, request.Length - i)));
            await Task.Delay(5);
        }
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Assert.Equal("SPAMD/1.1 0 EX_OK\r\nSpam: True ; 1000.0 / 5.0\r\n\r\n", Text(await RawClient.ReadAllAsync(socket, cts.Token)));
    }

    [Fact]
    public async Task A_zlib_bomb_is_refused_at_the_size_cap()
    {
        var bomb = RawProtocolTests.Zlib(new byte[20 * 1024 * 1024]);
        Assert.True(bomb.Length < 100_000);
        var reply = Text(await daemon.Server.RawExchangeAsync(Request("CHECK", bomb, extraHeaders: "Compress: zlib\r\n")));
        Assert.Equal("SPAMD/1.0 69 Service Unavailable: zlib: inflated message exceeds the maximum message size of 100000 bytes\r\n", reply);
        await daemon.AssertStillServesAsync();
    }

    [Fact]
    public async Task A_body_longer_than_declared_mid_line_is_a_mismatch()
    {
        var reply = Text(await daemon.Server.RawExchangeAsync(Latin1("CHECK SPAMC/1.5\r\nContent-length: 20\r\n\r\n" + Text(Gtube))));
        Assert.Equal("SPAMD/1.0 76 Bad header line: (Content-Length mismatch: Expected 20 bytes, got 41 bytes)\r\n", reply);
        await daemon.AssertStillServesAsync();
    }

    [Fact]
    public async Task A_flood_of_headers_is_refused()
    {
        var flood = "CHECK SPAMC/1.5\r\n" + string.Concat(Enumerable.Repeat("X-Flood: 1\r\n", 10_000)) + "\r\n";
        Assert.Equal("SPAMD/1.0 76 Bad header line: (too many headers)\r\n", Text(await daemon.Server.RawExchangeAsync(Latin1(flood))));
        await daemon.AssertStillServesAsync();
    }

    [Fact]
    public async Task An_endless_request_line_is_refused()
    {
        var line = new string('A', 200_000);
        var reply = Text(await daemon.Server.RawExchangeAsync(Latin1(line)));
        Assert.Equal("SPAMD/1.0 76 Bad header line: (line too long)\r\n", reply);
        await daemon.AssertStillServesAsync();
    }
}
