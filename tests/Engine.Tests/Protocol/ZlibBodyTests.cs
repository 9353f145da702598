using System.IO.Compression;
using Spamd.Engine.Protocol;
using static Spamd.Engine.Tests.Protocol.ProtocolTestKit;

namespace Spamd.Engine.Tests.Protocol;

public class ZlibBodyTests
{
    private static readonly byte[] Message = Bytes(string.Concat(Enumerable.Repeat("Subject: test\nhello world\n", 200)));

    private static ProtocolError? Inflate(byte[] compressed, out string inflated, long max = 1 << 20)
    {
        using var output = new PooledBuffer();
        var error = ZlibBody.Inflate(compressed, max, output);
        inflated = Text(output.WrittenSpan);
        return error;
    }

    [Fact]
    public void Inflates_a_complete_stream()
    {
        Assert.Null(Inflate(BodyReaderTests.Zlib(Message), out var inflated));
        Assert.Equal(Text(Message), inflated);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(30)]
    public void A_truncated_stream_has_no_end(int cut)
    {
        var compressed = BodyReaderTests.Zlib(Message);
        Assert.Same(ProtocolError.ZlibNoStreamEnd, Inflate(compressed[..^cut], out _));
    }

    [Fact]
    public void Gzip_and_raw_deflate_are_not_zlib()
    {
        var gzip = new MemoryStream();
        using (var z = new GZipStream(gzip, CompressionLevel.Fastest, true)) z.Write(Message);
        var raw = new MemoryStream();
        using (var z = new DeflateStream(raw, CompressionLevel.Fastest, true)) z.Write(Message);
        Assert.Same(ProtocolError.ZlibNoStreamEnd, Inflate(gzip.ToArray(), out _));
        Assert.Same(ProtocolError.ZlibNoStreamEnd, Inflate(raw.ToArray(), out _));
        Assert.Same(ProtocolError.ZlibNoStreamEnd, Inflate([], out _));
    }

    [Fact]
    public void The_no_end_error_keeps_spamds_newline_before_crlf() =>
        Assert.Equal("SPAMD/1.0 69 Service Unavailable: zlib: failed to find end of zlib stream\n\r\n",
            Render(w => ResponseWriter.WriteError(w, ProtocolError.ZlibNoStreamEnd)));

    [Fact]
    public void A_bomb_stops_at_the_cap()
    {
        var bomb = BodyReaderTests.Zlib(new byte[16 * 1024 * 1024]); // ~16 KiB that inflate to 16 MiB
        Assert.True(bomb.Length < 1024 * 1024, $"bomb is {bomb.Length} bytes");
        var error = Inflate(bomb, out var inflated, max: 1024 * 1024);
        Assert.Equal(ProtocolError.InflatedTooLarge(1024 * 1024), error);
        Assert.True(inflated.Length <= 1024 * 1024 + 64 * 1024, $"inflated {inflated.Length} bytes");
    }

    [Fact]
    public void Adler32_matches_the_reference_value() =>
        Assert.Equal(0x11E60398u, ZlibBody.Adler32(Bytes("Wikipedia")));
}
