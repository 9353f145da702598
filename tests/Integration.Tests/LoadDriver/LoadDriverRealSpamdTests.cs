using System.Text.Json;
using Spamd.Integration.Tests.Infrastructure;
using Spamd.LoadDriver;

namespace Spamd.Integration.Tests.LoadDriver;

/// <summary>One SpamAssassin spamd shared by the tests of this class (it takes seconds to start).</summary>
public sealed class RealSpamdFixture : IAsyncLifetime
{
    public SpamdServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await SpamdServer.StartRealAsync("-m", "2");

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>The driver against SpamAssassin's own spamd: it must speak the protocol well enough to get no errors.</summary>
public sealed class LoadDriverRealSpamdTests : IClassFixture<RealSpamdFixture>, IDisposable
{
    private readonly RealSpamdFixture fixture;
    private readonly TestCorpus corpus = new();

    public LoadDriverRealSpamdTests(RealSpamdFixture fixture) => this.fixture = fixture;

    [Theory]
    [InlineData(ScanMethod.Check)]
    [InlineData(ScanMethod.Symbols)]
    [InlineData(ScanMethod.Process)]
    public async Task ScansTheCorpusWithoutErrors(ScanMethod method)
    {
        var settings = new LoadSettings
        {
            Address = ServerAddress.Tcp("127.0.0.1", fixture.Server.Port),
            Method = method,
            User = "nobody",
            Concurrency = 2,
            Count = 6,
            RequestTimeout = TimeSpan.FromSeconds(30),
            WatchPid = fixture.Server.ProcessId,
        };

        var report = await LoadRunner.RunAsync(settings, corpus.Requests(method, "nobody"));

        Assert.True(report.Failed == 0, report.ToTable() + fixture.Server.Log);
        Assert.Equal(6, report.Succeeded);
        Assert.Equal(2, report.Verdicts.SpamAsSpam); // GTUBE, sent twice
        Assert.Equal(4, report.Verdicts.HamAsHam);
        Assert.True(report.PeakRssProcesses >= 2, $"spamd's children not seen: {report.PeakRssProcesses}");
        Assert.True(report.PeakRssBytes > 20_000_000, $"implausible RSS {report.PeakRssBytes}");
    }

    [Fact]
    public async Task CommandLineWritesTableAndJson()
    {
        var json = Path.Combine(corpus.Root, "report.json");
        var spamload = Path.Combine(AppContext.BaseDirectory, "spamload");

        var outcome = await ProcessRunner.RunAsync(spamload,
            ["--port", fixture.Server.Port.ToString(), "--concurrency", "2", "--name", "spamd 4.0.1", "--json", json, corpus.Root],
            timeout: TimeSpan.FromSeconds(60));

        Assert.True(outcome.ExitCode == 0, outcome.StdoutText + outcome.Stderr);
        Assert.Contains("spamd 4.0.1: CHECK to 127.0.0.1:", outcome.StdoutText);
        Assert.Contains("1 of 1 caught", outcome.StdoutText);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal(3, doc.RootElement.GetProperty("succeeded").GetInt32());
        Assert.Equal(0.0, doc.RootElement.GetProperty("verdicts").GetProperty("hamFalsePositiveRate").GetDouble());
    }

    public void Dispose() => corpus.Dispose();
}
