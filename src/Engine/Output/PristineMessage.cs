using Spamd.Engine.Mime;
using System.Text;

namespace Spamd.Engine.Output;

/// <summary>
/// The message split the way SpamAssassin's <c>Mail::SpamAssassin::Message</c> splits it before rewriting: an
/// optional mbox "From " line, the pristine header lines (with the separator line if there is one), and the body
/// bytes untouched. Header lines are octet strings; the body stays a span into the caller's buffer.
/// </summary>
internal readonly ref struct PristineMessage
{
    private const int MaxInvalidHeaderLines = 3;

    /// <summary>The mbox "From " line with its line break, or null.</summary>
    public string? MboxSeparator { get; }

    /// <summary>"\r\n" when the first or last line ends in CRLF, else "\n".</summary>
    public string LineEnding { get; }

    /// <summary>Header lines as SpamAssassin keeps them (CRLF messages get missing CRs added).</summary>
    public List<string> HeaderLines { get; }

    /// <summary>Parsed header fields (name with trailing blanks removed, raw value) for lookups.</summary>
    public List<(string Name, string Value)> Fields { get; }

    /// <summary>Everything after the header section.</summary>
    public ReadOnlySpan<byte> Body { get; }

    public PristineMessage(ReadOnlySpan<byte> message)
    {
        HeaderLines = [];
        Fields = [];
        MboxSeparator = null;

        int pos = 0;
        if (message.IsEmpty) message = "\n"u8; // SpamAssassin treats an empty message as one empty line
        var first = LineAt(message, 0);
        if (IsMboxSeparator(first))
        {
            MboxSeparator = Octets.FromBytes(first);
            pos = first.Length;
        }

        bool crlf = pos < message.Length
                    && (LineAt(message, pos).IndexOf("\r\n"u8) >= 0 || LastLine(message).IndexOf("\r\n"u8) >= 0);
        LineEnding = crlf ? "\r\n" : "\n";

        string? field = null;
        int invalid = 0;
        while (true)
        {
            bool eof = pos >= message.Length;
            string current;
            int lineLength = 0;
            if (eof)
            {
                current = LineEnding;
            }
            else
            {
                var line = LineAt(message, pos);
                lineLength = line.Length;
                current = Octets.FromBytes(line);
                if (crlf) current = AddMissingCarriageReturns(current);
            }

            if (current.Length > 0 && current[0] is ' ' or '\t')
            {
                field = (field ?? "") + current;
                HeaderLines.Add(current);
                pos += lineLength;
                continue;
            }

            if (field != null) AddField(field);
            field = null;

            if (current == LineEnding)
            {
                if (!eof) { HeaderLines.Add(current); pos += lineLength; }
                break;
            }
            if (current.StartsWith("--", StringComparison.Ordinal)) break; // a MIME boundary: the body starts here
            if (!LooksLikeFieldName(current) && ++invalid > MaxInvalidHeaderLines) break;

            field = current;
            HeaderLines.Add(current);
            pos += lineLength;
        }
        Body = message[Math.Min(pos, message.Length)..];
    }

    /// <summary>
    /// <c>get_pristine_header</c>: the raw values (after "Name:" and its blanks, continuation lines and line
    /// break included) of every field called <paramref name="name"/>, falling back to the parsed value + "\n".
    /// </summary>
    public List<string> PristineValues(string name)
    {
        var values = new List<string>();
        for (int i = 0; i < HeaderLines.Count; i++)
        {
            var line = HeaderLines[i];
            if (!line.StartsWith(name, StringComparison.OrdinalIgnoreCase)) continue;
            int p = name.Length;
            while (p < line.Length && line[p] is ' ' or '\t') p++;
            if (p >= line.Length || line[p] != ':') continue;
            p++;
            while (p < line.Length && line[p] is ' ' or '\t') p++;

            var value = new StringBuilder(line, p, line.Length - p, line.Length);
            int j = i + 1;
            while (j < HeaderLines.Count && HeaderLines[j].Length > 0 && HeaderLines[j][0] is ' ' or '\t')
                value.Append(HeaderLines[j++]);
            // The field must end in a line break not followed by a continuation, as the regex demands.
            if (value.Length > 0 && value[^1] == '\n') values.Add(value.ToString());
            i = j - 1;
        }
        if (values.Count == 0)
            foreach (var (fieldName, fieldValue) in Fields)
                if (fieldName.Equals(name, StringComparison.OrdinalIgnoreCase))
                    values.Add(Unfold(fieldValue) + "\n");
        return values;
    }

    /// <summary>The last pristine value of <paramref name="name"/> (scalar <c>get_pristine_header</c>), or null.</summary>
    public string? PristineValue(string name)
    {
        var values = PristineValues(name);
        return values.Count == 0 ? null : values[^1];
    }

    /// <summary>Whether the message has a parsed field called <paramref name="name"/>; its last value (unfolded).</summary>
    public string? LastFieldValue(string name)
    {
        for (int i = Fields.Count - 1; i >= 0; i--)
            if (Fields[i].Name.Equals(name, StringComparison.OrdinalIgnoreCase)) return Unfold(Fields[i].Value);
        return null;
    }

    private void AddField(string field)
    {
        int colon = field.IndexOf(':');
        if (colon < 0) return; // not "name: value": SpamAssassin skips it
        Fields.Add((field[..colon].TrimEnd(' ', '\t'), field[(colon + 1)..]));
    }

    private static string Unfold(string value)
    {
        var s = value.Replace("\r\n", "\n");
        var sb = new StringBuilder(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == '\n')
            {
                while (i + 1 < s.Length && s[i + 1] is ' ' or '\t') i++;
                if (i + 1 < s.Length) sb.Append(' ');
                continue;
            }
            sb.Append(s[i]);
        }
        return sb.ToString().Trim(' ', '\t', '\n', '\r', '\f', '\v');
    }

    private static bool LooksLikeFieldName(string line)
    {
        int i = 0;
        while (i < line.Length && line[i] >= '!' && line[i] <= '~' && line[i] != ':') i++;
        if (i == 0) return false;
        while (i < line.Length && line[i] is ' ' or '\t') i++;
        return i < line.Length && line[i] == ':';
    }

    /// <summary>"From" + white space not followed by ':' (so an obsolete "From :" header is not taken for it).</summary>
    private static bool IsMboxSeparator(ReadOnlySpan<byte> line)
    {
        if (!line.StartsWith("From"u8)) return false;
        int spaces = 0;
        while (4 + spaces < line.Length && IsSpace(line[4 + spaces])) spaces++;
        if (spaces == 0) return false;
        return spaces >= 2 || 4 + spaces >= line.Length || line[4 + spaces] != (byte)':';
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\f' or (byte)'\v';

    private static ReadOnlySpan<byte> LineAt(ReadOnlySpan<byte> message, int start)
    {
        int nl = message[start..].IndexOf((byte)'\n');
        return nl < 0 ? message[start..] : message.Slice(start, nl + 1);
    }

    private static ReadOnlySpan<byte> LastLine(ReadOnlySpan<byte> message)
    {
        int end = message.Length;
        int nl = end > 0 && message[end - 1] == '\n' ? message[..(end - 1)].LastIndexOf((byte)'\n') : message.LastIndexOf((byte)'\n');
        return message[(nl + 1)..];
    }

    /// <summary>spamass-milter may leave bare LFs inside CRLF headers; SpamAssassin adds the CRs back.</summary>
    private static string AddMissingCarriageReturns(string line)
    {
        if (!line.Contains('\n')) return line;
        var sb = new StringBuilder(line.Length + 2);
        for (int i = 0; i < line.Length; i++)
        {
            if (line[i] == '\n' && (i == 0 || line[i - 1] != '\r')) sb.Append('\r');
            sb.Append(line[i]);
        }
        return sb.ToString();
    }
}
