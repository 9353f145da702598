using System.Runtime.InteropServices;

namespace Spamd.Daemon.Lifecycle;

/// <summary>The few POSIX calls .NET has no API for.</summary>
internal static partial class Native
{
    [LibraryImport("libc", SetLastError = true)] internal static partial uint geteuid();
    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)] internal static partial int chown(string path, int owner, int group);
    [LibraryImport("libc", SetLastError = true)] internal static partial int setuid(uint uid);
    [LibraryImport("libc", SetLastError = true)] internal static partial int setgid(uint gid);
    [LibraryImport("libc", SetLastError = true)] internal static partial int setgroups(nint size, uint[] list);

    internal static string LastError() => Marshal.GetLastPInvokeErrorMessage();
}
