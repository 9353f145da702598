using Spamd.Integration.Tests.Infrastructure;

namespace Spamd.Integration.Tests.Client;

/// <summary>
/// Failures: spamd down, closing early, answering garbage or an error, staying silent. Both clients run against the
/// same fake server; output and exit status must match spamc's safe-fallback rules and exit-code matrix.
/// </summary>
public sealed class SpamcFailureTests
{
    private static readonly byte[] Gtube = TestMessages.Gtube();

    private static string[] Args(int port, string mode) =>
        ["-d", "127.0.0.1", "-p", port.ToString(), "--connect-retries", "1", .. mode.Split(' ', StringSplitOptions.RemoveEmptyEntries)];

    /// <summary>Runs both clients for each mode; returns our outcomes by mode.</summary>
    private static async Task<Dictionary<string, ProcessOutcome>> CompareAsync(int port, params string[] modes)
    {
        var ours = new Dictionary<string, ProcessOutcome>();
        foreach (var mode in modes)
        {
            var (_, o) = await SpamcRunner.AssertSameAsync(Args(port, mode), Gtube);
            ours[mode] = o;
        }
        return ours;
    }

    private static readonly string[] MatrixModes =
        ["", "-E", "-x", "-x -E", "-x -X", "-c", "-x -c", "-y", "-y -E", "-R", "-R -E", "-r", "-r -E", "--headers -E", "-K",
         "-L spam", "-C report", "-x -C report"];

    [Fact]
    public async Task Daemon_down_falls_back_or_fails_with_69()
    {
        int port = FreePort.Next();
        var ours = await CompareAsync(port, MatrixModes);
        Assert.Equal(Gtube, ours[""].Stdout);
        Assert.Equal(0, ours[""].ExitCode);
        Assert.Equal(69, ours["-x"].ExitCode);
        Assert.Empty(ours["-x"].Stdout);
        Assert.Equal(75, ours["-x -X"].ExitCode);
        Assert.Equal("0/0\n", ours["-c"].StdoutText);
        Assert.Equal(69, ours["-x -c"].ExitCode);
        Assert.Equal("\n", ours["-y"].StdoutText);
        Assert.Equal(69, ours["-K"].ExitCode);
        Assert.Equal(69, ours["-L spam"].ExitCode);
        Assert.Equal(Gtube, ours["-C report"].Stdout);
    }

    [Fact]
    public async Task Default_connect_retries_also_end_in_69()
    {
        int port = FreePort.Next();
        string[] args = ["-d", "127.0.0.1", "-p", port.ToString(), "-x", "--retry-sleep", "0"];
        var (_, ours) = await SpamcRunner.AssertSameAsync(args, Gtube);
        Assert.Equal(69, ours.ExitCode);
    }

    [Fact]
    public async Task Spamd_error_status_then_close_is_an_io_error()
    {
        await using var fake = FakeSpamd.Answering("SPAMD/1.0 69 Service Unavailable: TELL commands are not enabled, set the --allow-tell switch.\r\n");
        var ours = await CompareAsync(fake.Port, MatrixModes);
        Assert.Equal(Gtube, ours[""].Stdout);
        Assert.Equal(74, ours["-x"].ExitCode);
        Assert.Equal(74, ours["-x -c"].ExitCode);
        Assert.Equal("0/0\n", ours["-x -c"].StdoutText);
        Assert.Equal(74, ours["-L spam"].ExitCode);
        Assert.Equal("SPAMD/1.0 69\n", ours["-K"].StdoutText);
        Assert.Equal(0, ours["-K"].ExitCode);
    }

    [Fact]
    public async Task Protocol_error_status_is_echoed_by_ping()
    {
        await using var fake = FakeSpamd.Answering("SPAMD/1.0 76 Bad header line: (closed before headers)\r\n");
        var ours = await CompareAsync(fake.Port, "-K", "-x", "-x -c");
        Assert.Equal("SPAMD/1.0 76\n", ours["-K"].StdoutText);
        Assert.Equal(74, ours["-x"].ExitCode);
    }

    [Fact]
    public async Task Garbage_reply_is_a_protocol_error()
    {
        await using var fake = FakeSpamd.Answering("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        var ours = await CompareAsync(fake.Port, MatrixModes);
        Assert.Equal(76, ours["-x"].ExitCode);
        Assert.Equal(Gtube, ours[""].Stdout);
        Assert.Equal(76, ours["-K"].ExitCode);
    }

    [Fact]
    public async Task Closing_without_a_reply_is_an_io_error()
    {
        await using var fake = new FakeSpamd(reply: null);
        var ours = await CompareAsync(fake.Port, MatrixModes);
        Assert.Equal(74, ours["-x"].ExitCode);
        Assert.Equal(0, ours[""].ExitCode);
        Assert.Equal(Gtube, ours[""].Stdout);
    }

    [Fact]
    public async Task A_silent_server_times_out_after_t_seconds()
    {
        await using var fake = new FakeSpamd(reply: null, silent: true);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var ours = await SpamcRunner.Ours(Args(fake.Port, "-x -c -t 1"), Gtube);
        Assert.Equal(74, ours.ExitCode);
        Assert.Equal("0/0\n", ours.StdoutText);
        Assert.InRange(started.Elapsed.TotalSeconds, 0.9, 8);
        await CompareAsync(fake.Port, "-t 1", "-x -t 1");
    }

    [Fact]
    public async Task Filter_retries_resend_the_request_when_no_status_line_came()
    {
        await using var fake = new FakeSpamd(reply: null, silent: true);
        var ours = await SpamcRunner.Ours(Args(fake.Port, "-x -t 1 --filter-retries 2 --filter-retry-sleep 0"), Gtube);
        Assert.Equal(74, ours.ExitCode);
        Assert.Equal(2, fake.Connections);
    }

    [Fact]
    public async Task A_reply_larger_than_the_limit_plus_16k_counts_as_too_big()
    {
        // spamc keeps max-size + 16384 bytes for spamd's answer; more is EX_TOOBIG, which always exits 0.
        string body = new string('x', 20000);
        await using var fake = FakeSpamd.Answering($"SPAMD/1.1 0 EX_OK\r\nContent-length: {body.Length}\r\nSpam: True ; 9.0 / 5.0\r\n\r\n{body}");
        var ours = await CompareAsync(fake.Port, "-s 1000", "-x -s 1000", "-x -E -s 1000", "-y -s 1000", "-x -s 4000");
        Assert.Equal(0, ours["-x -s 1000"].ExitCode);
        Assert.Equal(Gtube, ours["-x -s 1000"].Stdout);
        Assert.Equal(20000, ours["-x -s 4000"].Stdout.Length);
    }

    public static TheoryData<string, string> Replies() => new()
    {
        // A non-zero code with valid headers is success: spamc never looks at the code.
        { "nonzero-code", "SPAMD/1.1 76 Whatever\r\nContent-length: 6\r\nSpam: True ; 9.0 / 5.0\r\n\r\nhello\n" },
        // %.1f of a C float: 9.25 rounds to even.
        { "rounding", "SPAMD/1.1 0 EX_OK\r\nContent-length: 6\r\nSpam: False ; 9.25 / 5.05\r\n\r\nhello\n" },
        { "negative", "SPAMD/1.1 0 EX_OK\r\nContent-length: 6\r\nSpam: False ; -0.04 / 5.0\r\n\r\nhello\n" },
        { "huge", "SPAMD/1.1 0 EX_OK\r\nContent-length: 6\r\nSpam: TRUE ; 99999999999.5 / 1e3\r\n\r\nhello\n" },
        { "lf-only", "SPAMD/1.1 0 EX_OK\nContent-length: 6\nSpam: Yes ; 1.5 / 5.0\n\nhello\n" },
        { "no-spaces", "SPAMD/1.1 0 EX_OK\r\nContent-length: 6\r\nSpam: True;9.0/5.0\r\n\r\nhello\n" },
        { "loose-spaces", "SPAMD/1.1 0 EX_OK\r\nContent-length: 6\r\nSpam:True ;9.0 /5.0\r\n\r\nhello\n" },
        { "no-content-length", "SPAMD/1.1 0 EX_OK\r\nSpam: True ; 9.0 / 5.0\r\n\r\nhello\n" },
        { "length-mismatch", "SPAMD/1.1 0 EX_OK\r\nContent-length: 60\r\nSpam: True ; 9.0 / 5.0\r\n\r\nhello\n" },
        { "negative-length", "SPAMD/1.1 0 EX_OK\r\nContent-length: -5\r\nSpam: True ; 9.0 / 5.0\r\n\r\nhello\n" },
        { "bad-version", "SPAMD/0.9 0 EX_OK\r\nSpam: True ; 9.0 / 5.0\r\n\r\n" },
        { "bare-status", "SPAMD/1.1 0\r\nContent-length: 6\r\nSpam: True ; 9.0 / 5.0\r\n\r\nhello\n" },
        { "no-code", "SPAMD/1.1\r\n\r\n" },
        { "eof-in-headers", "SPAMD/1.1 0 EX_OK\r\nContent-length: 6\r\n" },
        { "headers-no-blank-line", "SPAMD/1.1 0 EX_OK\r\nContent-length: 6\r\nSpam: True ; 9.0 / 5.0\r\n\r\nX-Spam-Flag: YES\n" },
        { "tell", "SPAMD/1.1 0 EX_OK\r\nDidSet: local,remote\r\nDidRemove: remote\r\n\r\n\r\n" },
        { "long-line", "SPAMD/1.1 0 EX_OK\r\nX-Long: " + new string('x', 9000) + "\r\n\r\n" },
    };

    [Theory]
    [MemberData(nameof(Replies))]
    public async Task Odd_replies_are_read_the_way_spamc_reads_them(string name, string reply)
    {
        await using var fake = FakeSpamd.Answering(reply);
        var ours = await CompareAsync(fake.Port,
            "", "-x -E", "-c", "-x -c", "-y", "-R", "-r -E", "--headers", "-K", "-L forget", "-C report");
        Assert.NotEmpty(ours);
        if (name == "rounding") Assert.Equal("9.2/5.1\n", ours["-c"].StdoutText); // 9.25 is exact; 5.05f is 5.0500002
        if (name == "nonzero-code") Assert.Equal("hello\n", ours[""].StdoutText);
    }
}
