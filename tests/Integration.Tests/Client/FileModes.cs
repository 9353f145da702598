namespace Spamd.Integration.Tests.Client;

/// <summary>Unix permissions for test files (the tests run on Linux only: spamd, maildrop and procmail are Unix tools).</summary>
public static class FileModes
{
    public static void Set(string path, UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("the client tests need Linux");
        File.SetUnixFileMode(path, mode);
    }
}
