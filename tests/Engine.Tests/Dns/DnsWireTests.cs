using FsCheck;
using FsCheck.Fluent;
using Spamd.Engine.Dns;

namespace Spamd.Engine.Tests.Dns;

public class DnsWireTests
{
    [Fact]
    public void A_query_is_written_as_RFC_1035_bytes()
    {
        var bytes = DnsWire.BuildQuery(0x1234, "2.0.0.127.zen.example", DnsRecordType.A);
        byte[] expected =
        [
            0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0,
            1, (byte)'2', 1, (byte)'0', 1, (byte)'0', 3, (byte)'1', (byte)'2', (byte)'7',
            3, (byte)'z', (byte)'e', (byte)'n', 7, (byte)'e', (byte)'x', (byte)'a', (byte)'m', (byte)'p', (byte)'l', (byte)'e', 0,
            0, 1, 0, 1,
        ];
        Assert.Equal(expected, bytes);
        var parsed = DnsWire.Parse(bytes);
        Assert.False(parsed.IsResponse);
        Assert.Equal("2.0.0.127.zen.example", parsed.QuestionName);
        Assert.Equal(DnsRecordType.A, parsed.QuestionType);
    }

    [Fact]
    public void Responses_round_trip_with_every_record_type_the_tests_read()
    {
        var response = new DnsMessage
        {
            Id = 7, IsResponse = true, ResponseCode = DnsResponseCode.NoError, QuestionName = "x.example", QuestionType = DnsRecordType.TXT,
            Answers =
            [
                new DnsRecord("x.example", DnsRecordType.A, 60, "127.0.0.2"),
                new DnsRecord("x.example", DnsRecordType.TXT, 60, new string('t', 300) + " spamcop"),
                new DnsRecord("x.example", DnsRecordType.NS, 60, "ns1.example.net"),
                new DnsRecord("x.example", DnsRecordType.MX, 60, "mx.example.net"),
                new DnsRecord("x.example", DnsRecordType.AAAA, 60, "2001:db8::1"),
            ],
        };
        var parsed = DnsWire.Parse(DnsWire.Build(response));
        Assert.True(parsed.IsResponse);
        Assert.Equal(7, parsed.Id);
        Assert.Equal(response.Answers, parsed.Answers);
    }

    [Fact]
    public void Compressed_names_are_followed()
    {
        // Answer names point at the question (offset 12); the NS data ends in a pointer to "example" inside it.
        byte[] packet =
        [
            0xAB, 0xCD, 0x81, 0x80, 0, 1, 0, 2, 0, 0, 0, 0,
            1, (byte)'x', 7, (byte)'e', (byte)'x', (byte)'a', (byte)'m', (byte)'p', (byte)'l', (byte)'e', 0, 0, 2, 0, 1,
            0xC0, 12, 0, 2, 0, 1, 0, 0, 0, 60, 0, 6, 3, (byte)'n', (byte)'s', (byte)'1', 0xC0, 14,
            0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 127, 0, 0, 2,
        ];
        var parsed = DnsWire.Parse(packet);
        Assert.Equal(DnsResponseCode.NoError, parsed.ResponseCode);
        Assert.Equal(
            [new DnsRecord("x.example", DnsRecordType.NS, 60, "ns1.example"), new DnsRecord("x.example", DnsRecordType.A, 60, "127.0.0.2")],
            parsed.Answers);
    }

    [Theory]
    [InlineData(new byte[] { 0, 1, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 12, 0, 1, 0, 1 })] // pointer to itself
    [InlineData(new byte[] { 0, 1, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 20, 0, 1, 0, 1, 1, (byte)'a', 0 })] // forward pointer
    [InlineData(new byte[] { 0, 1, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0, 5, (byte)'a' })] // label past the end
    [InlineData(new byte[] { 0, 1, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 9, 1 })] // rdata past the end
    [InlineData(new byte[] { 0, 1, 0x81, 0x80, 0, 0, 0, 0, 0, 0, 0, 0 })] // no question
    [InlineData(new byte[] { 0, 1, 0x81 })] // shorter than a header
    public void Malformed_packets_are_format_errors(byte[] packet)
    {
        Assert.Throws<DnsFormatException>(() => DnsWire.Parse(packet));
    }

    [Theory]
    [InlineData("a..example")]
    [InlineData("bad name.example")]
    [InlineData("ex\u00e4mple.test")]
    public void Names_DNS_cannot_carry_are_refused(string name)
    {
        Assert.Throws<ArgumentException>(() => DnsWire.BuildQuery(1, name, DnsRecordType.A));
        Assert.Throws<ArgumentException>(() => DnsWire.BuildQuery(1, new string('a', 64) + ".example", DnsRecordType.A));
    }

    /// <summary>Whatever bytes arrive, parsing either succeeds or says the packet is malformed: never another exception.</summary>
    [Fact]
    public void Arbitrary_bytes_never_crash_the_parser()
    {
        var valid = DnsWire.Build(new DnsMessage
        {
            Id = 1, IsResponse = true, QuestionName = "a.b.example", QuestionType = DnsRecordType.A,
            Answers = [new DnsRecord("a.b.example", DnsRecordType.NS, 1, "ns.b.example"), new DnsRecord("a.b.example", DnsRecordType.TXT, 1, "hi")],
        });
        // Mutations of a valid packet reach deep into the parser; pure noise covers the header checks.
        var mutated = Gen.Choose(0, valid.Length - 1).Two().Select(p => { var copy = (byte[])valid.Clone(); copy[p.Item1] = (byte)(p.Item2 * 37); return copy; });
        var noise = Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b));
        Prop.ForAll(Gen.OneOf(mutated, noise).ToArbitrary(), packet =>
        {
            try { DnsWire.Parse(packet); }
            catch (DnsFormatException) { }
            return true;
        }).Check(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(2000));
    }
}
