using System.IO.Compression;
using Spamd.Engine.Protocol;
using static Spamd.Engine.Tests.Protocol.ProtocolTestKit;

namespace Spamd.Engine.Tests.Protocol;

public class BodyReaderTests
{
    private const string Body = "Subject: hi\n\nline one\nline two\n";

    private static ParsedResult Check(string head, string body, bool isCompleted = true, long max = 1 << 20)
    {
        var parsed = ParseRequest(Bytes("CHECK SPAMC/1.5\r\n" + head + "\r\n" + body), isCompleted, max);
        return new ParsedResult(parsed.Message == null ? null : Text(parsed.Message), parsed.Error?.ToString());
    }

    private sealed record ParsedResult(string? Message, string? Error);

    [Fact]
    public void Without_content_length_reads_to_eof() =>
        Assert.Equal(new ParsedResult(Body, null), Check("", Body));

    [Fact]
    public void Exact_length_with_half_close() =>
        Assert.Equal(new ParsedResult(Body, null), Check($"Content-length: {Body.Length}\r\n", Body));

    [Fact]
    public void Exact_length_ending_with_lf_needs_no_half_close_and_ignores_what_follows() =>
        Assert.Equal(new ParsedResult(Body, null), Check($"Content-length: {Body.Length}\r\n", Body + "\r\nextra", isCompleted: false));

    [Fact]
    public void Exact_length_ending_mid_line_with_nothing_more_waiting_is_complete() =>
        Assert.Equal(new ParsedResult("abc", null), Check("Content-length: 3\r\n", "abc", isCompleted: false));

    [Fact]
    public void Shorter_length_on_a_line_boundary_truncates_the_message() =>
        Assert.Equal(new ParsedResult("Subject: hi\n\n", null), Check("Content-length: 13\r\n", Body));

    [Fact]
    public void Shorter_length_mid_line_consumes_the_line_and_mismatches() =>
        Assert.Equal(new ParsedResult(null, "SPAMD/1.0 76 Bad header line: (Content-Length mismatch: Expected 15 bytes, got 22 bytes)"),
            Check("Content-length: 15\r\n", Body));

    [Fact]
    public void Longer_length_then_eof_mismatches() =>
        Assert.Equal(new ParsedResult(null, $"SPAMD/1.0 76 Bad header line: (Content-Length mismatch: Expected {Body.Length + 10} bytes, got {Body.Length} bytes)"),
            Check($"Content-length: {Body.Length + 10}\r\n", Body));

    [Fact]
    public void Empty_length_reads_one_line_and_mismatches_with_an_empty_number() =>
        Assert.Equal(new ParsedResult(null, "SPAMD/1.0 76 Bad header line: (Content-Length mismatch: Expected  bytes, got 12 bytes)"),
            Check("Content-length: \r\n", Body));

    [Fact]
    public void Zero_length_and_empty_body_is_an_empty_message() =>
        Assert.Equal(new ParsedResult("", null), Check("Content-length: 0\r\n", ""));

    [Fact]
    public void Waits_for_the_rest_of_a_short_body()
    {
        using var reader = new BodyReader(HeadersWithLength(100), 1 << 20);
        var status = reader.TryRead(Sequence(Bytes("partial\n")), false, out _, out _, out var error);
        Assert.Equal((ParseStatus.NeedMoreData, (ProtocolError?)null), (status, error));
        Assert.Equal(8, reader.Received.Length);
    }

    [Fact]
    public void Refuses_a_declared_length_above_the_limit_before_reading() =>
        Assert.Equal(new ParsedResult(null, "SPAMD/1.0 69 Service Unavailable: message exceeds the maximum message size of 10 bytes"),
            Check("Content-length: 11\r\n", "x", max: 10));

    [Fact]
    public void Refuses_an_undeclared_body_above_the_limit() =>
        Assert.Equal("SPAMD/1.0 69 Service Unavailable: message exceeds the maximum message size of 10 bytes",
            Check("", new string('x', 11), max: 10).Error);

    [Fact]
    public void Keeps_nul_and_8bit_bytes()
    {
        var body = "a\0b\u00ff\r\n";
        Assert.Equal(new ParsedResult(body, null), Check($"Content-length: {body.Length}\r\n", body));
    }

    [Fact]
    public void Inflates_a_zlib_body()
    {
        var compressed = Zlib(Bytes(Body));
        var parsed = ParseRequest([.. Bytes($"CHECK SPAMC/1.5\r\nCompress: zlib\r\nContent-length: {compressed.Length}\r\n\r\n"), .. compressed]);
        Assert.Null(parsed.Error);
        Assert.Equal(Body, Text(parsed.Message));
    }

    [Fact]
    public void A_zlib_body_may_declare_its_uncompressed_length_when_the_client_half_closes()
    {
        var body = string.Concat(Enumerable.Repeat(Body, 20));
        var compressed = Zlib(Bytes(body));
        Assert.True(compressed.Length < body.Length);
        var parsed = ParseRequest([.. Bytes($"CHECK SPAMC/1.5\r\nCompress: zlib\r\nContent-length: {body.Length}\r\n\r\n"), .. compressed]);
        Assert.Equal(body, Text(parsed.Message));
    }

    [Fact]
    public void A_zlib_body_that_inflates_beyond_the_limit_is_refused()
    {
        var compressed = Zlib(new byte[100_000]);
        var parsed = ParseRequest([.. Bytes($"CHECK SPAMC/1.5\r\nCompress: zlib\r\nContent-length: {compressed.Length}\r\n\r\n"), .. compressed], maxMessageSize: 50_000);
        Assert.Equal("SPAMD/1.0 69 Service Unavailable: zlib: inflated message exceeds the maximum message size of 50000 bytes", parsed.Error?.ToString());
    }

    internal static byte[] Zlib(byte[] data)
    {
        var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.SmallestSize, leaveOpen: true)) zlib.Write(data);
        return output.ToArray();
    }

    private static RequestHeaders HeadersWithLength(int length)
    {
        var headers = new RequestHeaders();
        headers.Apply(Bytes($"Content-length: {length}\r\n"));
        return headers;
    }
}
