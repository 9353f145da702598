using System.Globalization;
using System.Text;

namespace Spamd.Engine.Protocol;

/// <summary>
/// Perl's string-to-number conversion, which spamd applies to the protocol version:
/// leading whitespace, then the longest numeric prefix; anything else counts as 0.
/// So "1.5" is 1.5, "abc" is 0, "1.5 trailing" is 1.5 and "1.10" is 1.1.
/// </summary>
public static class PerlNumber
{
    public static double Parse(ReadOnlySpan<byte> text)
    {
        int i = 0;
        while (i < text.Length && IsPerlSpace(text[i])) i++;
        int start = i;
        if (i < text.Length && (text[i] == '+' || text[i] == '-')) i++;
        int signEnd = i;

        int intDigits = CountDigits(text, i);
        i += intDigits;
        int fracDigits = 0;
        if (i < text.Length && text[i] == '.')
        {
            fracDigits = CountDigits(text, i + 1);
            if (intDigits > 0 || fracDigits > 0) i += 1 + fracDigits;
        }
        if (intDigits == 0 && fracDigits == 0)
            return ParseSpecial(text[signEnd..], negative: signEnd > start && text[start] == '-');

        if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
        {
            int j = i + 1;
            if (j < text.Length && (text[j] == '+' || text[j] == '-')) j++;
            int expDigits = CountDigits(text, j);
            if (expDigits > 0) i = j + expDigits;
        }
        return double.Parse(Encoding.Latin1.GetString(text[start..i]), NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    // Perl also understands "Inf", "Infinity" and "NaN" in any case.
    private static double ParseSpecial(ReadOnlySpan<byte> text, bool negative)
    {
        if (StartsWithIgnoreCase(text, "inf"u8)) return negative ? double.NegativeInfinity : double.PositiveInfinity;
        if (StartsWithIgnoreCase(text, "nan"u8)) return double.NaN;
        return 0;
    }

    private static bool StartsWithIgnoreCase(ReadOnlySpan<byte> text, ReadOnlySpan<byte> prefix) =>
        text.Length >= prefix.Length && Ascii.EqualsIgnoreCase(text[..prefix.Length], prefix);

    private static int CountDigits(ReadOnlySpan<byte> text, int from)
    {
        int n = 0;
        while (from + n < text.Length && (uint)(text[from + n] - '0') <= 9) n++;
        return n;
    }

    private static bool IsPerlSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\f' or 0x0B;
}
