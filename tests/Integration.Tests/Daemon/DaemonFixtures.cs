using Spamd.Integration.Tests.Infrastructure;

namespace Spamd.Integration.Tests.Daemon;

/// <summary>One of our daemons for a whole test class, started with extra spamd options.</summary>
public abstract class OurDaemonFixture : IAsyncLifetime
{
    private SpamdServer? server;

    protected abstract string[] ExtraArgs { get; }

    public SpamdServer Server => server ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => server = await SpamdServer.StartOursAsync(ExtraArgs);

    public async Task DisposeAsync()
    {
        if (server != null) await server.DisposeAsync();
    }

    /// <summary>The daemon still answers PING (checked after every hostile request).</summary>
    public async Task AssertStillServesAsync()
    {
        var reply = await Server.RawExchangeAsync("PING SPAMC/1.5\r\n\r\n"u8.ToArray(), timeout: TimeSpan.FromSeconds(10));
        Assert.Equal("SPAMD/1.5 0 PONG\r\n", TestMessages.Text(reply));
        Assert.False(Server.HasExited, Server.Log);
    }
}

/// <summary>The default daemon, plus a Unix socket and a 12 MiB message limit.</summary>
public sealed class DefaultDaemon : OurDaemonFixture
{
    protected override string[] ExtraArgs => ["--socketpath={workdir}/spamd.sock", "--max-message-size", "12M", "-m", "2"];
}

/// <summary>Short timeouts and a small size limit, for the hostile-client tests.</summary>
public sealed class StrictDaemon : OurDaemonFixture
{
    protected override string[] ExtraArgs => ["--timeout-tcp", "1", "--timeout-child", "2", "--max-message-size=100000"];
}

/// <summary>TELL enabled but no Bayes store can be opened, so learning answers "unavailable".</summary>
public sealed class TellDaemon : OurDaemonFixture
{
    // A Bayes path that cannot be created: the daemon runs without a store, so TELL is "unavailable".
    protected override string[] ExtraArgs => ["--allow-tell", "--bayes-path", "/proc/no-such-dir/bayes"];
}

/// <summary>TELL enabled with a Bayes store of its own.</summary>
public sealed class LearningDaemon : OurDaemonFixture
{
    protected override string[] ExtraArgs => ["--allow-tell"];
}
