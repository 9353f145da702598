using System.Buffers;
using System.Text;
using Spamd.Engine.Protocol;
using Spamd.Protocol;
using static Spamd.Engine.Tests.Protocol.ProtocolTestKit;

namespace Spamd.Engine.Tests.Protocol;

public class RequestParserTests
{
    private const string Gtube = "Subject: test\r\n\r\nXJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X\r\n";

    private static string Request(string head, string body = Gtube) => head + body;

    private static string ErrorText(string request, bool isCompleted = true) =>
        ParseRequest(Bytes(request), isCompleted).Error?.ToString() ?? "(no error)";

    [Fact]
    public void Parses_a_spamc_request()
    {
        var parsed = ParseRequest(Bytes(Request($"CHECK SPAMC/1.5\r\nUser: root\r\nContent-length: {Gtube.Length}\r\n\r\n")));
        Assert.Null(parsed.Error);
        Assert.Equal(SpamdMethod.Check, parsed.Line.Method);
        Assert.Equal("root", parsed.Headers!.User);
        Assert.Equal(Gtube.Length, parsed.Headers.ContentLength);
        Assert.Equal(Gtube, Text(parsed.Message));
    }

    [Fact]
    public void Protocol_1_0_reads_no_headers_so_they_become_part_of_the_message()
    {
        var parsed = ParseRequest(Bytes("CHECK SPAMC/1.0\r\nContent-length: 5\r\n\r\n" + Gtube));
        Assert.Null(parsed.Headers);
        Assert.Equal("Content-length: 5\r\n\r\n" + Gtube, Text(parsed.Message));
    }

    [Theory]
    [InlineData("FOO SPAMC/1.5\r\n", "SPAMD/1.0 76 Bad header line: FOO SPAMC/1.5")]
    [InlineData("", "SPAMD/1.0 76 Bad header line: (closed before headers)")]
    [InlineData("CHECK SPAMC/1.5\r\nContent-length: 12a\r\n\r\n", "SPAMD/1.0 76 Bad header line: (Content-Length contains non-numeric bytes)")]
    [InlineData("CHECK SPAMC/1.5\r\nContent-length: 12 \r\n\r\n", "SPAMD/1.0 76 Bad header line: (Content-Length contains non-numeric bytes)")]
    [InlineData("CHECK SPAMC/1.5\r\nNoColonHere\r\n\r\n", "SPAMD/1.0 76 Bad header line: (header not in 'Name: value' format)")]
    [InlineData("CHECK SPAMC/1.5\nUser: root\n\n", "SPAMD/1.0 76 Bad header line: (header not in 'Name: value' format)")]
    [InlineData("CHECK SPAMC/1.5\r\nUser: ro\tot\r\n\r\n", "SPAMD/1.0 76 Bad header line: (User header contains control chars)")]
    [InlineData("CHECK SPAMC/1.5\r\nCompress: gzip\r\n\r\n", "SPAMD/1.0 76 Bad header line: (compression type not supported: gzip)")]
    [InlineData("CHECK SPAMC/1.5\r\nCompress: zlib\r\n\r\n", "SPAMD/1.0 69 Service Unavailable: Compress requires Content-length header")]
    [InlineData("CHECK SPAMC/1.5\r\nUser: root\r\n", "SPAMD/1.0 76 Bad header line: (EOF during headers)")]
    [InlineData("PING SPAMC/1.5\r\n", "SPAMD/1.0 76 Bad header line: (EOF during headers)")]
    public void Gives_spamds_error_texts(string request, string expected) => Assert.Equal(expected, ErrorText(request));

    [Fact]
    public void Echoes_an_unknown_request_line_byte_for_byte()
    {
        var parsed = ParseRequest(Bytes("X\u00e9\u00ff SPAMC\r\n"));
        Assert.Equal("Bad header line: X\u00e9\u00ff SPAMC", parsed.Error!.Text);
    }

    [Fact]
    public void Accepts_255_header_lines_and_refuses_256()
    {
        string Headers(int n) => "CHECK SPAMC/1.5\r\n" + string.Concat(Enumerable.Repeat("X-Foo: bar\r\n", n)) + "\r\n" + Gtube;
        Assert.Null(ParseRequest(Bytes(Headers(255))).Error);
        Assert.Equal("SPAMD/1.0 76 Bad header line: (too many headers)", ErrorText(Headers(256)));
    }

    [Fact]
    public void Header_names_are_case_sensitive_and_unknown_ones_ignored()
    {
        var parsed = ParseRequest(Bytes("CHECK SPAMC/1.5\r\nContent-Length: 3\r\ncontent-length: 4\r\nuser: x\r\nX-Other: y\r\n\r\n" + Gtube));
        Assert.Null(parsed.Headers!.ContentLength);
        Assert.Null(parsed.Headers.User);
        Assert.Equal(Gtube, Text(parsed.Message));
    }

    [Fact]
    public void Bare_lf_header_lines_work_but_the_terminator_must_be_crlf()
    {
        var parsed = ParseRequest(Bytes($"CHECK SPAMC/1.5\nUser: bob\nContent-length: {Gtube.Length}\n\r\n" + Gtube));
        Assert.Null(parsed.Error);
        Assert.Equal("bob", parsed.Headers!.User);
        Assert.Equal(Gtube.Length, parsed.Headers.ContentLength);
    }

    [Fact]
    public void Header_values_follow_spamds_split_rules()
    {
        var headers = new RequestHeaders();
        Assert.Null(headers.Apply(Bytes("Content-length:386\r\n")));
        Assert.Equal(386, headers.ContentLength);
        Assert.Null(headers.Apply(Bytes("Content-length: 0386\r\n"))); // last one wins, digits kept as sent
        Assert.Equal("0386", headers.ContentLengthText);
        Assert.Null(headers.Apply(Bytes("User: J\u00fcrgen: x\r\n")));   // split at the first colon only; 8-bit allowed
        Assert.Equal("J\u00fcrgen: x", headers.User);
        Assert.Null(headers.Apply(Bytes("Compress: ZLIB, please\r\n")));
        Assert.True(headers.CompressZlib);
        Assert.Null(headers.Apply(Bytes("Content-length:\r\n")));
        Assert.Equal(("", 0L), (headers.ContentLengthText, headers.ContentLength));
        Assert.Equal(5, headers.LineCount);
        Assert.False(headers.IsComplete);
        Assert.Null(headers.Apply(Bytes("\r\n")));
        Assert.True(headers.IsComplete);
    }

    [Theory]
    [InlineData("Set: local", true, false, false, false)]
    [InlineData("Set: local,remote", true, true, false, false)]
    [InlineData("Set: LOCAL", true, false, false, false)]
    [InlineData("Remove: remote", false, false, false, true)]
    [InlineData("Remove: local, remote", false, false, true, true)]
    public void Set_and_remove_are_substring_tests(string line, bool setLocal, bool setRemote, bool removeLocal, bool removeRemote)
    {
        var headers = new RequestHeaders();
        Assert.Null(headers.Apply(Bytes(line + "\r\n")));
        Assert.Equal((setLocal, setRemote, removeLocal, removeRemote), (headers.SetLocal, headers.SetRemote, headers.RemoveLocal, headers.RemoveRemote));
    }

    [Fact]
    public void Message_class_is_kept_as_sent()
    {
        var headers = new RequestHeaders();
        headers.Apply(Bytes("Message-class: Spam\r\n"));
        Assert.Equal("Spam", headers.MessageClass); // not "spam": spamd would learn this as ham
    }

    [Fact]
    public void Needs_more_data_until_a_line_is_complete()
    {
        var input = new ReadOnlySequence<byte>(Bytes("CHECK SPAMC/1.5"));
        var status = RequestParser.TryParseRequestLine(input, false, out var consumed, out var examined, out _, out _);
        Assert.Equal(ParseStatus.NeedMoreData, status);
        Assert.Equal(input.Start, consumed);
        Assert.Equal(input.End, examined);
    }

    [Fact]
    public void A_request_line_cut_by_eof_is_still_a_line()
    {
        var input = new ReadOnlySequence<byte>(Bytes("PING SPAMC/1.2"));
        Assert.Equal(ParseStatus.Done, RequestParser.TryParseRequestLine(input, true, out _, out _, out var line, out _));
        Assert.Equal(SpamdMethod.Ping, line.Method);
    }

    [Fact]
    public void Parses_the_same_when_every_byte_is_its_own_segment()
    {
        var request = Bytes("TELL SPAMC/1.5\r\nMessage-class: spam\r\nSet: local\r\nUser: root\r\nContent-length: 10\r\n\r\n");
        var input = ByteByByte(request);
        Assert.Equal(ParseStatus.Done, RequestParser.TryParseRequestLine(input, false, out var consumed, out _, out var line, out _));
        Assert.Equal(SpamdMethod.Tell, line.Method);
        var headers = new RequestHeaders();
        Assert.Equal(ParseStatus.Done, RequestParser.TryParseHeaders(input.Slice(consumed), false, headers, out consumed, out _, out _));
        Assert.Equal(input.End, consumed);
        Assert.Equal(("spam", true, "root", 10L), (headers.MessageClass, headers.SetLocal, headers.User, headers.ContentLength));
    }

    [Fact]
    public void Headers_arriving_in_pieces_resume_where_they_stopped()
    {
        var headers = new RequestHeaders();
        var first = new ReadOnlySequence<byte>(Bytes("User: a\r\nContent-le"));
        Assert.Equal(ParseStatus.NeedMoreData, RequestParser.TryParseHeaders(first, false, headers, out var consumed, out _, out _));
        Assert.Equal(9, first.Slice(0, consumed).Length);
        var second = new ReadOnlySequence<byte>(Bytes("Content-length: 7\r\n\r\n"));
        Assert.Equal(ParseStatus.Done, RequestParser.TryParseHeaders(second, false, headers, out _, out _, out _));
        Assert.Equal(("a", 7L, 2), (headers.User, headers.ContentLength, headers.LineCount));
    }

    [Fact]
    public void Refuses_a_line_longer_than_the_limit_instead_of_buffering_it()
    {
        var huge = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(new string('A', RequestParser.MaxLineLength + 1)));
        Assert.Equal(ParseStatus.Error, RequestParser.TryParseRequestLine(huge, false, out _, out _, out _, out var error));
        Assert.Equal(ProtocolError.LineTooLong, error);
    }
}
