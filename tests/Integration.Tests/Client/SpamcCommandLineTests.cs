using Spamd.Integration.Tests.Infrastructure;

namespace Spamd.Integration.Tests.Client;

/// <summary>spamc's option parser and config file, quirks and error texts included, compared with the real spamc.</summary>
public sealed class SpamcCommandLineTests
{
    private static readonly byte[] Ham = TestMessages.Ham();

    /// <summary>Errors that stop before any connection: same exit status, same stderr, same usage text.</summary>
    [Theory]
    [InlineData("-p7844 -c")]              // the argument must be the next word
    [InlineData("-s -5")]                  // ... and must not start with '-'
    [InlineData("-p")]
    [InlineData("--chec")]                 // no abbreviations
    [InlineData("--check=yes --portx 1")]
    [InlineData("-q")]
    [InlineData("-:")]
    [InlineData("--:x")]
    [InlineData("-l --dest")]
    [InlineData("-l -L foo")]
    [InlineData("-l -C foo")]
    [InlineData("-l -s 268435457")]
    [InlineData("-l --ssl=tls")]
    [InlineData("-l --ssl tls")]
    [InlineData("-l --ssl-cert x")]
    [InlineData("-l --ssl-key=k")]
    [InlineData("-l -L spam -c")]
    [InlineData("-l -L ham -K -r -R -y -C report")]
    [InlineData("-L foo")]                  // errors go to syslog without -l: stderr stays empty
    [InlineData("-h")]
    [InlineData("--help -x")]
    [InlineData("-l -L foo -h")]
    [InlineData("-V")]
    [InlineData("-l -L foo --version")]
    public async Task Usage_errors_and_help_match(string arguments)
    {
        string[] args = arguments.Split(' ');
        var real = await SpamcRunner.Real(args, Ham);
        var ours = await SpamcRunner.Ours(args, Ham);
        if (args.Contains("-V") || args.Contains("--version"))
        {
            Assert.Equal(real.ExitCode, ours.ExitCode);
            Assert.StartsWith("SpamAssassin Client version 4.0.1\n", ours.StdoutText);
            return;
        }
        SpamcRunner.AssertSame(args, real, ours, SpamcRunner.NormaliseUsage, compareStderr: true);
    }

    [Fact]
    public async Task Unknown_option_exits_64_with_usage_on_stdout()
    {
        var ours = await SpamcRunner.Ours(["-q"], Ham);
        Assert.Equal(64, ours.ExitCode);
        Assert.Contains("Usage: spamc [options]", ours.StdoutText);
        Assert.Equal("Error in argument 1, char 2: option not found q\n", ours.Stderr);
    }

    /// <summary>Parsing quirks that still run a scan: compared against a dead port (no spamd needed).</summary>
    [Theory]
    [InlineData("-cE")]                     // no bundling: only -c
    [InlineData("-Ec")]                     // only -E
    [InlineData("-lx")]                     // only -l
    [InlineData("foo -c")]                  // stops at the first non-option
    [InlineData("-- -c")]
    [InlineData("-0 5 -1 2 -2 -f")]         // no-ops
    [InlineData("-X -x")]                   // -X before -x is ignored
    [InlineData("-x -X")]
    [InlineData("--max-size=10")]
    [InlineData("--check --full")]
    public async Task Parsing_quirks_match(string arguments)
    {
        int port = FreePort.Next();
        string[] args = ["--connect-retries", "1", "-d", "127.0.0.1", "-p", port.ToString(), .. arguments.Split(' ')];
        await SpamcRunner.AssertSameAsync(args, Ham, compareStderr: false);
    }

    [Fact]
    public async Task Unresolvable_host_without_fallback_is_68()
    {
        string[] args = ["-x", "-d", "no-such-host.invalid", "-c"];
        var (_, ours) = await SpamcRunner.AssertSameAsync(args, Ham);
        Assert.Equal(68, ours.ExitCode);
        await SpamcRunner.AssertSameAsync(["-d", "no-such-host.invalid"], Ham);
    }

    [Fact]
    public async Task Missing_unix_socket_is_70_and_refused_is_69()
    {
        var dir = TestPaths.NewTempDir("spamc-sock");
        try
        {
            var missing = Path.Combine(dir, "missing.sock");
            var (_, ours) = await SpamcRunner.AssertSameAsync(["-x", "-U", missing], Ham);
            Assert.Equal(70, ours.ExitCode);
            await SpamcRunner.AssertSameAsync(["-U", missing, "-c"], Ham);

            // A bound socket that does not listen refuses connections (kept open: .NET removes the file on close).
            var dead = Path.Combine(dir, "dead.sock");
            using var notListening = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
            notListening.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(dead));
            (_, ours) = await SpamcRunner.AssertSameAsync(["-x", "-U", dead], Ham);
            Assert.Equal(69, ours.ExitCode);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("-x\n-c")]                      // last line without newline
    [InlineData("-d\t127.0.0.1\n")]             // tabs are not separators
    [InlineData("-c -x -d 127.0.0.1 -p 1 -t 5 -n 5 -s 100 -u me -l -E -K -f -4 -H -y -R -r -B -z\n")] // too many words
    [InlineData("--connect-retries 1 -d 127.0.0.1 -p 1\n-x\n")]
    [InlineData("  \n--connect-retries 1 -p 1 -d 127.0.0.1\n#-x\n")]
    public async Task Config_file_rules_match(string content)
    {
        var dir = TestPaths.NewTempDir("spamc-conf");
        try
        {
            var conf = Path.Combine(dir, "spamc.conf");
            if (content != "missing") File.WriteAllText(conf, content);
            string[] args = ["-F", conf, "-c"];
            var (_, ours) = await SpamcRunner.AssertSameAsync(args, Ham, SpamcRunner.NormaliseUsage, compareStderr: true);
            if (content == "missing")
            {
                Assert.Equal(78, ours.ExitCode);
                Assert.Equal($"Failed to open config file: {conf}\n", ours.Stderr);
            }
        }
        finally { Directory.Delete(dir, true); }
    }
}
