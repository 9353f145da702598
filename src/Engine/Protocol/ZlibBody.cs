using System.Buffers.Binary;
using System.IO.Compression;

namespace Spamd.Engine.Protocol;

/// <summary>
/// Inflates a <c>Compress: zlib</c> body (an RFC 1950 stream, as spamc -z sends) with a cap on the
/// inflated size. Anything that is not one complete zlib stream is spamd's
/// "zlib: failed to find end of zlib stream".
/// </summary>
public static class ZlibBody
{
    private const int ChunkSize = 64 * 1024;

    public static ProtocolError? Inflate(ArraySegment<byte> compressed, long maxInflatedSize, PooledBuffer output)
    {
        output.Clear();
        try
        {
            using var source = new MemoryStream(compressed.Array!, compressed.Offset, compressed.Count, writable: false);
            using var zlib = new ZLibStream(source, CompressionMode.Decompress);
            while (true)
            {
                int n = zlib.Read(output.GetSpan(ChunkSize)[..ChunkSize]);
                if (n == 0) break;
                output.Advance(n);
                if (output.Length > maxInflatedSize) return ProtocolError.InflatedTooLarge(maxInflatedSize);
            }
        }
        catch (InvalidDataException)
        {
            return ProtocolError.ZlibNoStreamEnd;
        }

        // ZLibStream reports a truncated stream as a clean end of data, so check for the trailer ourselves:
        // a complete stream ends with the Adler-32 of its contents (zlib has already verified it if present).
        if (compressed.Count < 6) return ProtocolError.ZlibNoStreamEnd;
        uint trailer = BinaryPrimitives.ReadUInt32BigEndian(compressed.AsSpan(compressed.Count - 4));
        return trailer == Adler32(output.WrittenSpan) ? null : ProtocolError.ZlibNoStreamEnd;
    }

    internal static uint Adler32(ReadOnlySpan<byte> data)
    {
        const uint Mod = 65521;
        const int MaxBlock = 5552; // the most bytes before the sums can overflow 32 bits
        uint a = 1, b = 0;
        while (!data.IsEmpty)
        {
            var block = data[..Math.Min(MaxBlock, data.Length)];
            foreach (var x in block)
            {
                a += x;
                b += a;
            }
            a %= Mod;
            b %= Mod;
            data = data[block.Length..];
        }
        return (b << 16) | a;
    }
}
