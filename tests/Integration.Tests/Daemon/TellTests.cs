using static Spamd.Integration.Tests.Daemon.TestMessages;

namespace Spamd.Integration.Tests.Daemon;

/// <summary>TELL on a daemon started with --allow-tell but without a Bayes store.</summary>
public class TellTests(TellDaemon daemon) : IClassFixture<TellDaemon>
{
    private async Task<string> TellAsync(string headers) =>
        Text(await daemon.Server.RawExchangeAsync([.. Latin1($"TELL SPAMC/1.5\r\n{headers}User: tester\r\nContent-length: {Gtube.Length}\r\n\r\n"), .. Gtube]));

    [Fact]
    public async Task Learning_without_a_store_is_unavailable() =>
        Assert.Equal("SPAMD/1.0 69 Service Unavailable: learning unavailable: no Bayes store is configured\r\n",
            await TellAsync("Message-class: spam\r\nSet: local\r\n"));

    [Fact]
    public async Task Set_and_remove_local_together_is_a_protocol_error() =>
        Assert.Equal("SPAMD/1.0 76 Bad header line: Unable to set local and remove local in the same operation.\r\n",
            await TellAsync("Message-class: spam\r\nSet: local\r\nRemove: local\r\n"));

    [Fact]
    public async Task Set_and_remove_remote_together_is_a_protocol_error() =>
        Assert.Equal("SPAMD/1.0 76 Bad header line: Unable to set remote and remove remote in the same operation.\r\n",
            await TellAsync("Set: remote\r\nRemove: remote\r\n"));

    [Fact]
    public async Task Remote_only_does_nothing_and_says_so_with_the_extra_empty_line() =>
        Assert.Equal("SPAMD/1.1 0 EX_OK\r\n\r\n\r\n", await TellAsync("Message-class: spam\r\nSet: remote\r\n"));

    [Fact]
    public async Task Tell_header_errors_come_first() =>
        Assert.Equal("SPAMD/1.0 76 Bad header line: (Content-Length contains non-numeric bytes)\r\n",
            Text(await daemon.Server.RawExchangeAsync(Latin1("TELL SPAMC/1.0\r\nContent-length: x\r\n\r\n"))));
}
