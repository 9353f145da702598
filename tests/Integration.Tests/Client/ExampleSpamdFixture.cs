using Spamd.Integration.Tests.Infrastructure;

namespace Spamd.Integration.Tests.Client;

/// <summary>
/// The spamd the mail-system examples talk to: SpamAssassin's by default, ours when the environment variable
/// SPAMD_EXAMPLES_TARGET is "ours".
/// </summary>
public sealed class ExampleSpamdFixture : IAsyncLifetime
{
    private SpamdServer? server;

    public SpamdServer Server => server ?? throw new InvalidOperationException("spamd not started");

    public async Task InitializeAsync()
    {
        bool ours = string.Equals(Environment.GetEnvironmentVariable("SPAMD_EXAMPLES_TARGET"), "ours", StringComparison.OrdinalIgnoreCase);
        server = ours ? await SpamdServer.StartOursAsync() : await SpamdServer.StartRealAsync();
    }

    public async Task DisposeAsync()
    {
        if (server != null) await server.DisposeAsync();
    }
}
