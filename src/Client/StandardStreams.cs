namespace Spamd.Client;

/// <summary>
/// Unbuffered streams over file descriptors 0, 1 and 2. Console's streams use read(2)/write(2) on the shared file
/// offset, as spamc does; a FileStream would use pread/pwrite at its own position and break `(...; spamc) &gt; file`.
/// </summary>
internal static class StandardStreams
{
    private static Stream? output, error;

    public static Stream OpenInput() => Console.OpenStandardInput();

    public static Stream Output => output ??= Console.OpenStandardOutput();

    public static Stream Error => error ??= Console.OpenStandardError();
}
