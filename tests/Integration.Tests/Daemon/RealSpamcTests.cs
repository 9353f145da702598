using Spamd.Integration.Tests.Infrastructure;
using static Spamd.Integration.Tests.Daemon.TestMessages;

namespace Spamd.Integration.Tests.Daemon;

/// <summary>SpamAssassin's own spamc (the Debian binary) against our daemon, in every mode.</summary>
public class RealSpamcTests(DefaultDaemon daemon) : IClassFixture<DefaultDaemon>
{
    private Task<ProcessOutcome> SpamcAsync(byte[] message, params string[] args) =>
        ProcessRunner.RunAsync(TestPaths.RealSpamc, ["-d", "127.0.0.1", "-p", daemon.Server.Port.ToString(), .. args], message,
            timeout: TimeSpan.FromSeconds(30));

    [Fact]
    public async Task Check_mode_prints_score_and_exits_1_for_spam()
    {
        var spam = await SpamcAsync(Gtube, "-c");
        Assert.Equal((1, "1000.0/5.0\n"), (spam.ExitCode, spam.StdoutText));
        var ham = await SpamcAsync(Ham, "-c");
        Assert.Equal(0, ham.ExitCode);
        Assert.Matches(@"^-?\d+\.\d/5\.0\n$", ham.StdoutText);
    }

    [Fact]
    public async Task Symbols_mode_prints_the_rule_list()
    {
        var outcome = await SpamcAsync(Gtube, "-y");
        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("GTUBE", outcome.StdoutText);
        Assert.DoesNotContain("\n", outcome.StdoutText);
    }

    [Fact]
    public async Task Report_mode_prints_score_line_then_report()
    {
        var outcome = await SpamcAsync(Gtube, "-R");
        Assert.Equal(0, outcome.ExitCode);
        Assert.StartsWith("1000.0/5.0\n", outcome.StdoutText);
    }

    [Fact]
    public async Task Report_ifspam_mode_prints_nothing_for_ham()
    {
        var ham = await SpamcAsync(Ham, "-r");
        Assert.Equal((0, ""), (ham.ExitCode, ham.StdoutText));
        var spam = await SpamcAsync(Gtube, "-r");
        Assert.Equal(0, spam.ExitCode);
        Assert.DoesNotContain("1000.0/5.0", spam.StdoutText);
    }

    [Fact]
    public async Task Ping_mode()
    {
        var outcome = await SpamcAsync([], "-K");
        Assert.Equal((0, "SPAMD/1.5 0\n"), (outcome.ExitCode, outcome.StdoutText));
    }

    [Fact]
    public async Task Default_mode_returns_the_processed_message()
    {
        var outcome = await SpamcAsync(Gtube);
        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X", outcome.StdoutText);
    }

    [Fact]
    public async Task Headers_mode_returns_headers_plus_the_original_body()
    {
        var outcome = await SpamcAsync(Gtube, "--headers");
        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("Subject: GTUBE", outcome.StdoutText);
        Assert.EndsWith("Generic\nTest for\nUnsolicited\nBulk\nEmail\n\n", outcome.StdoutText);
    }

    [Fact]
    public async Task Learning_without_allow_tell_fails_like_spamd()
    {
        var outcome = await SpamcAsync(Gtube, "-L", "spam");
        Assert.Equal((74, ""), (outcome.ExitCode, outcome.StdoutText));
    }

    [Fact]
    public async Task Check_over_the_unix_socket()
    {
        var outcome = await ProcessRunner.RunAsync(TestPaths.RealSpamc, ["-U", Path.Combine(daemon.Server.WorkDir, "spamd.sock"), "-c"], Gtube);
        Assert.Equal((1, "1000.0/5.0\n"), (outcome.ExitCode, outcome.StdoutText));
    }

    [Fact]
    public async Task A_refused_oversized_message_falls_back_to_the_original()
    {
        var big = new byte[13 * 1024 * 1024];
        Gtube.CopyTo(big, 0);
        var outcome = await SpamcAsync(big, "-s", (20 * 1024 * 1024).ToString());
        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(big.Length, outcome.Stdout.Length);
    }
}

/// <summary>spamc -L against a daemon with --allow-tell whose Bayes store is unavailable.</summary>
public class RealSpamcTellTests(TellDaemon daemon) : IClassFixture<TellDaemon>
{
    [Fact]
    public async Task Learning_is_refused_cleanly()
    {
        var outcome = await ProcessRunner.RunAsync(TestPaths.RealSpamc, ["-d", "127.0.0.1", "-p", daemon.Server.Port.ToString(), "-L", "spam"], Gtube);
        Assert.Equal((74, ""), (outcome.ExitCode, outcome.StdoutText));
        await daemon.AssertStillServesAsync();
    }
}
