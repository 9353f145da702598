using System.Buffers.Binary;
using System.Numerics;

namespace Spamd.Engine.Bayes;

/// <summary>
/// SHA-1 for the short inputs Bayes hashes (tokens): a managed implementation avoids the per-call cost of the
/// platform crypto library, which dominates for inputs of a few bytes. Not for security use.
/// </summary>
internal static class Sha1
{
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

    private static void Block(ReadOnlySpan<byte> block, Span<uint> w, ref uint h0, ref uint h1, ref uint h2, ref uint h3, ref uint h4)
    {
        for (int i = 0; i < 16; i++) w[i] = BinaryPrimitives.ReadUInt32BigEndian(block[(i * 4)..]);
        for (int i = 16; i < 80; i++) w[i] = BitOperations.RotateLeft(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);

        uint a = h0, b = h1, c = h2, d = h3, e = h4;
        for (int i = 0; i < 80; i++)
        {
            uint f, k;
            if (i < 20) { f = (b & c) | (~b & d); k = 0x5A827999; }
            else if (i < 40) { f = b ^ c ^ d; k = 0x6ED9EBA1; }
            else if (i < 60) { f = (b & c) | (b & d) | (c & d); k = 0x8F1BBCDC; }
            else { f = b ^ c ^ d; k = 0xCA62C1D6; }
            uint temp = BitOperations.RotateLeft(a, 5) + f + e + k + w[i];
            e = d; d = c; c = BitOperations.RotateLeft(b, 30); b = a; a = temp;
        }
        h0 += a; h1 += b; h2 += c; h3 += d; h4 += e;
    }
}
