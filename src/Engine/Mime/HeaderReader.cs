namespace Spamd.Engine.Mime;

/// <summary>
/// Reads a message's top header section the way SpamAssassin's Message->new does: folded lines, a header
/// section that may start with a fold, up to three garbage lines tolerated, a "--" line or too much garbage
/// ending the section early. Values keep their folds; CRLF becomes LF when the message uses CRLF.
/// </summary>
internal static class HeaderReader
{
    public readonly record struct Section(List<HeaderField> Fields, int BodyStart, MimeLimitFlags Flags);

    public static Section Read(ReadOnlyMemory<byte> message, int start, bool crlf, MimeLimits limits)
    {
        var data = message.Span;
        var fields = new List<HeaderField>();
        var flags = MimeLimitFlags.None;
        int pos = start, end = data.Length;
        int headerStart = -1, headerEnd = -1;
        int errors = 0;
        int bodyStart;
        while (true)
        {
            if (pos >= end)
            {
                Flush(message, headerStart, headerEnd, crlf, limits, fields, ref flags);
                flags |= MimeLimitFlags.MissingHeadBodySeparator;
                bodyStart = end;
                break;
            }
            int lineEnd = LineReader.LineEnd(data, pos, end);
            var line = data[pos..lineEnd];
            if (line[0] is (byte)' ' or (byte)'\t')
            {
                if (headerStart < 0) headerStart = pos;
                headerEnd = lineEnd;
                pos = lineEnd;
                continue;
            }
            Flush(message, headerStart, headerEnd, crlf, limits, fields, ref flags);
            headerStart = -1;
            if (LineReader.IsEmptyLine(line, crlf))
            {
                bodyStart = lineEnd;
                break;
            }
            if (line.Length >= 2 && line[0] == '-' && line[1] == '-')
            {
                flags |= MimeLimitFlags.MissingHeadBodySeparator;
                bodyStart = pos;
                break;
            }
            if (!LineReader.IsHeaderLine(line) && ++errors > 3)
            {
                flags |= MimeLimitFlags.MissingHeadBodySeparator;
                bodyStart = pos;
                break;
            }
            headerStart = pos;
            headerEnd = lineEnd;
            pos = lineEnd;
        }
        return new Section(fields, bodyStart, flags);
    }

    private static void Flush(ReadOnlyMemory<byte> data, int start, int end, bool crlf, MimeLimits limits, List<HeaderField> fields, ref MimeLimitFlags flags)
    {
        if (start < 0) return;
        var text = data.Span[start..end];
        int colon = text.IndexOf((byte)':');
        if (colon < 0) return;
        if (fields.Count >= limits.MaxHeaderCount)
        {
            flags |= MimeLimitFlags.HeaderCountExceeded;
            return;
        }
        var nameBytes = text[..colon].TrimEnd(" \t"u8);
        var valueBytes = data.Slice(start + colon + 1, end - start - colon - 1);
        if (nameBytes.Length > limits.MaxHeaderNameLength)
        {
            nameBytes = nameBytes[..limits.MaxHeaderNameLength];
            flags |= MimeLimitFlags.HeaderTruncated;
        }
        if (HeaderField.RawLength(valueBytes.Span, crlf) > limits.MaxHeaderValueLength) flags |= MimeLimitFlags.HeaderTruncated;
        fields.Add(new HeaderField(Name(nameBytes), valueBytes, crlf, limits.MaxHeaderValueLength));
    }

    // The names most messages carry, spelt the usual way, are shared strings instead of one copy per field.
    private static readonly System.Collections.Frozen.FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> CommonNames =
        System.Collections.Frozen.FrozenSet.ToFrozenSet(
            ("Received From To Cc Subject Date Message-ID Message-Id Return-Path Delivered-To Content-Type Content-Transfer-Encoding " +
             "Content-Disposition Content-Length MIME-Version Mime-Version Reply-To Sender In-Reply-To References Precedence Errors-To " +
             "Organization User-Agent Importance Status Lines List-Id List-Unsubscribe List-Subscribe List-Post List-Help List-Archive " +
             "X-Mailer X-Priority X-MSMail-Priority X-MimeOLE X-Beenthere X-Mailman-Version X-Original-To X-Loop X-Sender X-UID " +
             "X-Keywords X-Status X-Virus-Scanned X-Spam-Status X-Accept-Language X-Authentication-Warning X-Originating-IP X-Egroups-Return").Split(' '),
            StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

    internal static string Name(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length is 0 or > 32) return Octets.FromBytes(bytes);
        Span<char> chars = stackalloc char[bytes.Length];
        System.Text.Encoding.Latin1.GetChars(bytes, chars);
        return CommonNames.TryGetValue(chars, out var shared) ? shared : new string(chars);
    }

    /// <summary>Latin-1 view with every CR that ends a line removed.</summary>
    internal static string StripCr(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IndexOf("\r\n"u8) < 0) return Octets.FromBytes(bytes);
        return Octets.FromBytes(bytes).Replace("\r\n", "\n");
    }
}
