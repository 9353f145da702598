using Spamd.Engine.Scanning;

namespace Spamd.Integration.Tests.Agreement;

/// <summary>Our scanner as the daemon builds it with its default configuration (the stock ruleset).</summary>
public static class AgreementScanner
{
    public static IScanner Create() => new GtubeScanner();
}
