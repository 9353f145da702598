using Spamd.Integration.Tests.Infrastructure;

namespace Spamd.Integration.Tests.Client;

/// <summary>
/// Our spamc and SpamAssassin's spamc against the same SpamAssassin spamd, same input: stdout bytes and exit
/// status must match in every mode.
/// </summary>
public sealed class SpamcVersusRealSpamcTests : IClassFixture<RealSpamdFixture>
{
    private readonly RealSpamdFixture spamd;

    public SpamcVersusRealSpamcTests(RealSpamdFixture spamd) => this.spamd = spamd;

    public static TheoryData<string, string> ModesAndMessages()
    {
        var data = new TheoryData<string, string>();
        string[] modes = ["", "-c", "-y", "-R", "-r", "--headers", "-E", "-c -E", "-y -E", "-R -E", "-r -E", "--headers -E", "-K", "-x -E"];
        foreach (var mode in modes)
            foreach (var message in new[] { "gtube", "gtube-crlf", "ham", "ham-crlf", "8bit" })
                data.Add(mode, message);
        return data;
    }

    private static byte[] Message(string name) => name switch
    {
        "gtube" => TestMessages.Gtube(),
        "gtube-crlf" => TestMessages.Crlf(TestMessages.Gtube()),
        "ham" => TestMessages.Ham(),
        "ham-crlf" => TestMessages.Crlf(TestMessages.Ham()),
        "8bit" => TestMessages.EightBitHam(),
        _ => throw new ArgumentException(name),
    };

    private string[] Tcp(string mode) =>
        ["-d", "127.0.0.1", "-p", spamd.Port.ToString(), .. mode.Split(' ', StringSplitOptions.RemoveEmptyEntries)];

    [Theory]
    [MemberData(nameof(ModesAndMessages))]
    public async Task Every_mode_prints_and_exits_like_spamc_over_tcp(string mode, string message)
    {
        var (real, _) = await SpamcRunner.AssertSameAsync(Tcp(mode), Message(message));
        if (mode != "-K") Assert.True(real.Stdout.Length > 0 || mode.StartsWith("-r") || mode.StartsWith("-y"), "real spamc printed nothing: " + real.Stderr);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-c")]
    [InlineData("-y")]
    [InlineData("-R")]
    [InlineData("--headers")]
    [InlineData("-K")]
    public async Task Unix_socket_gives_the_same_results(string mode)
    {
        string[] args = ["-U", spamd.SocketPath, .. mode.Split(' ', StringSplitOptions.RemoveEmptyEntries)];
        await SpamcRunner.AssertSameAsync(args, TestMessages.Gtube());
        await SpamcRunner.AssertSameAsync(args, TestMessages.Ham());
    }

    [Fact]
    public async Task Spam_check_prints_score_and_threshold_and_exits_1()
    {
        var ours = await SpamcRunner.Ours(Tcp("-c"), TestMessages.Gtube());
        Assert.Equal(1, ours.ExitCode);
        Assert.Equal("1000.0/5.0\n", ours.StdoutText);
    }

    [Fact]
    public async Task Report_if_spam_has_no_score_line_for_spam_because_spamd_says_Yes()
    {
        var ours = await SpamcRunner.Ours(Tcp("-r -E"), TestMessages.Gtube());
        Assert.Equal(0, ours.ExitCode);
        Assert.StartsWith("Spam detection software", ours.StdoutText);
    }

    [Theory]
    [InlineData("", "gtube")]
    [InlineData("-c", "gtube")]
    [InlineData("-R", "ham")]
    [InlineData("--headers", "gtube-crlf")]
    [InlineData("-y", "8bit")]
    public async Task Compressed_requests_give_what_uncompressed_ones_give(string mode, string message)
    {
        // Debian's spamc has no zlib: compare our -z with its plain request.
        string[] plain = Tcp(mode);
        var real = await SpamcRunner.Real(plain, Message(message));
        var ours = await SpamcRunner.Ours([.. plain, "-z"], Message(message));
        SpamcRunner.AssertSame(plain, real, ours);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-c")]
    [InlineData("-y")]
    [InlineData("-R")]
    [InlineData("-r")]
    [InlineData("--headers")]
    [InlineData("-E")]
    [InlineData("-x")]
    [InlineData("-x -c")]
    public async Task Oversized_messages_are_not_sent_and_fall_back(string mode)
    {
        var gtube = TestMessages.Gtube();
        var tooBig = await SpamcRunner.AssertSameAsync([.. Tcp(mode), "-s", (gtube.Length - 1).ToString()], gtube);
        Assert.Equal(0, tooBig.Ours.ExitCode);
        // Exactly at the limit the message is scanned.
        await SpamcRunner.AssertSameAsync([.. Tcp(mode), "-s", gtube.Length.ToString()], gtube);
    }

    [Fact]
    public async Task Oversized_learning_exits_98()
    {
        var gtube = TestMessages.Gtube("toobig@example.com");
        var (_, ours) = await SpamcRunner.AssertSameAsync([.. Tcp("-L spam"), "-s", "100"], gtube);
        Assert.Equal(98, ours.ExitCode);
        Assert.Empty(ours.Stdout);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-c")]
    [InlineData("-x")]
    [InlineData("-x -c")]
    [InlineData("-y")]
    public async Task Empty_input_is_a_read_error(string mode)
    {
        await SpamcRunner.AssertSameAsync(Tcp(mode), []);
    }

    [Fact]
    public async Task Learning_and_forgetting_print_spamcs_messages()
    {
        // Separate messages for each client: Bayes remembers what it learned.
        var forReal = TestMessages.Gtube("learn-real@example.com");
        var forOurs = TestMessages.Gtube("learn-ours@example.com");
        foreach (var mode in new[] { "-L spam", "-L spam", "-L forget", "-L ham", "-L forget", "-C report", "-C revoke" })
        {
            string[] args = Tcp(mode);
            var real = await SpamcRunner.Real(args, forReal);
            var ours = await SpamcRunner.Ours(args, forOurs);
            SpamcRunner.AssertSame(args, real, ours);
        }
        var learned = await SpamcRunner.Ours(Tcp("-L spam"), TestMessages.Gtube("learn-check@example.com"));
        Assert.Equal("Message successfully un/learned\n", learned.StdoutText);
        var again = await SpamcRunner.Ours(Tcp("-L spam"), TestMessages.Gtube("learn-check@example.com"));
        Assert.Equal("Message was already un/learned\n", again.StdoutText);
        var forgotten = await SpamcRunner.Ours(Tcp("-L forget"), TestMessages.Gtube("learn-check@example.com"));
        Assert.Equal("Message successfully un/learned\n", forgotten.StdoutText);
    }

    [Fact]
    public async Task Bsmtp_input_is_unstuffed_for_spamd_and_restuffed_on_output()
    {
        var message = System.Text.Encoding.ASCII.GetString(TestMessages.Ham()).Replace("Cheers,", "..a stuffed dot line\nCheers,");
        var bsmtp = System.Text.Encoding.ASCII.GetBytes(
            "HELO relay.example.org\nMAIL FROM:<alice@example.org>\nRCPT TO:<bob@example.com>\nDATA\n" + message + ".\nQUIT\n");
        await SpamcRunner.AssertSameAsync(Tcp("-B"), bsmtp);
        await SpamcRunner.AssertSameAsync(Tcp("-B -c"), bsmtp);
        await SpamcRunner.AssertSameAsync(Tcp("-B"), TestMessages.Crlf(bsmtp));
        await SpamcRunner.AssertSameAsync(Tcp("-B"), TestMessages.Crlf(TestMessages.Gtube()).Prepend((byte)'.').ToArray());
        // No DATA line: EX_DATAERR, shown only without safe fallback.
        await SpamcRunner.AssertSameAsync(Tcp("-B"), TestMessages.Ham());
        var (_, ours) = await SpamcRunner.AssertSameAsync(Tcp("-B -x"), TestMessages.Ham());
        Assert.Equal(65, ours.ExitCode);
    }

    [Fact]
    public async Task User_name_is_sent()
    {
        await SpamcRunner.AssertSameAsync(Tcp("-u someone -c"), TestMessages.Ham());
        await SpamcRunner.AssertSameAsync(Tcp("--username=someone -R"), TestMessages.Gtube());
    }

    [Fact]
    public async Task Pipe_to_runs_the_command_and_passes_its_exit_status_on()
    {
        await SpamcRunner.AssertSameAsync([.. Tcp("-c"), "-e", "/bin/cat"], TestMessages.Gtube());
        var (_, ours) = await SpamcRunner.AssertSameAsync([.. Tcp(""), "-e", "/usr/bin/head", "-n", "3"], TestMessages.Gtube());
        Assert.Equal(3, ours.StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        var failing = await SpamcRunner.AssertSameAsync([.. Tcp("-c"), "-e", "/bin/false"], TestMessages.Ham());
        Assert.Equal(1, failing.Ours.ExitCode);
        // execv: no PATH search, so a bare name fails like a missing program (EX_OSERR).
        var notFound = await SpamcRunner.AssertSameAsync([.. Tcp("-c"), "-e", "cat"], TestMessages.Ham());
        Assert.Equal(71, notFound.Ours.ExitCode);
    }

    [Fact]
    public async Task Output_to_a_shared_file_continues_at_the_shared_offset()
    {
        // spamc writes with write(2): after "before" in the same file, not over it.
        var dir = TestPaths.NewTempDir("spamc-offset");
        try
        {
            async Task<string> RunAsync(string exe)
            {
                var file = Path.Combine(dir, Path.GetFileName(exe) + ".out");
                string script = $"(echo before; '{exe}' -d 127.0.0.1 -p {spamd.Port} -c; echo after) > '{file}'";
                await ProcessRunner.RunAsync("/bin/sh", ["-c", script], TestMessages.Gtube());
                return File.ReadAllText(file);
            }
            Assert.Equal("before\n1000.0/5.0\nafter\n", await RunAsync(TestPaths.RealSpamc));
            Assert.Equal("before\n1000.0/5.0\nafter\n", await RunAsync(TestPaths.OurSpamc));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public async Task Default_destination_is_localhost_trying_ipv6_first()
    {
        // spamd listens on 127.0.0.1 only: ::1 is refused, then 127.0.0.1 answers.
        var (_, ours) = await SpamcRunner.AssertSameAsync(["-p", spamd.Port.ToString(), "-c"], TestMessages.Gtube());
        Assert.Equal(1, ours.ExitCode);
        await SpamcRunner.AssertSameAsync(["-4", "-p", spamd.Port.ToString(), "-y"], TestMessages.Gtube());
        var (_, v6) = await SpamcRunner.AssertSameAsync(["-6", "-x", "--connect-retries", "1", "-p", spamd.Port.ToString(), "-c"], TestMessages.Gtube());
        Assert.Equal(69, v6.ExitCode);
    }

    [Fact]
    public async Task Failover_skips_a_dead_host()
    {
        // Both hosts use the same port; a second name for loopback stands for "the next host".
        string[] args = ["-d", "127.0.0.2,127.0.0.1", "-p", spamd.Port.ToString(), "-c", "--connect-retries", "3", "--retry-sleep", "0"];
        var (_, ours) = await SpamcRunner.AssertSameAsync(args, TestMessages.Gtube());
        Assert.Equal(1, ours.ExitCode);
        // Without safe fallback there is no failover: only the first host is tried.
        var (_, strict) = await SpamcRunner.AssertSameAsync(["-x", .. args], TestMessages.Gtube());
        Assert.Equal(69, strict.ExitCode);
    }

    [Fact]
    public async Task Headers_of_a_message_without_body_fall_back_to_the_original()
    {
        // spamc finds no end of headers to glue the body to, and prints the original message.
        var headerOnly = System.Text.Encoding.ASCII.GetBytes("Subject: no body here\nFrom: a@example.com\n");
        var (_, ours) = await SpamcRunner.AssertSameAsync(Tcp("--headers -x"), headerOnly);
        Assert.Equal(headerOnly, ours.Stdout);
    }

    [Fact]
    public async Task Config_file_words_come_before_the_command_line()
    {
        var dir = TestPaths.NewTempDir("spamc-conf");
        try
        {
            var conf = Path.Combine(dir, "spamc.conf");
            File.WriteAllText(conf, $"# test\n\n-d 127.0.0.1\n-p {spamd.Port}\n-c\n");
            var (_, ours) = await SpamcRunner.AssertSameAsync(["-F", conf], TestMessages.Gtube());
            Assert.Equal(1, ours.ExitCode);
            // A later -p on the command line wins; a flag in the file cannot be switched off.
            await SpamcRunner.AssertSameAsync(["-F", conf, "-p", "1", "--connect-retries", "1"], TestMessages.Gtube());
        }
        finally { Directory.Delete(dir, true); }
    }
}
