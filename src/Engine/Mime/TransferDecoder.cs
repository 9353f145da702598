using System.Buffers;

namespace Spamd.Engine.Mime;

/// <summary>
/// Content-Transfer-Encoding decoders as tolerant as SpamAssassin's (Util::qp_decode, Util::base64_decode):
/// broken input decodes to something, never to an error. Output is capped at a byte limit.
/// </summary>
public static class TransferDecoder
{
    private static readonly sbyte[] Base64Values = BuildBase64Table();

    /// <summary>Quoted-printable: trailing blanks dropped, soft breaks joined, <c>=XX</c> decoded, other <c>=</c> kept.</summary>
    public static int DecodeQuotedPrintable(ReadOnlySpan<byte> input, IBufferWriter<byte> output, int maxBytes, out bool truncated)
    {
        truncated = false;
        var dest = output.GetSpan(Math.Min(input.Length, maxBytes) + 1);
        int written = 0, i = 0;
        while (i < input.Length)
        {
            if (written >= maxBytes) { truncated = true; break; }
            byte b = input[i];
            if (b == '=')
            {
                if (i + 1 < input.Length && input[i + 1] == '\n') { i += 2; continue; }
                if (i + 2 < input.Length && input[i + 1] == '\r' && input[i + 2] == '\n') { i += 3; continue; }
                if (i + 2 < input.Length && HexValue(input[i + 1]) is var hi && hi >= 0 && HexValue(input[i + 2]) is var lo && lo >= 0)
                {
                    dest[written++] = (byte)(hi << 4 | lo);
                    i += 3;
                    continue;
                }
                dest[written++] = b;
                i++;
                continue;
            }
            if (b == '\n')
            {
                dest[written++] = b;
                i++;
                continue;
            }
            // A run without '=' or a line feed is copied at once, except the blanks right before a line end
            // ("\n" or "\r\n"), which vanish.
            int stop = input[i..].IndexOfAny((byte)'=', (byte)'\n');
            int end = stop < 0 ? input.Length : i + stop;
            int blanksEnd = end, blanksStart = end;
            if (end < input.Length && input[end] == '\n')
            {
                if (blanksEnd > i && input[blanksEnd - 1] == '\r') blanksEnd--;
                blanksStart = blanksEnd;
                while (blanksStart > i && input[blanksStart - 1] is (byte)' ' or (byte)'\t') blanksStart--;
            }
            if (!Emit(input[i..blanksStart], dest, ref written, maxBytes) || !Emit(input[blanksEnd..end], dest, ref written, maxBytes))
            {
                truncated = true;
                break;
            }
            i = end;
        }
        output.Advance(written);
        return written;
    }

    // Copies as much of bytes as the cap allows; false when it had to cut.
    private static bool Emit(ReadOnlySpan<byte> bytes, Span<byte> dest, ref int written, int maxBytes)
    {
        int n = Math.Min(bytes.Length, maxBytes - written);
        bytes[..n].CopyTo(dest[written..]);
        written += n;
        return n == bytes.Length;
    }

    /// <summary>
    /// Base64 that skips anything outside the alphabet, treats '=' inside the data as zero bits, and decodes a
    /// short final group as far as it goes.
    /// </summary>
    public static int DecodeBase64(ReadOnlySpan<byte> input, IBufferWriter<byte> output, int maxBytes, out bool truncated)
    {
        truncated = false;
        int capacity = Math.Min(input.Length / 4 * 3 + 3, maxBytes + 3);
        var dest = output.GetSpan(capacity);
        int written = 0, quantum = 0, bits = 0;
        int trailingPad = 0;
        var table = Base64Values;
        // Util::base64_decode: clean input (only alphabet and whitespace, whole quanta) reads a '=' inside the
        // data as 'A'; anything else goes through its uudecode path, where a '=' inside the data is 63.
        int fillerValue = IsCleanBase64(input) ? 0 : 63;
        foreach (var b in input)
        {
            int v = table[b];
            if (v < 0) continue;
            if (v == 64)
            {
                trailingPad++;
                v = 0;
            }
            else if (trailingPad > 0)
            {
                // '=' followed by more data was filler, not the end: emit the zero bits it stood for
                for (; trailingPad > 0; trailingPad--)
                {
                    Push(fillerValue, ref quantum, ref bits, dest, ref written);
                    if (written >= maxBytes) break;
                }
                if (written >= maxBytes) { truncated = true; break; }
            }
            if (trailingPad > 0) continue;
            Push(v, ref quantum, ref bits, dest, ref written);
            if (written >= maxBytes) { truncated = true; break; }
        }
        if (bits == 2 || bits == 3)
        {
            // 2 chars give 1 byte, 3 chars give 2 bytes
            if (bits == 2) dest[written++] = (byte)(quantum >> 4);
            else
            {
                dest[written++] = (byte)(quantum >> 10);
                dest[written++] = (byte)(quantum >> 2);
            }
        }
        if (written > maxBytes) { written = maxBytes; truncated = true; }
        output.Advance(written);
        return written;
    }

    private static readonly SearchValues<byte> Base64OrSpace =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/= \t\r\n\f\v"u8);

    private static bool IsCleanBase64(ReadOnlySpan<byte> input)
    {
        if (input.IndexOfAnyExcept(Base64OrSpace) >= 0) return false;
        int count = input.Length - input.Count((byte)' ') - input.Count((byte)'\t') - input.Count((byte)'\r') - input.Count((byte)'\n') -
                    input.Count((byte)'\f') - input.Count((byte)'\v');
        return count % 4 == 0 && count >= 2;
    }

    private static void Push(int v, ref int quantum, ref int bits, Span<byte> dest, ref int written)
    {
        quantum = quantum << 6 | v;
        if (++bits == 4)
        {
            dest[written] = (byte)(quantum >> 16);
            dest[written + 1] = (byte)(quantum >> 8);
            dest[written + 2] = (byte)quantum;
            written += 3;
            quantum = 0;
            bits = 0;
        }
    }

    private static int HexValue(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };

    private static sbyte[] BuildBase64Table()
    {
        var t = new sbyte[256];
        Array.Fill(t, (sbyte)-1);
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.Length; i++) t[alphabet[i]] = (sbyte)i;
        t['='] = 64;
        return t;
    }
}
