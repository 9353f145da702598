using Spamd.Integration.Tests.Infrastructure;

namespace Spamd.Integration.Tests.Client;

/// <summary>The spamd the mail-system examples talk to: SpamAssassin's or ours.</summary>
public abstract class ExampleSpamdFixture(bool ours) : IAsyncLifetime
{
    public sealed class SpamAssassin() : ExampleSpamdFixture(ours: false);

    public sealed class Ours() : ExampleSpamdFixture(ours: true);

    private SpamdServer? server;

    public SpamdServer Server => server ?? throw new InvalidOperationException("spamd not started");

    public async Task InitializeAsync()
    {
        server = ours ? await SpamdServer.StartOursAsync() : await SpamdServer.StartRealAsync();
    }

    public async Task DisposeAsync()
    {
        if (server != null) await server.DisposeAsync();
    }
}
