using Spamd.Engine.Protocol;
using Spamd.Engine.Scanning;
using Spamd.Protocol;
using static Spamd.Engine.Tests.Protocol.ProtocolTestKit;

namespace Spamd.Engine.Tests.Protocol;

/// <summary>Every reply layout against the bytes spamd 4.0.1 sends (reference §1.5 and §3.6).</summary>
public class ResponseWriterTests
{
    private static readonly SpamStatus Spam = SpamStatus.From(1000, 5, true);
    private static readonly SpamStatus Ham = SpamStatus.From(1.3, 5, false);
    private const string Symbols = "GTUBE,NO_RECEIVED,NO_RELAYS";
    private const string Body = "Subject: x\n\nbody\n";

    private static string Scan(SpamdMethod method, double version, SpamStatus status, string body) =>
        Render(w => ResponseWriter.WriteScanResponse(w, method, version, status, Bytes(body)));

    [Fact]
    public void Check_spam_is_byte_exact() =>
        Assert.Equal("SPAMD/1.1 0 EX_OK\r\nSpam: True ; 1000.0 / 5.0\r\n\r\n", Scan(SpamdMethod.Check, 1.5, Spam, "ignored"));

    [Theory]
    [InlineData(1.5)]
    [InlineData(1.2)]
    [InlineData(1.0)]
    [InlineData(0)]
    public void Check_is_the_same_for_every_version(double version) =>
        Assert.Equal("SPAMD/1.1 0 EX_OK\r\nSpam: False ; 1.3 / 5.0\r\n\r\n", Scan(SpamdMethod.Check, version, Ham, ""));

    [Fact]
    public void Symbols_at_1_3_and_later_have_content_length_and_no_trailing_crlf() =>
        Assert.Equal($"SPAMD/1.1 0 EX_OK\r\nContent-length: 27\r\nSpam: True ; 1000.0 / 5.0\r\n\r\n{Symbols}",
            Scan(SpamdMethod.Symbols, 1.5, Spam, Symbols));

    [Theory]
    [InlineData(1.2)]
    [InlineData(1.1)]
    [InlineData(1.0)]
    public void Symbols_before_1_3_have_no_content_length_and_end_with_crlf(double version) =>
        Assert.Equal($"SPAMD/1.1 0 EX_OK\r\nSpam: True ; 1000.0 / 5.0\r\n\r\n{Symbols}\r\n", Scan(SpamdMethod.Symbols, version, Spam, Symbols));

    [Fact]
    public void Symbols_without_hits() =>
        Assert.Equal("SPAMD/1.1 0 EX_OK\r\nContent-length: 0\r\nSpam: False ; 0.0 / 5.0\r\n\r\n",
            Scan(SpamdMethod.Symbols, 1.5, SpamStatus.From(0, 5, false), ""));

    [Fact]
    public void Report_has_content_length_of_the_report() =>
        Assert.Equal("SPAMD/1.1 0 EX_OK\r\nContent-length: 7\r\nSpam: False ; 1.3 / 5.0\r\n\r\nreport\n", Scan(SpamdMethod.Report, 1.5, Ham, "report\n"));

    [Fact]
    public void Report_before_1_3_has_no_content_length() =>
        Assert.Equal("SPAMD/1.1 0 EX_OK\r\nSpam: True ; 1000.0 / 5.0\r\n\r\nreport\n", Scan(SpamdMethod.Report, 1.2, Spam, "report\n"));

    [Fact]
    public void Report_ifspam_says_yes_and_sends_the_report_for_spam() =>
        Assert.Equal("SPAMD/1.1 0 EX_OK\r\nContent-length: 7\r\nSpam: Yes ; 1000.0 / 5.0\r\n\r\nreport\n", Scan(SpamdMethod.ReportIfSpam, 1.5, Spam, "report\n"));

    [Fact]
    public void Report_ifspam_says_no_with_an_empty_body_for_ham() =>
        Assert.Equal("SPAMD/1.1 0 EX_OK\r\nContent-length: 0\r\nSpam: No ; 1.3 / 5.0\r\n\r\n", Scan(SpamdMethod.ReportIfSpam, 1.5, Ham, "report\n"));

    [Fact]
    public void Report_ifspam_ham_at_1_2() =>
        Assert.Equal("SPAMD/1.1 0 EX_OK\r\nSpam: No ; 1.3 / 5.0\r\n\r\n", Scan(SpamdMethod.ReportIfSpam, 1.2, Ham, "report\n"));

    [Theory]
    [InlineData(SpamdMethod.Process)]
    [InlineData(SpamdMethod.Headers)]
    public void Process_and_headers_by_version(SpamdMethod method)
    {
        Assert.Equal($"SPAMD/1.1 0 EX_OK\r\nContent-length: {Body.Length}\r\nSpam: True ; 1000.0 / 5.0\r\n\r\n{Body}", Scan(method, 1.5, Spam, Body));
        Assert.Equal($"SPAMD/1.1 0 EX_OK\r\nContent-length: {Body.Length}\r\nSpam: True ; 1000.0 / 5.0\r\n\r\n{Body}", Scan(method, 1.3, Spam, Body));
        Assert.Equal($"SPAMD/1.1 0 EX_OK\r\nContent-length: {Body.Length}\r\n\r\n{Body}", Scan(method, 1.2, Spam, Body));
        Assert.Equal($"SPAMD/1.0 0 EX_OK\r\n{Body}", Scan(method, 1.1, Spam, Body));
        Assert.Equal($"SPAMD/1.0 0 EX_OK\r\n{Body}", Scan(method, 1.0, Spam, Body));
        Assert.Equal($"SPAMD/1.0 0 EX_OK\r\n{Body}", Scan(method, 0, Spam, Body));
    }

    [Fact]
    public void Content_length_counts_bytes_not_characters()
    {
        var body = "Gr\u00fc\u00dfe\n"; // Latin-1 here: one byte per character, as on the wire
        Assert.StartsWith("SPAMD/1.1 0 EX_OK\r\nContent-length: 6\r\n", Scan(SpamdMethod.Process, 1.5, Ham, body));
    }

    [Fact]
    public void Negative_zero_is_kept() =>
        Assert.Equal("SPAMD/1.1 0 EX_OK\r\nSpam: False ; -0.0 / 5.0\r\n\r\n", Scan(SpamdMethod.Check, 1.5, SpamStatus.From(-0.0, 5, false), ""));

    [Fact]
    public void Pong() => Assert.Equal("SPAMD/1.5 0 PONG\r\n", Render(ResponseWriter.WritePong));

    [Theory]
    [InlineData("local", null, "SPAMD/1.1 0 EX_OK\r\nDidSet: local\r\n\r\n\r\n")]
    [InlineData(null, "local", "SPAMD/1.1 0 EX_OK\r\nDidRemove: local\r\n\r\n\r\n")]
    [InlineData(null, null, "SPAMD/1.1 0 EX_OK\r\n\r\n\r\n")]
    [InlineData("local,remote", "remote", "SPAMD/1.1 0 EX_OK\r\nDidSet: local,remote\r\nDidRemove: remote\r\n\r\n\r\n")]
    public void Tell_has_the_extra_empty_line(string? didSet, string? didRemove, string expected) =>
        Assert.Equal(expected, Render(w => ResponseWriter.WriteTell(w, didSet, didRemove)));

    public static TheoryData<ProtocolError, string> Errors => new()
    {
        { ProtocolError.UnknownRequestLine(Bytes("FOO SPAMC/1.5")), "SPAMD/1.0 76 Bad header line: FOO SPAMC/1.5\r\n" },
        { ProtocolError.ClosedBeforeHeaders, "SPAMD/1.0 76 Bad header line: (closed before headers)\r\n" },
        { ProtocolError.LengthMismatch("396", 386), "SPAMD/1.0 76 Bad header line: (Content-Length mismatch: Expected 396 bytes, got 386 bytes)\r\n" },
        { ProtocolError.NonNumericContentLength, "SPAMD/1.0 76 Bad header line: (Content-Length contains non-numeric bytes)\r\n" },
        { ProtocolError.NotNameValue, "SPAMD/1.0 76 Bad header line: (header not in 'Name: value' format)\r\n" },
        { ProtocolError.TooManyHeaders, "SPAMD/1.0 76 Bad header line: (too many headers)\r\n" },
        { ProtocolError.UserControlChars, "SPAMD/1.0 76 Bad header line: (User header contains control chars)\r\n" },
        { ProtocolError.CompressionNotSupported("gzip"), "SPAMD/1.0 76 Bad header line: (compression type not supported: gzip)\r\n" },
        { ProtocolError.CompressNeedsLength, "SPAMD/1.0 69 Service Unavailable: Compress requires Content-length header\r\n" },
        { ProtocolError.ZlibNoStreamEnd, "SPAMD/1.0 69 Service Unavailable: zlib: failed to find end of zlib stream\n\r\n" },
        { ProtocolError.RequestLineTimeout(3), "SPAMD/1.0 79 Timeout: (3 second socket timeout reading input from client)\r\n" },
        { ProtocolError.RequestTimeout(6, "CHECK"), "SPAMD/1.0 79 Timeout: (6 second timeout while trying to CHECK)\r\n" },
        { ProtocolError.TellNotEnabled, "SPAMD/1.0 69 Service Unavailable: TELL commands are not enabled, set the --allow-tell switch.\r\n" },
        { ProtocolError.SetAndRemoveLocal, "SPAMD/1.0 76 Bad header line: Unable to set local and remove local in the same operation.\r\n" },
        { ProtocolError.SetAndRemoveRemote, "SPAMD/1.0 76 Bad header line: Unable to set remote and remove remote in the same operation.\r\n" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Errors_are_byte_exact(ProtocolError error, string expected) =>
        Assert.Equal(expected, Render(w => ResponseWriter.WriteError(w, error)));

    [Fact]
    public void Symbols_are_sorted_ordinally_and_comma_joined()
    {
        RuleHit Hit(string name) => new(name, 1, "", RuleArea.None);
        Assert.Equal("GTUBE,NO_RECEIVED,NO_RELAYS,a_lower",
            Render(w => ResponseWriter.WriteSymbols(w, [Hit("NO_RELAYS"), Hit("a_lower"), Hit("GTUBE"), Hit("NO_RECEIVED")])));
    }
}
