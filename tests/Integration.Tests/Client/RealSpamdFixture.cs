using Spamd.Integration.Tests.Infrastructure;

namespace Spamd.Integration.Tests.Client;

/// <summary>
/// SpamAssassin's spamd, started once per test class: TCP on a free loopback port plus a Unix socket, TELL
/// allowed, Bayes data in a world-writable directory (spamd's children run as nobody).
/// </summary>
public sealed class RealSpamdFixture : IAsyncLifetime
{
    private SpamdServer? server;

    public SpamdServer Server => server ?? throw new InvalidOperationException("spamd not started");

    public int Port => Server.Port;

    public string SocketPath => Server.SocketPath!;

    public async Task InitializeAsync()
    {
        server = await SpamdServer.StartRealAsync(
            "--allow-tell", "--socketpath={workdir}/s.sock", "--cf=bayes_path {workdir}/bayes/bayes");
        var bayes = Directory.CreateDirectory(Path.Combine(server.WorkDir, "bayes"));
        FileModes.Set(bayes.FullName, (UnixFileMode)0x1FF);
    }

    public async Task DisposeAsync()
    {
        if (server != null) await server.DisposeAsync();
    }
}
