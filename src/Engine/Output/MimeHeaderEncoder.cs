using System.Text;

namespace Spamd.Engine.Output;

/// <summary>
/// SpamAssassin's <c>mime_encode_header</c>: each line of a header value that holds anything but printable
/// ASCII gets its non-ASCII middle turned into one RFC 2047 encoded word (Q or B, whichever is shorter), keeping
/// the plain words before and after it as they are.
/// </summary>
internal static class MimeHeaderEncoder
{
    public static string Encode(string value)
    {
        if (IsPrintableAscii(value)) return value;

        var sb = new StringBuilder(value.Length * 2);
        int start = 0;
        while (start < value.Length)
        {
            int nl = value.IndexOf('\n', start);
            int end = nl < 0 ? value.Length : nl + 1;
            EncodeLine(value[start..end], sb);
            start = end;
        }
        return sb.ToString();
    }

    private static void EncodeLine(string line, StringBuilder sb)
    {
        // The line break, and a trailing run of plain text that starts at a blank (or the line start), stay as is.
        int contentEnd = line.Length;
        if (line.EndsWith("\r\n", StringComparison.Ordinal)) contentEnd -= 2;
        else if (line.EndsWith('\n')) contentEnd -= 1;
        int plainFrom = contentEnd;
        while (plainFrom > 0 && IsPlain(line[plainFrom - 1])) plainFrom--;
        // The suffix must begin at the line start or at a blank; the leftmost such blank wins.
        int suffixStart = -1;
        if (plainFrom == 0) suffixStart = 0;
        else
            for (int i = plainFrom; i < contentEnd; i++)
                if (line[i] is ' ' or '\t') { suffixStart = i; break; }
        if (suffixStart < 0) suffixStart = contentEnd;
        string suffix = line[suffixStart..];
        string rest = line[..suffixStart];

        // A leading run of plain text up to its last blank (or all of it, if the rest is plain) stays as is too.
        int plainTo = 0;
        while (plainTo < rest.Length && IsPlain(rest[plainTo])) plainTo++;
        int prefixEnd = 0;
        if (plainTo == rest.Length) prefixEnd = rest.Length;
        else
            for (int i = plainTo - 1; i >= 0; i--)
                if (rest[i] is ' ' or '\t') { prefixEnd = i + 1; break; }
        string prefix = rest[..prefixEnd];
        string middle = rest[prefixEnd..];

        sb.Append(prefix);
        if (middle.Length == 0)
        {
            sb.Append(suffix);
            return;
        }

        int specials = 0;
        foreach (char c in middle)
            if (c is '=' or '?' or '_' or < (char)0x20 or >= (char)0x7F) specials++;
        if (middle.Length + specials * 2 <= 4.0 * (middle.Length + 2) / 3)
        {
            sb.Append("=?UTF-8?Q?");
            foreach (char c in middle)
            {
                if (c == ' ') sb.Append('_');
                else if (c is '=' or '?' or '_' or < (char)0x20 or >= (char)0x7F) sb.Append('=').Append(((int)c).ToString("X2"));
                else sb.Append(c);
            }
        }
        else
        {
            sb.Append("=?UTF-8?B?").Append(Convert.ToBase64String(Encoding.Latin1.GetBytes(middle)));
        }
        sb.Append("?=").Append(suffix);
    }

    private static bool IsPlain(char c) => c == '\t' || (c >= ' ' && c <= '~');

    private static bool IsPrintableAscii(string s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (IsPlain(c) || c == '\n' || (c == '\r' && i + 1 < s.Length && s[i + 1] == '\n')) continue;
            return false;
        }
        return true;
    }
}
