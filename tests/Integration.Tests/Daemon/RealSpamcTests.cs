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

/// <summary>spamc -L and -C against a daemon that learns: spamc's messages, and spamd's exact TELL replies.</summary>
public class RealSpamcLearningTests(LearningDaemon daemon) : IClassFixture<LearningDaemon>
{
    private Task<ProcessOutcome> SpamcAsync(byte[] message, params string[] args) =>
        ProcessRunner.RunAsync(TestPaths.RealSpamc, ["-d", "127.0.0.1", "-p", daemon.Server.Port.ToString(), .. args], message);

    [Fact]
    public async Task Learn_relearn_and_forget_answer_as_spamd_does()
    {
        var message = Unique(Ham, "Learning test ");
        Assert.Equal((0, "Message successfully un/learned\n"), Outcome(await SpamcAsync(message, "-L", "spam")));
        Assert.Equal((0, "Message was already un/learned\n"), Outcome(await SpamcAsync(message, "-L", "spam")));
        Assert.Equal((0, "Message successfully un/learned\n"), Outcome(await SpamcAsync(message, "-L", "ham")));
        Assert.Equal((0, "Message successfully un/learned\n"), Outcome(await SpamcAsync(message, "-L", "forget")));
        Assert.Equal((0, "Message was already un/learned\n"), Outcome(await SpamcAsync(message, "-L", "forget")));
    }

    [Fact]
    public async Task Tell_replies_carry_didset_and_the_extra_empty_line()
    {
        var message = Unique(Ham, "Raw TELL ");
        byte[] Tell(string headers) =>
            [.. Latin1($"TELL SPAMC/1.5\r\n{headers}User: tester\r\nContent-length: {message.Length}\r\n\r\n"), .. message];
        Assert.Equal("SPAMD/1.1 0 EX_OK\r\nDidSet: local\r\n\r\n\r\n",
            Text(await daemon.Server.RawExchangeAsync(Tell("Message-class: spam\r\nSet: local\r\n"))));
        Assert.Equal("SPAMD/1.1 0 EX_OK\r\n\r\n\r\n",
            Text(await daemon.Server.RawExchangeAsync(Tell("Message-class: spam\r\nSet: local\r\n"))));
        Assert.Equal("SPAMD/1.1 0 EX_OK\r\nDidRemove: local\r\n\r\n\r\n",
            Text(await daemon.Server.RawExchangeAsync(Tell("Remove: local\r\n"))));
    }

    [Fact]
    public async Task Report_learns_locally_but_cannot_report_remotely()
    {
        var message = Unique(Ham, "Report ");
        Assert.Equal((0, "Unable to report/revoke message\n"), Outcome(await SpamcAsync(message, "-C", "report")));
    }

    private static (int, string) Outcome(ProcessOutcome o) => (o.ExitCode, o.StdoutText);

    /// <summary>A copy with its own Message-ID and body (learning is keyed on both), so every test learns afresh.</summary>
    private static byte[] Unique(byte[] message, string subject)
    {
        var id = Guid.NewGuid().ToString("N");
        return Latin1(Text(message).Replace("<ham-test-1@example.org>", $"<{id}@example.org>")
            .Replace("Lunch", subject + id).Replace("Hi Bob,", "Hi Bob, " + id));
    }
}
