using System.Globalization;
using System.Numerics;

namespace Spamd.Engine.Output;

/// <summary>
/// Number formatting as Perl (C printf) does it, so scores print with exactly SpamAssassin's digits.
/// </summary>
public static class PerlFormat
{
    /// <summary>
    /// <c>sprintf("%W.Df", value)</c>: rounds the exact binary value, ties to even (glibc), keeps the sign of
    /// negative values that round to zero ("-0.0"), pads with spaces on the left to <paramref name="width"/>.
    /// </summary>
    public static string Fixed(double value, int decimals, int width = 0)
    {
        if (double.IsNaN(value)) return Pad("NaN", width);
        if (double.IsInfinity(value)) return Pad(value > 0 ? "Inf" : "-Inf", width);

        bool negative = double.IsNegative(value);
        long bits = BitConverter.DoubleToInt64Bits(Math.Abs(value));
        int exponent = (int)((bits >> 52) & 0x7FF);
        long fraction = bits & 0xFFFFFFFFFFFFFL;
        BigInteger mantissa = exponent == 0 ? fraction : fraction | (1L << 52);
        int shift = (exponent == 0 ? 1 : exponent) - 1075; // value = mantissa * 2^shift

        BigInteger scaled = mantissa * BigInteger.Pow(10, decimals);
        BigInteger units;
        if (shift >= 0)
        {
            units = scaled << shift;
        }
        else
        {
            var denominator = BigInteger.One << -shift;
            units = BigInteger.DivRem(scaled, denominator, out var remainder);
            int half = (remainder * 2).CompareTo(denominator);
            if (half > 0 || (half == 0 && !units.IsEven)) units += 1;
        }

        var digits = units.ToString(CultureInfo.InvariantCulture);
        if (decimals > 0)
        {
            if (digits.Length <= decimals) digits = new string('0', decimals - digits.Length + 1) + digits;
            digits = digits[..^decimals] + "." + digits[^decimals..];
        }
        return Pad(negative ? "-" + digits : digits, width);
    }

    /// <summary>How Perl prints a number in string context (<c>%.15g</c>): 1000, 1.3, -0.001, 1e+20.</summary>
    public static string Number(double value)
    {
        if (value == 0) return "0";
        var text = value.ToString("G15", CultureInfo.InvariantCulture);
        int e = text.IndexOf('E');
        if (e < 0) return text;
        // C writes at least two exponent digits in lower case: 1e+20, 1e-05.
        var mantissa = text[..e];
        var sign = text[e + 1];
        var expDigits = text[(e + 2)..].TrimStart('0').PadLeft(2, '0');
        return mantissa + "e" + sign + expDigits;
    }

    private static string Pad(string text, int width) => text.Length >= width ? text : text.PadLeft(width);
}
