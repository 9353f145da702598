using System.Buffers;
using System.Text;

namespace Spamd.Engine.Output;

/// <summary>
/// Octet strings: one char per byte (a Latin-1 view), the way SpamAssassin handles text while it builds its
/// output. Lengths (wrapping, the 200-char preview) count bytes, and writing one back is a plain narrowing.
/// </summary>
internal static class Octets
{
    /// <summary>Configuration text (templates, descriptions, host names) as the UTF-8 octets Perl would hold.</summary>
    public static string FromText(string text)
    {
        foreach (char c in text)
            if (c > 0x7F) return Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(text));
        return text;
    }

    public static string FromBytes(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);

    /// <summary>Writes an octet string: every char is one byte.</summary>
    public static void Write(string octets, IBufferWriter<byte> output)
    {
        if (octets.Length == 0) return;
        var span = output.GetSpan(octets.Length);
        for (int i = 0; i < octets.Length; i++) span[i] = (byte)octets[i];
        output.Advance(octets.Length);
    }

    /// <summary>Perl's <c>\s</c> on octet strings: ASCII white space only.</summary>
    public static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\r' or '\f' or '\v';
}
