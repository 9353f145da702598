using Spamd.Integration.Tests.Infrastructure;
using static Spamd.Integration.Tests.Daemon.TestMessages;

namespace Spamd.Integration.Tests.Daemon;

/// <summary>SpamAssassin's spamd, started once for the class, for side-by-side comparisons.</summary>
public sealed class RealAndOurDaemons : IAsyncLifetime
{
    public SpamdServer Real { get; private set; } = null!;
    public SpamdServer Ours { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var real = SpamdServer.StartRealAsync("-s", "stderr");
        var ours = SpamdServer.StartOursAsync();
        Real = await real;
        Ours = await ours;
    }

    public async Task DisposeAsync()
    {
        if (Real != null) await Real.DisposeAsync();
        if (Ours != null) await Ours.DisposeAsync();
    }
}

/// <summary>
/// The same raw request to SpamAssassin's spamd and to ours, where the answer does not depend on the rules:
/// PING, protocol errors, TELL without --allow-tell, GTUBE's verdict.
/// </summary>
public class ParityWithRealSpamdTests(RealAndOurDaemons daemons) : IClassFixture<RealAndOurDaemons>
{
    public static TheoryData<string> Requests => new()
    {
        "PING SPAMC/1.5\r\n\r\n",
        "PING SPAMC/1.2\r\n",
        "FOO SPAMC/1.5\r\n",
        "XXCHECK SPAMC/1.5\r\nContent-length: 12a\r\n\r\n",
        "CHECK  SPAMC/1.5\r\n\r\n",
        "CHECK SPAMC/1.5\r\nNo colon\r\n\r\n",
        "CHECK SPAMC/1.5\r\nUser: x\n\n",
        "CHECK SPAMC/1.5\r\nUser: a\u0001b\r\n\r\n",
        "CHECK SPAMC/1.5\r\nCompress: deflate\r\n\r\n",
        "CHECK SPAMC/1.5\r\nCompress: zlib\r\n\r\nSubject: x\n\nbody\n",
        "CHECK SPAMC/1.5\r\nContent-length: 50\r\n\r\nSubject: x\n\nbody\n",
        "CHECK SPAMC/1.5\r\nContent-length: 5\r\n\r\nSubject: x\n\nbody\n",
        "TELL SPAMC/1.5\r\nMessage-class: spam\r\nSet: local\r\nContent-length: 17\r\n\r\nSubject: x\n\nbody\n",
        "SKIP SPAMC/1.5\r\n\r\n",
        "",
        "CHECK SPAMC/1.5\r\nContent-length: \r\n\r\nSubject: x\n\nbody\n",
        "CHECK SPAMC/1.5\r\nUser: x\r\n",
        "PING SPAMC/1.5\r\nFoo\r\n\r\n",
        "PING SPAMC/1.5\r\nX-Any: thing\r\n\r\n",
        "TELL SPAMC/1.5\r\nContent-length: x\r\n\r\n",
        "TELL SPAMC/1.0\r\nSet: local\r\nRemove: local\r\n\r\n",
        "CHECK SPAMC/1.5\r\n" + string.Concat(Enumerable.Repeat("X-Foo: bar\r\n", 256)) + "\r\n",
        "CHECK SPAMC/1.5\r\nContent-length: 0\r\n\r\nSubject: x\n\nbody\n",
        "CHECK SPAMC/1.5\r\nContent-length: 17\r\nContent-length: 4\r\n\r\nSubject: x\n\nbody\n",
        "REPORT SPAMC/1.5\r\nUser: a\r\nUser: b\tc\r\n\r\n",
        "HEADERS SPAMC/1.5\r\nContent-length: 0386\r\n\r\nSubject: x\n\nbody\n",
    };

    [Fact]
    public async Task Same_zlib_error_as_spamd()
    {
        var gzip = new MemoryStream();
        using (var z = new System.IO.Compression.GZipStream(gzip, System.IO.Compression.CompressionLevel.Fastest, true)) z.Write(Gtube);
        var request = Request("CHECK", gzip.ToArray(), extraHeaders: "Compress: zlib\r\n");
        var real = Text(await daemons.Real.RawExchangeAsync(request, timeout: TimeSpan.FromSeconds(20)));
        var ours = Text(await daemons.Ours.RawExchangeAsync(request, timeout: TimeSpan.FromSeconds(20)));
        Assert.Equal(real, ours);
    }

    [Fact]
    public async Task Same_verdict_for_a_compressed_gtube()
    {
        var request = Request("CHECK", RawProtocolTests.Zlib(Gtube), extraHeaders: "Compress: zlib\r\n");
        var real = Text(await daemons.Real.RawExchangeAsync(request, timeout: TimeSpan.FromSeconds(20)));
        var ours = Text(await daemons.Ours.RawExchangeAsync(request, timeout: TimeSpan.FromSeconds(20)));
        Assert.Equal(real, ours);
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Same_bytes_as_spamd(string request)
    {
        var real = Text(await daemons.Real.RawExchangeAsync(Latin1(request), timeout: TimeSpan.FromSeconds(20)));
        var ours = Text(await daemons.Ours.RawExchangeAsync(Latin1(request), timeout: TimeSpan.FromSeconds(20)));
        Assert.Equal(real, ours);
    }

    [Theory]
    [InlineData("CHECK", "1.5")]
    [InlineData("SYMBOLS", "1.2")]
    [InlineData("CHECK", "1.10")]
    [InlineData("CHECK", "1.0")]
    [InlineData("REPORT_IFSPAM", "1.2")]
    public async Task Same_gtube_verdict_as_spamd(string method, string version)
    {
        var request = version == "1.0" ? [.. Latin1($"{method} SPAMC/1.0\r\n"), .. Gtube] : Request(method, Gtube, version);
        var real = Text(await daemons.Real.RawExchangeAsync(request, timeout: TimeSpan.FromSeconds(20)));
        var ours = Text(await daemons.Ours.RawExchangeAsync(request, timeout: TimeSpan.FromSeconds(20)));
        Assert.Equal(Head(real), Head(ours));
    }

    private static string Head(string reply) => reply[..(reply.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)];

    [Fact]
    public async Task Same_spamc_exit_status_and_output_for_tell_without_allow_tell()
    {
        var real = await ProcessRunner.RunAsync(TestPaths.RealSpamc, ["-d", "127.0.0.1", "-p", daemons.Real.Port.ToString(), "-L", "spam"], Gtube);
        var ours = await ProcessRunner.RunAsync(TestPaths.RealSpamc, ["-d", "127.0.0.1", "-p", daemons.Ours.Port.ToString(), "-L", "spam"], Gtube);
        Assert.Equal((real.ExitCode, real.StdoutText), (ours.ExitCode, ours.StdoutText));
    }
}
