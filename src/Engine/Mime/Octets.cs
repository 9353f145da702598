using System.Buffers;
using System.Text;

namespace Spamd.Engine.Mime;

/// <summary>
/// The one-char-per-byte (Latin-1) view SpamAssassin's rules see: octets as a string, and text turned into the
/// UTF-8 octets SpamAssassin matches after <c>utf8::encode</c>.
/// </summary>
public static class Octets
{
    /// <summary>Each byte becomes the char of the same value.</summary>
    public static string FromBytes(ReadOnlySpan<byte> bytes) => bytes.IsEmpty ? string.Empty : Encoding.Latin1.GetString(bytes);

    /// <summary>Text as the Latin-1 view of its UTF-8 encoding; ASCII text comes back unchanged.</summary>
    public static string FromText(string text)
    {
        if (Ascii.IsValid(text)) return text;
        var utf8 = Encoding.UTF8.GetBytes(text);
        return Encoding.Latin1.GetString(utf8);
    }

    /// <summary>The bytes behind a Latin-1 view (chars above 0xFF, which a view never holds, become '?').</summary>
    public static byte[] ToBytes(string view) => Encoding.Latin1.GetBytes(view);

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
