using System.IO.Compression;
using System.Net;
using System.Text;
using static Spamd.Integration.Tests.Daemon.TestMessages;

namespace Spamd.Integration.Tests.Daemon;

/// <summary>Raw requests against our daemon, compared with the bytes spamd 4.0.1 sends (reference §3.6).</summary>
public class RawProtocolTests(DefaultDaemon daemon) : IClassFixture<DefaultDaemon>
{
    private async Task<string> ExchangeAsync(byte[] request, bool halfClose = true) =>
        Text(await daemon.Server.RawExchangeAsync(request, halfClose, TimeSpan.FromSeconds(15)));

    private Task<string> ExchangeAsync(string request, bool halfClose = true) => ExchangeAsync(Latin1(request), halfClose);

    [Fact]
    public async Task Gtube_check_is_byte_exact() =>
        Assert.Equal("SPAMD/1.1 0 EX_OK\r\nSpam: True ; 1000.0 / 5.0\r\n\r\n", await ExchangeAsync(Request("CHECK", Gtube)));

    [Fact]
    public async Task Ham_check_has_the_same_shape() =>
        Assert.Matches(@"^SPAMD/1\.1 0 EX_OK\r\nSpam: False ; -?\d+(\.\d)? / 5\.0\r\n\r\n$", await ExchangeAsync(Request("CHECK", Ham)));

    [Fact]
    public async Task Check_without_half_close_stops_at_content_length() =>
        Assert.Equal("SPAMD/1.1 0 EX_OK\r\nSpam: True ; 1000.0 / 5.0\r\n\r\n", await ExchangeAsync([.. Request("CHECK", Gtube), .. "\r\n"u8], halfClose: false));

    [Fact]
    public async Task Symbols_lists_the_rules_with_content_length()
    {
        var reply = await ExchangeAsync(Request("SYMBOLS", Gtube));
        Assert.Matches(@"^SPAMD/1\.1 0 EX_OK\r\nContent-length: (\d+)\r\nSpam: True ; 1000\.0 / 5\.0\r\n\r\n[A-Z_,]*GTUBE[A-Z_,]*$", reply);
        AssertContentLengthMatches(reply);
    }

    [Fact]
    public async Task Symbols_at_1_2_ends_with_crlf_and_has_no_content_length() =>
        Assert.Matches(@"^SPAMD/1\.1 0 EX_OK\r\nSpam: True ; 1000\.0 / 5\.0\r\n\r\n[A-Z_,]*GTUBE[A-Z_,]*\r\n$", await ExchangeAsync(Request("SYMBOLS", Gtube, "1.2")));

    [Theory]
    [InlineData("PROCESS")]
    [InlineData("HEADERS")]
    [InlineData("REPORT")]
    public async Task Bodies_carry_an_exact_content_length(string method)
    {
        var reply = await ExchangeAsync(Request(method, Gtube));
        Assert.StartsWith("SPAMD/1.1 0 EX_OK\r\nContent-length: ", reply);
        Assert.Contains("\r\nSpam: True ; 1000.0 / 5.0\r\n\r\n", reply);
        AssertContentLengthMatches(reply);
    }

    [Fact]
    public async Task Report_ifspam_says_yes_for_spam_and_sends_nothing_for_ham()
    {
        Assert.Contains("\r\nSpam: Yes ; 1000.0 / 5.0\r\n\r\n", await ExchangeAsync(Request("REPORT_IFSPAM", Gtube)));
        Assert.Matches(@"^SPAMD/1\.1 0 EX_OK\r\nContent-length: 0\r\nSpam: No ; -?\d+(\.\d)? / 5\.0\r\n\r\n$", await ExchangeAsync(Request("REPORT_IFSPAM", Ham)));
        Assert.Matches(@"^SPAMD/1\.1 0 EX_OK\r\nSpam: No ; -?\d+(\.\d)? / 5\.0\r\n\r\n$", await ExchangeAsync(Request("REPORT_IFSPAM", Ham, "1.2")));
    }

    [Fact]
    public async Task Old_clients_get_old_layouts()
    {
        // 1.0: no headers are read; the reply is the status line and the message.
        var v10 = await ExchangeAsync([.. Latin1("PROCESS SPAMC/1.0\r\n"), .. Gtube]);
        Assert.StartsWith("SPAMD/1.0 0 EX_OK\r\n", v10);
        Assert.DoesNotContain("Content-length", v10);
        Assert.Contains("GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL", v10);
        // 1.2: Content-length but no Spam header.
        var v12 = await ExchangeAsync(Request("PROCESS", Gtube, "1.2"));
        Assert.Matches(@"^SPAMD/1\.1 0 EX_OK\r\nContent-length: \d+\r\n\r\n", v12);
        AssertContentLengthMatches(v12);
        Assert.Equal("SPAMD/1.1 0 EX_OK\r\nSpam: True ; 1000.0 / 5.0\r\n\r\n", await ExchangeAsync([.. Latin1("CHECK SPAMC/1.0\r\n"), .. Gtube]));
        // A non-numeric version is 0: headers are not read, so they become part of the message.
        Assert.StartsWith("SPAMD/1.1 0 EX_OK\r\nSpam: True", await ExchangeAsync(Request("CHECK", Gtube, "abc")));
    }

    [Fact]
    public async Task Ping_and_skip()
    {
        Assert.Equal("SPAMD/1.5 0 PONG\r\n", await ExchangeAsync("PING SPAMC/1.5\r\n\r\n"));
        Assert.Equal("SPAMD/1.5 0 PONG\r\n", await ExchangeAsync("PING SPAMC/1.2\r\n", halfClose: false));
        Assert.Equal("", await ExchangeAsync("SKIP SPAMC/1.5\r\n\r\n"));
        Assert.Equal("SPAMD/1.0 76 Bad header line: (EOF during headers)\r\n", await ExchangeAsync("PING SPAMC/1.5\r\n"));
    }

    [Fact]
    public async Task Compressed_check_is_byte_exact()
    {
        var compressed = Zlib(Gtube);
        Assert.Equal("SPAMD/1.1 0 EX_OK\r\nSpam: True ; 1000.0 / 5.0\r\n\r\n",
            await ExchangeAsync(Request("CHECK", compressed, extraHeaders: "Compress: zlib\r\n")));
    }

    public static TheoryData<string, string> Errors => new()
    {
        { "FOO SPAMC/1.5\r\n\r\n", "SPAMD/1.0 76 Bad header line: FOO SPAMC/1.5\r\n" },
        { "check spamc/1.5\r\n\r\n", "SPAMD/1.0 76 Bad header line: check spamc/1.5\r\n" },
        { "", "SPAMD/1.0 76 Bad header line: (closed before headers)\r\n" },
        { "CHECK SPAMC/1.5\r\nContent-length: 396\r\n\r\n" + Text(Gtube), "SPAMD/1.0 76 Bad header line: (Content-Length mismatch: Expected 396 bytes, got 386 bytes)\r\n" },
        { "CHECK SPAMC/1.5\r\nContent-length: 12a\r\n\r\n", "SPAMD/1.0 76 Bad header line: (Content-Length contains non-numeric bytes)\r\n" },
        { "CHECK SPAMC/1.5\r\nBogus\r\n\r\n", "SPAMD/1.0 76 Bad header line: (header not in 'Name: value' format)\r\n" },
        { "CHECK SPAMC/1.5\r\nUser: x\n\n" + Text(Gtube), "SPAMD/1.0 76 Bad header line: (header not in 'Name: value' format)\r\n" },
        { "CHECK SPAMC/1.5\r\nUser: a\tb\r\n\r\n", "SPAMD/1.0 76 Bad header line: (User header contains control chars)\r\n" },
        { "CHECK SPAMC/1.5\r\nCompress: gzip\r\n\r\n", "SPAMD/1.0 76 Bad header line: (compression type not supported: gzip)\r\n" },
        { "CHECK SPAMC/1.5\r\nCompress: zlib\r\n\r\n" + Text(Gtube), "SPAMD/1.0 69 Service Unavailable: Compress requires Content-length header\r\n" },
        { "CHECK SPAMC/1.5\r\n" + string.Concat(Enumerable.Repeat("X-Foo: bar\r\n", 256)) + "\r\n", "SPAMD/1.0 76 Bad header line: (too many headers)\r\n" },
        { "TELL SPAMC/1.5\r\nMessage-class: spam\r\nSet: local\r\nContent-length: 386\r\n\r\n" + Text(Gtube),
          "SPAMD/1.0 69 Service Unavailable: TELL commands are not enabled, set the --allow-tell switch.\r\n" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public async Task Malformed_requests_get_spamds_error_and_the_daemon_keeps_serving(string request, string expected)
    {
        Assert.Equal(expected, await ExchangeAsync(request));
        await daemon.AssertStillServesAsync();
    }

    [Fact]
    public async Task A_gzip_body_has_no_zlib_stream_end()
    {
        var gzip = new MemoryStream();
        using (var z = new GZipStream(gzip, CompressionLevel.Fastest, true)) z.Write(Gtube);
        Assert.Equal("SPAMD/1.0 69 Service Unavailable: zlib: failed to find end of zlib stream\n\r\n",
            await ExchangeAsync(Request("CHECK", gzip.ToArray(), extraHeaders: "Compress: zlib\r\n")));
    }

    [Fact]
    public async Task A_255_header_request_is_fine() =>
        Assert.Equal("SPAMD/1.1 0 EX_OK\r\nSpam: True ; 1000.0 / 5.0\r\n\r\n",
            await ExchangeAsync(Request("CHECK", Gtube, extraHeaders: string.Concat(Enumerable.Repeat("X-Foo: bar\r\n", 253)))));

    [Fact]
    public async Task Nul_and_8bit_bytes_are_scanned()
    {
        byte[] body = [.. Gtube, 0, 0, 0xFF, 0xFE, (byte)'\n'];
        Assert.StartsWith("SPAMD/1.1 0 EX_OK\r\nSpam: True ; 10", await ExchangeAsync(Request("CHECK", body)));
        await daemon.AssertStillServesAsync();
    }

    [Fact]
    public async Task A_10_mb_message_is_scanned()
    {
        var line = Encoding.ASCII.GetBytes(new string('a', 99) + "\n");
        var body = new byte[10 * 1024 * 1024];
        for (int i = 0; i + line.Length <= body.Length; i += line.Length) line.CopyTo(body, i);
        Gtube.CopyTo(body, 0);
        var reply = await ExchangeAsync(Request("PROCESS", body));
        Assert.StartsWith("SPAMD/1.1 0 EX_OK\r\nContent-length: ", reply);
        AssertContentLengthMatches(reply);
    }

    [Fact]
    public async Task A_message_over_the_limit_is_refused_and_the_daemon_keeps_serving()
    {
        Assert.Equal("SPAMD/1.0 69 Service Unavailable: message exceeds the maximum message size of 12582912 bytes\r\n",
            await ExchangeAsync(Request("CHECK", new byte[13 * 1024 * 1024])));
        await daemon.AssertStillServesAsync();
    }

    [Fact]
    public async Task A_connection_dropped_mid_body_leaves_the_daemon_serving()
    {
        using (var socket = await RawClient.ConnectAsync(daemon.Server.Port))
        {
            await socket.SendAsync(Latin1("CHECK SPAMC/1.5\r\nContent-length: 100000\r\n\r\nSubject: half\r\n\r\nonly part"));
            await Task.Delay(100);
            socket.LingerState = new System.Net.Sockets.LingerOption(true, 0); // reset, not a clean close
        }
        await daemon.AssertStillServesAsync();
    }

    [Fact]
    public async Task The_unix_socket_answers_too()
    {
        var path = Path.Combine(daemon.Server.WorkDir, "spamd.sock");
        Assert.Equal("SPAMD/1.1 0 EX_OK\r\nSpam: True ; 1000.0 / 5.0\r\n\r\n", Text(await RawClient.UnixExchangeAsync(path, Request("CHECK", Gtube))));
    }

    [Fact]
    public async Task A_client_outside_allowed_ips_gets_no_bytes()
    {
        var reply = await RawClient.ExchangeFromAsync(IPAddress.Parse("127.0.0.2"), daemon.Server.Port, Latin1("PING SPAMC/1.5\r\n\r\n"));
        Assert.Empty(reply);
        for (int i = 0; i < 50 && !daemon.Server.Log.Contains("unauthorized connection from localhost [127.0.0.2]"); i++) await Task.Delay(100);
        Assert.Contains("unauthorized connection from localhost [127.0.0.2]", daemon.Server.Log);
        await daemon.AssertStillServesAsync();
    }

    [Fact]
    public async Task Scans_beyond_max_children_queue_instead_of_failing()
    {
        var replies = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => ExchangeAsync(Request("CHECK", Gtube))));
        Assert.All(replies, r => Assert.Equal("SPAMD/1.1 0 EX_OK\r\nSpam: True ; 1000.0 / 5.0\r\n\r\n", r));
    }

    [Fact]
    public async Task Each_scan_logs_spamds_result_line()
    {
        await ExchangeAsync(Request("CHECK", Gtube));
        for (int i = 0; i < 50 && !daemon.Server.Log.Contains("result: Y"); i++) await Task.Delay(100);
        Assert.Matches(@"spamd: identified spam \(1000\.0/5\.0\) for tester:\d+ in \d+\.\d seconds, 386 bytes\.", daemon.Server.Log);
        Assert.Matches(@"spamd: result: Y \d+ - \S*GTUBE\S* scantime=\d+\.\d,size=386,user=tester,uid=\d+,required_score=5\.0,rhost=localhost,raddr=127\.0\.0\.1,rport=\d+,mid=<GTUBE1\.1010101@example\.com>,autolearn=\S+ autolearn_force=\S+", daemon.Server.Log);
    }

    internal static byte[] Zlib(byte[] data)
    {
        var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true)) zlib.Write(data);
        return output.ToArray();
    }

    /// <summary>The Content-length header equals the number of body bytes that follow the empty line.</summary>
    internal static void AssertContentLengthMatches(string reply)
    {
        var match = System.Text.RegularExpressions.Regex.Match(reply, @"\r\nContent-length: (\d+)\r\n");
        Assert.True(match.Success, reply);
        int bodyStart = reply.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4;
        Assert.Equal(int.Parse(match.Groups[1].Value), reply.Length - bodyStart);
    }
}
