using System.Text;

namespace Spamd.Engine.Mime;

/// <summary>
/// Standard parameter parsing for Content-Type and Content-Disposition (RFC 2045 quoted strings, RFC 2231
/// continuations and <c>charset'lang'%XX</c> values). Used for the parts list's file names, where the
/// standard reading is wanted rather than SpamAssassin's regex.
/// </summary>
public static class MimeParameters
{
    /// <summary>The value of parameter <paramref name="name"/>, or null.</summary>
    public static string? Get(string? headerValue, string name)
    {
        if (string.IsNullOrEmpty(headerValue)) return null;
        string? plain = null;
        var pieces = new SortedDictionary<int, (string Value, bool Encoded)>();
        bool extendedSingle = false;
        string? extendedValue = null;
        int i = headerValue.IndexOf(';');
        while (i >= 0 && i < headerValue.Length)
        {
            i++;
            while (i < headerValue.Length && char.IsWhiteSpace(headerValue[i])) i++;
            int eq = headerValue.IndexOf('=', i);
            if (eq < 0) break;
            var key = headerValue[i..eq].Trim();
            i = eq + 1;
            while (i < headerValue.Length && char.IsWhiteSpace(headerValue[i])) i++;
            string value;
            if (i < headerValue.Length && headerValue[i] == '"')
            {
                var sb = new StringBuilder();
                i++;
                while (i < headerValue.Length && headerValue[i] != '"')
                {
                    if (headerValue[i] == '\\' && i + 1 < headerValue.Length) i++;
                    sb.Append(headerValue[i++]);
                }
                value = sb.ToString();
                int next = headerValue.IndexOf(';', i);
                i = next < 0 ? headerValue.Length : next;
            }
            else
            {
                int next = headerValue.IndexOf(';', i);
                int stop = next < 0 ? headerValue.Length : next;
                value = headerValue[i..stop].Trim();
                i = stop;
            }
            if (i >= headerValue.Length) i = -1;

            if (key.Equals(name, StringComparison.OrdinalIgnoreCase)) plain ??= value;
            else if (key.Equals(name + "*", StringComparison.OrdinalIgnoreCase)) { extendedSingle = true; extendedValue = value; }
            else if (key.StartsWith(name + "*", StringComparison.OrdinalIgnoreCase))
            {
                var rest = key[(name.Length + 1)..];
                bool encoded = rest.EndsWith('*');
                if (encoded) rest = rest[..^1];
                if (int.TryParse(rest, out var n) && n is >= 0 and < 1000) pieces.TryAdd(n, (value, encoded));
            }
        }
        if (extendedSingle && extendedValue != null) return DecodeExtended(extendedValue, null, out _);
        if (pieces.Count > 0)
        {
            string? charset = null;
            var bytes = new List<byte>();
            foreach (var (n, piece) in pieces)
            {
                if (piece.Encoded)
                {
                    if (n == 0) DecodeExtended(piece.Value, bytes, out charset);
                    else PercentDecode(piece.Value, bytes);
                }
                else bytes.AddRange(Encoding.Latin1.GetBytes(piece.Value));
            }
            return charset != null ? CharsetDecoder.Decode(bytes.ToArray(), charset, insistOnDeclared: true) : Encoding.Latin1.GetString(bytes.ToArray());
        }
        return plain;
    }

    private static string DecodeExtended(string value, List<byte>? into, out string? charset)
    {
        charset = null;
        var parts = value.Split('\'', 3);
        string data = value;
        if (parts.Length == 3)
        {
            charset = parts[0].Length > 0 ? parts[0] : null;
            data = parts[2];
        }
        var bytes = into ?? new List<byte>();
        PercentDecode(data, bytes);
        if (into != null) return "";
        var arr = bytes.ToArray();
        return charset != null ? CharsetDecoder.Decode(arr, charset, insistOnDeclared: true) : Encoding.Latin1.GetString(arr);
    }

    private static void PercentDecode(string s, List<byte> into)
    {
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == '%' && i + 2 < s.Length && Uri.IsHexDigit(s[i + 1]) && Uri.IsHexDigit(s[i + 2]))
            {
                into.Add((byte)Convert.ToInt32(s.Substring(i + 1, 2), 16));
                i += 2;
            }
            else into.Add((byte)s[i]);
        }
    }
}
