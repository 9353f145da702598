namespace Spamd.Integration.Tests.Client;

/// <summary>Unix permissions for test files (the tests run on Linux only: spamd, maildrop and procmail are Unix tools).</summary>
public static class FileModes
{
    public static void Set(string path, UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("the client tests need Linux");
        File.SetUnixFileMode(path, mode);
    }

    /// <summary>Makes a tree readable by everyone (0755 directories, 0644 files): spamd's children read as nobody.</summary>
    public static void MakeReadable(string root)
    {
        const UnixFileMode dir = (UnixFileMode)0b111_101_101, file = (UnixFileMode)0b110_100_100;
        foreach (var d in Directory.GetDirectories(root, "*", SearchOption.AllDirectories).Append(root)) Set(d, dir);
        foreach (var f in Directory.GetFiles(root, "*", SearchOption.AllDirectories)) Set(f, file);
    }
}
