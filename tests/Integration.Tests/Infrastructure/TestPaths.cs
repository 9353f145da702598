namespace Spamd.Integration.Tests.Infrastructure;

/// <summary>Where the binaries under test and the real SpamAssassin peers live.</summary>
public static class TestPaths
{
    private static readonly string OutputDir = AppContext.BaseDirectory;

    /// <summary>Our spamd apphost, copied next to the tests by the project reference.</summary>
    public static string OurSpamd => Path.Combine(OutputDir, "spamd");

    /// <summary>Our spamc apphost, copied next to the tests by the project reference.</summary>
    public static string OurSpamc => Path.Combine(OutputDir, "spamc");

    public const string RealSpamd = "/usr/sbin/spamd";
    public const string RealSpamc = "/usr/bin/spamc";

    /// <summary>The repository root (holds Spamd.sln).</summary>
    public static string RepoRoot
    {
        get
        {
            var d = new DirectoryInfo(OutputDir);
            while (d != null && !File.Exists(Path.Combine(d.FullName, "Spamd.sln"))) d = d.Parent;
            return d?.FullName ?? throw new InvalidOperationException("Spamd.sln not found above " + OutputDir);
        }
    }

    /// <summary>A fresh temporary directory, removed by the caller when done.</summary>
    public static string NewTempDir(string prefix)
    {
        var dir = Path.Combine(Path.GetTempPath(), prefix + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        return dir;
    }
}
