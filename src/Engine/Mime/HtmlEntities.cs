using System.Collections.Frozen;
using System.Net;
using System.Text;

namespace Spamd.Engine.Mime;

/// <summary>
/// Character references decoded the way Perl's HTML::Parser decodes text: named entities of HTML 4 (case
/// sensitive, also without ';' and as the longest known prefix of a longer name), decimal and hex references
/// with or without ';'. Anything else stays as written.
/// </summary>
public static class HtmlEntities
{
    // The HTML 4 names, the set HTML::Entities knows, taken from .NET's own decoder table.
    private static readonly FrozenDictionary<string, string> Named = BuildTable();
    private const int LongestName = 8;

    private static readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> NamedBySpan =
        Named.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Decodes references in text; <paramref name="inAttribute"/> turns off prefix matching, as HTML::Parser does.</summary>
    public static string Decode(string text, bool inAttribute = false) =>
        text.Contains('&') ? Decode(text.AsSpan(), inAttribute) : text;

    /// <summary>As <see cref="Decode(string, bool)"/> on a slice of the source: one string, made once.</summary>
    public static string Decode(ReadOnlySpan<char> text, bool inAttribute = false)
    {
        if (!text.Contains('&')) return new string(text);
        var sb = new StringBuilder(text.Length);
        DecodeInto(text, sb, inAttribute);
        return sb.ToString();
    }

    /// <summary>As <see cref="Decode(ReadOnlySpan{char}, bool)"/>, appended to <paramref name="sb"/> (a reused one costs nothing).</summary>
    internal static void DecodeInto(ReadOnlySpan<char> text, StringBuilder sb, bool inAttribute)
    {
        int amp = text.IndexOf('&');
        if (amp < 0)
        {
            sb.Append(text);
            return;
        }
        sb.Append(text[..amp]);
        int i = amp;
        while (i < text.Length)
        {
            char c = text[i];
            if (c != '&' || i + 1 >= text.Length)
            {
                // copy the run up to the next '&' at once
                int next = text[(i + 1)..].IndexOf('&');
                int end = next < 0 ? text.Length : i + 1 + next;
                sb.Append(text[i..end]);
                i = end;
                continue;
            }
            if (text[i + 1] == '#') i = DecodeNumeric(text, i, sb);
            else i = DecodeNamed(text, i, sb, inAttribute);
        }
    }

    private static int DecodeNamed(ReadOnlySpan<char> text, int amp, StringBuilder sb, bool inAttribute)
    {
        int start = amp + 1, end = start;
        while (end < text.Length && char.IsAsciiLetterOrDigit(text[end])) end++;
        int full = end - start;
        bool terminated = end < text.Length && text[end] == ';';
        if (full >= 2 && full <= LongestName && NamedBySpan.TryGetValue(text.Slice(start, full), out var value) &&
            (terminated || value.Length == 1 && value[0] <= 0xFF))
        {
            sb.Append(value);
            return terminated ? end + 1 : end;
        }
        // Without ';' only the Latin-1 entities decode, in text also as a prefix of a longer name.
        for (int len = Math.Min(full - 1, LongestName); !inAttribute && len >= 2; len--)
        {
            if (!NamedBySpan.TryGetValue(text.Slice(start, len), out value) || value.Length != 1 || value[0] > 0xFF) continue;
            sb.Append(value);
            return start + len;
        }
        sb.Append('&');
        return amp + 1;
    }

    private static int DecodeNumeric(ReadOnlySpan<char> text, int amp, StringBuilder sb)
    {
        int i = amp + 2;
        bool hex = i < text.Length && text[i] is 'x' or 'X';
        if (hex) i++;
        int digitsStart = i;
        long value = 0;
        while (i < text.Length && (hex ? char.IsAsciiHexDigit(text[i]) : char.IsAsciiDigit(text[i])))
        {
            if (value <= 0x10FFFF) value = value * (hex ? 16 : 10) + HexValue(text[i]);
            i++;
        }
        if (i == digitsStart || value == 0 || value > 0x10FFFF)
        {
            sb.Append('&');
            return amp + 1;
        }
        if (i < text.Length && text[i] == ';') i++;
        if (value is >= 0xD800 and <= 0xDFFF) sb.Append('\uFFFD');
        else if (value < 0x10000) sb.Append((char)value);
        else sb.Append(char.ConvertFromUtf32((int)value));
        return i;
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    private static FrozenDictionary<string, string> BuildTable()
    {
        var names = ("quot amp lt gt apos nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn " +
            "sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring " +
            "AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash " +
            "Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml " +
            "igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn " +
            "yuml OElig oelig Scaron scaron Yuml fnof circ tilde Alpha Beta Gamma Delta Epsilon Zeta Eta Theta Iota Kappa Lambda Mu Nu " +
            "Xi Omicron Pi Rho Sigma Tau Upsilon Phi Chi Psi Omega alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu " +
            "nu xi omicron pi rho sigmaf sigma tau upsilon phi chi psi omega thetasym upsih piv ensp emsp thinsp zwnj zwj lrm rlm " +
            "ndash mdash lsquo rsquo sbquo ldquo rdquo bdquo dagger Dagger bull hellip permil prime Prime lsaquo rsaquo oline frasl " +
            "euro image weierp real trade alefsym larr uarr rarr darr harr crarr lArr uArr rArr dArr hArr forall part exist empty " +
            "nabla isin notin ni prod sum minus lowast radic prop infin ang and or cap cup int there4 sim cong asymp ne equiv le ge " +
            "sub sup nsub sube supe oplus otimes perp sdot lceil rceil lfloor rfloor lang rang loz spades clubs hearts diams").Split(' ');
        var table = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var decoded = WebUtility.HtmlDecode("&" + name + ";");
            if (decoded != "&" + name + ";") table[name] = decoded;
        }
        return table.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
