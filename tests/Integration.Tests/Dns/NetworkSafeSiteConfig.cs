namespace Spamd.Integration.Tests.Dns;

/// <summary>
/// A copy of the machine's SpamAssassin site configuration (/etc/spamassassin) without the plugins that talk
/// to the network on their own instead of through <c>dns_server</c>: DMARC (Mail::DMARC reads
/// /etc/resolv.conf itself), Razor2, Pyzor and DCC. Both daemons of a network test read it.
/// </summary>
internal static class NetworkSafeSiteConfig
{
    private static readonly string[] OwnNetworkPlugins = ["::DMARC", "::Razor2", "::Pyzor", "::DCC"];

    public static string Create(string directory, string source = "/etc/spamassassin")
    {
        Directory.CreateDirectory(directory);
        foreach (var file in Directory.EnumerateFiles(source).Where(f => f.EndsWith(".pre") || f.EndsWith(".cf")))
        {
            var lines = File.ReadAllLines(file).Select(line =>
                line.TrimStart().StartsWith("loadplugin", StringComparison.Ordinal) && OwnNetworkPlugins.Any(p => line.TrimEnd().EndsWith(p, StringComparison.Ordinal))
                    ? "# (network test) " + line
                    : line);
            File.WriteAllLines(Path.Combine(directory, Path.GetFileName(file)), lines);
        }
        return directory;
    }
}
