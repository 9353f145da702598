using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Spamd.Engine.Bayes;

/// <summary>
/// SHA-1 for the short inputs Bayes hashes (tokens): a managed implementation avoids the per-call cost of the
/// platform crypto library, which dominates for inputs of a few bytes. Not for security use.
/// </summary>
[SkipLocalsInit]
internal static class Sha1
{
    /// <summary>The longest input that fits one block with its padding.</summary>
    public const int MaxSingleBlockLength = 55;

    /// <summary>Writes the 20-byte digest of <paramref name="data"/> to <paramref name="digest"/>.</summary>
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> digest)
    {
        uint h0 = 0x67452301, h1 = 0xEFCDAB89, h2 = 0x98BADCFE, h3 = 0x10325476, h4 = 0xC3D2E1F0;
        Span<uint> w = stackalloc uint[80];
        Span<byte> tail = stackalloc byte[128];

        int full = data.Length / 64;
        for (int b = 0; b < full; b++) Block(data.Slice(b * 64, 64), w, ref h0, ref h1, ref h2, ref h3, ref h4);

        // Padding: 0x80, zeros, then the bit length; one or two final blocks.
        int rest = data.Length - full * 64;
        tail.Clear();
        data[(full * 64)..].CopyTo(tail);
        tail[rest] = 0x80;
        int tailLength = rest < 56 ? 64 : 128;
        BinaryPrimitives.WriteUInt64BigEndian(tail[(tailLength - 8)..], (ulong)data.Length * 8);
        for (int offset = 0; offset < tailLength; offset += 64)
            Block(tail.Slice(offset, 64), w, ref h0, ref h1, ref h2, ref h3, ref h4);

        BinaryPrimitives.WriteUInt32BigEndian(digest, h0);
        BinaryPrimitives.WriteUInt32BigEndian(digest[4..], h1);
        BinaryPrimitives.WriteUInt32BigEndian(digest[8..], h2);
        BinaryPrimitives.WriteUInt32BigEndian(digest[12..], h3);
        BinaryPrimitives.WriteUInt32BigEndian(digest[16..], h4);
    }

    /// <summary>
    /// The last five digest bytes (as a big-endian number) of at most <see cref="MaxSingleBlockLength"/> octets
    /// given one per char (all ≤ 0xFF): the block is filled straight from the chars, with no byte copy.
    /// </summary>
    public static long LastFiveBytesOfShort(ReadOnlySpan<char> octets)
    {
        Span<uint> w = stackalloc uint[80];
        w[..16].Clear();
        for (int i = 0; i < octets.Length; i++) w[i >> 2] |= (uint)(byte)octets[i] << (24 - 8 * (i & 3));
        w[octets.Length >> 2] |= 0x80u << (24 - 8 * (octets.Length & 3));
        w[15] = (uint)octets.Length * 8;
        uint h0 = 0x67452301, h1 = 0xEFCDAB89, h2 = 0x98BADCFE, h3 = 0x10325476, h4 = 0xC3D2E1F0;
        Rounds(w, ref h0, ref h1, ref h2, ref h3, ref h4);
        // Digest bytes 15..19: the low byte of h3, then h4.
        return ((long)(h3 & 0xFF) << 32) | h4;
    }

    private static void Block(ReadOnlySpan<byte> block, Span<uint> w, ref uint h0, ref uint h1, ref uint h2, ref uint h3, ref uint h4)
    {
        for (int i = 0; i < 16; i++) w[i] = BinaryPrimitives.ReadUInt32BigEndian(block[(i * 4)..]);
        Rounds(w, ref h0, ref h1, ref h2, ref h3, ref h4);
    }

    /// <summary>The 80 rounds over a block whose 16 words are in <paramref name="w"/>; four loops, one per round function.</summary>
    private static void Rounds(Span<uint> w, ref uint h0, ref uint h1, ref uint h2, ref uint h3, ref uint h4)
    {
        w = w[..80];
        for (int i = 16; i < 80; i++) w[i] = BitOperations.RotateLeft(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);

        uint a = h0, b = h1, c = h2, d = h3, e = h4, temp;
        for (int i = 0; i < 20; i++)
        {
            temp = BitOperations.RotateLeft(a, 5) + ((b & c) | (~b & d)) + e + 0x5A827999 + w[i];
            e = d; d = c; c = BitOperations.RotateLeft(b, 30); b = a; a = temp;
        }
        for (int i = 20; i < 40; i++)
        {
            temp = BitOperations.RotateLeft(a, 5) + (b ^ c ^ d) + e + 0x6ED9EBA1 + w[i];
            e = d; d = c; c = BitOperations.RotateLeft(b, 30); b = a; a = temp;
        }
        for (int i = 40; i < 60; i++)
        {
            temp = BitOperations.RotateLeft(a, 5) + ((b & c) | (b & d) | (c & d)) + e + 0x8F1BBCDC + w[i];
            e = d; d = c; c = BitOperations.RotateLeft(b, 30); b = a; a = temp;
        }
        for (int i = 60; i < 80; i++)
        {
            temp = BitOperations.RotateLeft(a, 5) + (b ^ c ^ d) + e + 0xCA62C1D6 + w[i];
            e = d; d = c; c = BitOperations.RotateLeft(b, 30); b = a; a = temp;
        }
        h0 += a; h1 += b; h2 += c; h3 += d; h4 += e;
    }
}
