using Spamd.Daemon.Options;
using Spamd.Daemon.Scanning;
using Spamd.Engine.Scanning;

namespace Spamd.Integration.Tests.Agreement;

/// <summary>Our scanner as the daemon builds it by default (stock ruleset, local tests only, no Bayes).</summary>
public static class AgreementScanner
{
    public static IScanner Create() =>
        ScannerLoader.Load(OptionParser.Parse(["-L"]), bayes: null);
}
