using System.Text;

namespace Spamd.Protocol;

/// <summary>
/// The number handling of spamc 4.0.1: its own locale-independent string-to-float parser (single precision) and
/// C's <c>printf("%.1f")</c>, which rounds the exact binary value half-to-even (9.25 prints as 9.2).
/// </summary>
public static class SpamcNumbers
{
    /// <summary>libspamc's <c>_locale_safe_string_to_float</c>: integer part, then fraction digits, in float.</summary>
    public static float ParseFloat(ReadOnlySpan<byte> text)
    {
        // The C code truncates its 20-byte buffer to 19 characters before parsing.
        if (text.Length > 19) text = text[..19];
        bool negative = text.Length > 0 && text[0] == '-';
        long whole = StrToLong(text, out int end);
        float result = whole;
        if (end >= text.Length || text[end] != '.') return result;

        var fraction = text[(end + 1)..];
        float afterDot = StrToLong(fraction, out _);
        if (afterDot >= -0.00001f && afterDot <= 0.00001f) return result;
        int divider = 1;
        for (int i = 0; i < fraction.Length; i++) divider = unchecked(divider * 10);
        return negative ? result - afterDot / divider : result + afterDot / divider;
    }

    /// <summary>C <c>strtol(s, &amp;end, 10)</c>: end is 0 when no digits were found.</summary>
    private static long StrToLong(ReadOnlySpan<byte> s, out int end)
    {
        int p = 0;
        while (p < s.Length && CScanf.IsSpace(s[p])) p++;
        bool negative = false;
        if (p < s.Length && (s[p] == '+' || s[p] == '-')) negative = s[p++] == '-';
        int firstDigit = p;
        long value = 0;
        bool overflow = false;
        while (p < s.Length && s[p] >= '0' && s[p] <= '9')
        {
            int d = s[p++] - '0';
            if (value > (long.MaxValue - d) / 10) overflow = true;
            else value = value * 10 + d;
        }
        if (p == firstDigit) { end = 0; return 0; }
        end = p;
        if (overflow) return negative ? long.MinValue : long.MaxValue;
        return negative ? -value : value;
    }

    /// <summary>libspamc clamps scores to ±1e10 before printing them.</summary>
    public static float Clamp(float value) => value > 1e10f ? 1e10f : value < -1e10f ? -1e10f : value;

    /// <summary>C <c>printf("%.1f", (double)value)</c> for a float.</summary>
    public static string FormatOneDecimal(float value)
    {
        int bits = BitConverter.SingleToInt32Bits(value);
        bool negative = bits < 0;
        int exponentBits = (bits >> 23) & 0xFF;
        int mantissaBits = bits & 0x7FFFFF;
        if (exponentBits == 0xFF) return mantissaBits != 0 ? (negative ? "-nan" : "nan") : (negative ? "-inf" : "inf");

        long mantissa = exponentBits == 0 ? mantissaBits : mantissaBits | 0x800000;
        int exponent = exponentBits == 0 ? -149 : exponentBits - 150;
        // tenths = round-half-even(mantissa * 10 * 2^exponent), computed exactly in integers.
        long scaled = mantissa * 10;
        long tenths;
        if (exponent >= 0) tenths = scaled << exponent;
        else if (-exponent >= 62) tenths = 0; // below 2^-34: far less than half a tenth
        else
        {
            int shift = -exponent;
            tenths = scaled >> shift;
            long remainder = scaled - (tenths << shift);
            long half = 1L << (shift - 1);
            if (remainder > half || (remainder == half && (tenths & 1) == 1)) tenths++;
        }
        var sb = new StringBuilder(16);
        if (negative) sb.Append('-');
        sb.Append(tenths / 10).Append('.').Append((char)('0' + tenths % 10));
        return sb.ToString();
    }
}
