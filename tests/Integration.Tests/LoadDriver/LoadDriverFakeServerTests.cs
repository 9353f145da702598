using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Spamd.Integration.Tests.Infrastructure;
using Spamd.LoadDriver;

namespace Spamd.Integration.Tests.LoadDriver;

/// <summary>The driver against an in-test server with scripted answers: the happy path and every way to fail.</summary>
public sealed class LoadDriverFakeServerTests : IDisposable
{
    private const string SpamCheckReply = "SPAMD/1.1 0 EX_OK\r\nSpam: True ; 1000.0 / 5.0\r\n\r\n";
    private readonly TestCorpus corpus = new();

    private static LoadSettings Settings(int port, long? count = null) => new()
    {
        Address = ServerAddress.Tcp("127.0.0.1", port),
        Concurrency = 3,
        Count = count,
        RequestTimeout = TimeSpan.FromSeconds(5),
    };

    [Fact]
    public async Task CountsVerdictsAndSendsWhatSpamcSends()
    {
        // The status line and the Spam header arrive in separate segments, as spamd writes them.
        await using var server = FakeSpamd.StartTcp(FakeSpamd.Replies("SPAMD/1.1 0 EX_OK\r\n", "Spam: True ; 1000.0 / 5.0\r\n\r\n"));
        var requests = corpus.Requests(ScanMethod.Check, user: "tester");

        var progress = new LoadProgress();
        var report = await LoadRunner.RunAsync(Settings(server.Port, count: 9) with { User = "tester", Progress = progress, Warmup = 2 }, requests);

        Assert.Equal(9, report.Requests);
        Assert.Equal(9, report.Succeeded);
        Assert.Equal(0, report.Failed);
        Assert.Equal(9, progress.Completed); // the warm-up is not counted
        Assert.Equal(3, report.Verdicts.SpamAsSpam);
        Assert.Equal(6, report.Verdicts.HamAsSpam);
        Assert.Equal(1.0, report.Verdicts.HamFalsePositiveRate);
        Assert.Equal(1.0, report.Verdicts.SpamRecall);
        Assert.True(report.LatencyMs.Max > 0 && report.LatencyMs.P50 <= report.LatencyMs.P99);

        var gtube = Encoding.Latin1.GetBytes(TestCorpus.Gtube);
        var expected = Encoding.Latin1.GetBytes($"CHECK SPAMC/1.5\r\nUser: tester\r\nContent-length: {gtube.Length}\r\n\r\n").Concat(gtube).ToArray();
        Assert.Equal(11, server.Requests.Count);
        Assert.Contains(server.Requests, r => r.AsSpan().SequenceEqual(expected));
    }

    [Fact]
    public async Task ReadsBodiesToContentLength()
    {
        await using var server = FakeSpamd.StartTcp(
            FakeSpamd.Replies("SPAMD/1.1 0 EX_OK\nContent-length: 16\nSpam: False ; 1.5 / 5.0\n\nBAYES_00,", "MISSING_"));
        var report = await LoadRunner.RunAsync(Settings(server.Port, count: 3) with { Method = ScanMethod.Symbols },
            corpus.Requests(ScanMethod.Symbols));

        Assert.Equal(3, report.Succeeded);
        Assert.Equal(2, report.Verdicts.HamAsHam);
        Assert.Equal(1, report.Verdicts.SpamAsHam);
        Assert.All(server.Requests, r => Assert.StartsWith("SYMBOLS SPAMC/1.5\r\nContent-length: ", Encoding.Latin1.GetString(r)));
    }

    [Theory]
    [InlineData("SPAMD/1.0 76 Bad header line: (EOF during headers)\r\n", ScanMethod.Check, "server-76")]
    [InlineData("", ScanMethod.Check, "closed-early")]
    [InlineData("SPAMD/1.1 0 EX_OK\r\nSpam: True ; 1000.0 / 5.0\r\n", ScanMethod.Check, "closed-early")]
    [InlineData("HTTP/1.1 200 OK\r\n\r\n", ScanMethod.Check, "bad-status")]
    [InlineData("SPAMD/1.1 0 EX_OK\r\nContent-length: 0\r\n\r\n", ScanMethod.Check, "no-spam-header")]
    [InlineData("SPAMD/1.1 0 EX_OK\r\nSpam: Maybe ; 1.0 / 5.0\r\n\r\n", ScanMethod.Check, "bad-header")]
    [InlineData("SPAMD/1.1 0 EX_OK\r\nSpam: True ; 9.0 / 5.0\r\n\r\nbody", ScanMethod.Process, "no-content-length")]
    [InlineData("SPAMD/1.1 0 EX_OK\r\nContent-length: 99\r\nSpam: True ; 9.0 / 5.0\r\n\r\nshort", ScanMethod.Process, "closed-early")]
    public async Task CountsBadRepliesAsErrors(string reply, ScanMethod method, string kind)
    {
        await using var server = FakeSpamd.StartTcp(FakeSpamd.Replies(reply));
        var report = await LoadRunner.RunAsync(Settings(server.Port, count: 4) with { Method = method }, corpus.Requests(method));

        Assert.Equal(4, report.Requests);
        Assert.Equal(0, report.Succeeded);
        AssertOnlyErrors(report, kind, 4);
    }

    [Fact]
    public async Task SilentServerTimesOutInsteadOfHanging()
    {
        await using var server = FakeSpamd.StartTcp((_, ct) => Task.Delay(Timeout.Infinite, ct));
        var clock = Stopwatch.StartNew();
        var report = await LoadRunner.RunAsync(
            Settings(server.Port, count: 6) with { RequestTimeout = TimeSpan.FromMilliseconds(300) }, corpus.Requests());

        AssertOnlyErrors(report, "timeout", 6);
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.5, 5); // two rounds of three slots, 300 ms each
    }

    [Fact]
    public async Task RefusedConnectionsAreConnectErrors()
    {
        int port = FreePort.Next(); // nothing listens there
        var report = await LoadRunner.RunAsync(Settings(port, count: 5), corpus.Requests());

        AssertOnlyErrors(report, "connect", 5);
        Assert.Equal(0, report.MessagesPerSecond);
    }

    [Fact]
    public async Task DurationBoundsTheRun()
    {
        await using var server = FakeSpamd.StartTcp(FakeSpamd.Replies(SpamCheckReply));
        var report = await LoadRunner.RunAsync(Settings(server.Port) with { Duration = TimeSpan.FromSeconds(1) }, corpus.Requests());

        // A second, not less: under a loaded test run the first exchanges can take a few hundred ms.
        Assert.InRange(report.ElapsedSeconds, 1, 4);
        Assert.True(report.Succeeded > 3, $"only {report.Succeeded} requests in 1 s");
        Assert.Equal(0, report.Failed);
    }

    [Fact]
    public async Task SpeaksOverUnixSockets()
    {
        var path = Path.Combine(corpus.Root, "spamd.sock");
        await using var server = FakeSpamd.StartUnix(path, FakeSpamd.Replies(SpamCheckReply));
        var settings = new LoadSettings { Address = ServerAddress.Unix(path), Concurrency = 2, RequestTimeout = TimeSpan.FromSeconds(5) };

        var report = await LoadRunner.RunAsync(settings, corpus.Requests());

        Assert.Equal(3, report.Succeeded);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public void JsonReportRoundTrips()
    {
        var report = new LoadReport
        {
            Target = "ours", Method = "CHECK", Requests = 10, Succeeded = 9, Failed = 1, MessagesPerSecond = 123.5,
            LatencyMs = new LatencySummary(1, 2, 3, 4, 5), Errors = new() { ["timeout"] = 1 },
            Verdicts = new VerdictCounts { SpamAsSpam = 4, SpamAsHam = 1, HamAsHam = 4 }, PeakRssBytes = 1 << 20,
        };
        var back = LoadReport.FromJson(report.ToJson());

        Assert.Equal(123.5, back.MessagesPerSecond);
        Assert.Equal(4, back.LatencyMs.P99);
        Assert.Equal(1, back.Errors["timeout"]);
        Assert.Equal(0.8, back.Verdicts.SpamRecall);
        var table = ComparisonTable.Render(back, LoadReport.FromJson(report.ToJson()));
        Assert.Contains("1.00x", table);
    }

    private static void AssertOnlyErrors(LoadReport report, string kind, long count)
    {
        Assert.Equal(count, report.Failed);
        Assert.Equal(KeyValuePair.Create(kind, count), Assert.Single(report.Errors));
    }

    public void Dispose() => corpus.Dispose();
}
