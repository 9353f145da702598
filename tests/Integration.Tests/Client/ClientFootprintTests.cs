using System.Text.Json;
using Spamd.Integration.Tests.Infrastructure;

namespace Spamd.Integration.Tests.Client;

/// <summary>spamc runs once per message: its start-up path must not drag in the engine or the web host.</summary>
public sealed class ClientFootprintTests
{
    [Fact]
    public void Spamc_depends_on_no_engine_or_hosting_assembly()
    {
        var depsPath = Path.Combine(AppContext.BaseDirectory, "spamc.deps.json");
        using var deps = JsonDocument.Parse(File.ReadAllText(depsPath));
        var libraries = deps.RootElement.GetProperty("libraries").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains(libraries, l => l.StartsWith("spamc/", StringComparison.Ordinal));
        Assert.DoesNotContain(libraries, l => l.StartsWith("Spamd.Engine", StringComparison.Ordinal));
        Assert.DoesNotContain(libraries, l => l.StartsWith("Microsoft.Data.Sqlite", StringComparison.Ordinal));

        var runtimeConfig = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "spamc.runtimeconfig.json"));
        Assert.DoesNotContain("Microsoft.AspNetCore.App", runtimeConfig);
        Assert.Contains("\"System.Globalization.Invariant\": true", runtimeConfig);
    }
}
