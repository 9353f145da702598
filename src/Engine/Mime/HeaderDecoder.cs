using System.Text;
using System.Text.RegularExpressions;

namespace Spamd.Engine.Mime;

/// <summary>
/// Header value decoding as SpamAssassin does it (Message::Node::header and _decode_header): unfold, trim,
/// 8-bit text normalised to UTF-8, RFC 2047 encoded words (B and Q, any charset .NET knows) decoded; words that
/// do not parse stay as written.
/// </summary>
public static partial class HeaderDecoder
{
    [GeneratedRegex(@"^(?:Received|(?:Resent-)?(?:Message-ID|Date)|MIME-Version|References|In-Reply-To|List-.*)\z", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex NotEncodedFields();

    [GeneratedRegex(@"(=\?[A-Za-z0-9*_-]+\?[bqBQ]\?[^?]*\?=)\s+(?==\?[A-Za-z0-9*_-]+\?[bqBQ]\?[^?]*\?=)", RegexOptions.CultureInvariant)]
    private static partial Regex SpaceBetweenWords();

    [GeneratedRegex(@"\G(?:=\?([A-Za-z0-9*_-]+)\?([bqBQ])\?([^?]*)\?=|([^=]+|.))", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex WordOrText();

    /// <summary>The decoded form of a raw field value.</summary>
    public static string DecodeFieldValue(string rawValue, string fieldName)
    {
        var unfolded = Unfold(rawValue);
        return Decode(unfolded, fieldName);
    }

    /// <summary>Folds become one space, surrounding whitespace goes.</summary>
    public static string Unfold(string raw)
    {
        var s = raw;
        // most values have no fold, only their final line end, which the trim removes
        if (HasFold(s))
        {
            var sb = new StringBuilder(s.Length);
            for (int i = 0; i < s.Length; i++)
            {
                if (s[i] == '\n' && i + 1 < s.Length && s[i + 1] is ' ' or '\t')
                {
                    sb.Append(' ');
                    i++;
                    while (i + 1 < s.Length && s[i + 1] is ' ' or '\t') i++;
                    continue;
                }
                sb.Append(s[i]);
            }
            s = sb.ToString();
        }
        return TrimPerlSpace(s);
    }

    private static bool HasFold(string s)
    {
        for (int nl = s.IndexOf('\n'); nl >= 0 && nl + 1 < s.Length; nl = s.IndexOf('\n', nl + 1))
            if (s[nl + 1] is ' ' or '\t') return true;
        return false;
    }

    /// <summary>SpamAssassin's <c>_decode_header</c> on an unfolded value.</summary>
    public static string Decode(string value, string fieldName)
    {
        if (value.Length == 0) return value;
        if (value.Contains('\n')) value = value.Replace("\r\n", "").Replace("\n", "");
        if (HasEightBit(value)) value = NormaliseOctets(value);
        if (NotEncodedFields().IsMatch(fieldName) || !value.Contains("=?", StringComparison.Ordinal)) return value;

        value = SpaceBetweenWords().Replace(value, "$1");
        var result = new StringBuilder(value.Length);
        var pending = new List<byte>();
        string pendingCharset = "";
        bool first = true;
        foreach (Match m in WordOrText().Matches(value))
        {
            string charset;
            byte[] bytes;
            if (m.Groups[1].Success)
            {
                charset = m.Groups[1].Value.ToLowerInvariant();
                bytes = DecodeWord(m.Groups[2].Value, m.Groups[3].Value);
            }
            else
            {
                charset = "";
                bytes = Octets.ToBytes(m.Groups[4].Value);
            }
            if (!first && charset != pendingCharset)
            {
                Flush(result, pending, pendingCharset);
                pending.Clear();
            }
            pending.AddRange(bytes);
            pendingCharset = charset;
            first = false;
        }
        Flush(result, pending, pendingCharset);
        return result.ToString();
    }

    private static void Flush(StringBuilder result, List<byte> bytes, string charset)
    {
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes);
        if (charset.Length == 0)
        {
            result.Append(Octets.FromBytes(span));
            return;
        }
        int star = charset.IndexOf('*');
        if (star >= 0) charset = charset[..star];
        result.Append(Octets.FromText(CharsetDecoder.Decode(span, charset, insistOnDeclared: true)));
    }

    private static byte[] DecodeWord(string encoding, string text)
    {
        var writer = new System.Buffers.ArrayBufferWriter<byte>(text.Length + 4);
        var input = Octets.ToBytes(encoding is "Q" or "q" ? text.Replace("_", "=20") : text);
        if (encoding is "Q" or "q") TransferDecoder.DecodeQuotedPrintable(input, writer, int.MaxValue - 8, out _);
        else TransferDecoder.DecodeBase64(input, writer, int.MaxValue - 8, out _);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>8-bit header text as UTF-8 octets: valid UTF-8 stays, anything else is decoded by the fallbacks.</summary>
    public static string NormaliseOctets(string view)
    {
        var bytes = Octets.ToBytes(view);
        return Octets.FromText(CharsetDecoder.Decode(bytes, "UTF-8"));
    }

    internal static bool HasEightBit(string s) => s.AsSpan().ContainsAnyExceptInRange('\0', '\x7F');

    /// <summary>Perl's <c>\s</c> on octets: space, \t, \n, \v, \f, \r.</summary>
    public static bool IsPerlSpace(char c) => c is ' ' or '\t' or '\n' or '\r' or '\f' or '\v';

    public static string TrimPerlSpace(string s)
    {
        int start = 0, end = s.Length;
        while (start < end && IsPerlSpace(s[start])) start++;
        while (end > start && IsPerlSpace(s[end - 1])) end--;
        return start == 0 && end == s.Length ? s : s[start..end];
    }
}
