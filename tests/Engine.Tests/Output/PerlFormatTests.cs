using Spamd.Engine.Output;

namespace Spamd.Engine.Tests.Output;

/// <summary>Expected values printed by perl 5.36 (the interpreter spamd runs on).</summary>
public class PerlFormatTests
{
    [Theory]
    [InlineData(0.25, " 0.2")]   // an exact tie rounds to even
    [InlineData(0.35, " 0.3")]   // 0.35 is just below the tie in binary
    [InlineData(2.25, " 2.2")]
    [InlineData(-0.001, "-0.0")] // the sign survives rounding to zero
    [InlineData(-0.0, "-0.0")]
    [InlineData(999.998, "1000.0")]
    [InlineData(0.05, " 0.1")]
    [InlineData(1.45, " 1.4")]
    [InlineData(2.675, " 2.7")]
    public void One_decimal_in_four_columns(double value, string expected) =>
        Assert.Equal(expected, PerlFormat.Fixed(value, 1, 4));

    [Theory]
    [InlineData(1000, "1000")]
    [InlineData(-12.5, " -12")]
    [InlineData(10.5, "  10")]
    [InlineData(11.5, "  12")]
    [InlineData(-10.5, " -10")]
    [InlineData(0.5, "   0")]
    [InlineData(1.5, "   2")]
    public void No_decimals_in_four_columns(double value, string expected) =>
        Assert.Equal(expected, PerlFormat.Fixed(value, 0, 4));

    [Theory]
    [InlineData(1000, "1000")]
    [InlineData(1.3, "1.3")]
    [InlineData(-0.001, "-0.001")]
    [InlineData(1.1 - 0.1, "1")]
    [InlineData(5.0 - 0.1, "4.9")]
    [InlineData(1e20, "1e+20")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(1e-5, "1e-05")]
    [InlineData(0.1 + 0.2, "0.3")]
    public void Numbers_print_like_perl(double value, string expected) =>
        Assert.Equal(expected, PerlFormat.Number(value));

    [Fact]
    public void Fixed_matches_round_half_even_on_exact_binary_values_for_many_scores()
    {
        // Every multiple of 1/8 is exact in binary, so x.x25/x.x75 ties must go to the even digit.
        for (int i = -400; i <= 400; i++)
        {
            double v = i / 8.0;
            var text = PerlFormat.Fixed(v, 2);
            decimal exact = (decimal)i / 8m;
            decimal rounded = Math.Round(exact, 2, MidpointRounding.ToEven);
            var expected = (v < 0 || (v == 0 && double.IsNegative(v)) ? "-" : "") + Math.Abs(rounded).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(expected, text);
        }
    }
}
