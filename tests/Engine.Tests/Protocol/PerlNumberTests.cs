using Spamd.Engine.Protocol;
using static Spamd.Engine.Tests.Protocol.ProtocolTestKit;

namespace Spamd.Engine.Tests.Protocol;

public class PerlNumberTests
{
    [Theory]
    [InlineData("1.5", 1.5)]
    [InlineData("abc", 0)]
    [InlineData("1.10", 1.1)]
    [InlineData("1.5 trailing", 1.5)]
    [InlineData("2.0", 2)]
    [InlineData("1.0", 1)]
    [InlineData("", 0)]
    [InlineData(" 1.3", 1.3)]
    [InlineData("1.2.3", 1.2)]
    [InlineData(".5", 0.5)]
    [InlineData("1.", 1)]
    [InlineData("-1.5", -1.5)]
    [InlineData("1e1", 10)]
    [InlineData("1e", 1)]
    [InlineData("1.5\r", 1.5)]
    [InlineData("0x10", 0)]
    [InlineData("+", 0)]
    public void Parses_the_numeric_prefix_as_perl(string text, double expected) =>
        Assert.Equal(expected, PerlNumber.Parse(Bytes(text)));

    [Fact]
    public void Understands_inf_and_nan() =>
        Assert.True(double.IsPositiveInfinity(PerlNumber.Parse(Bytes("Inf"))) && double.IsNaN(PerlNumber.Parse(Bytes("nan"))));
}
