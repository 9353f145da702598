using System.Text;

namespace Spamd.Client;

/// <summary>Unbuffered byte output to file descriptor 1 (spamc writes messages with write(2), not through stdio).</summary>
internal static class Stdout
{
    private static Stream? stream;

    private static Stream Stream => stream ??= StandardStreams.Output;

    public static void Write(string text) => Write(Encoding.UTF8.GetBytes(text));

    /// <summary>Write errors (a closed pipe) are ignored, as spamc ignores them.</summary>
    public static void Write(ReadOnlySpan<byte> bytes)
    {
        try { Stream.Write(bytes); }
        catch (IOException) { }
    }
}
