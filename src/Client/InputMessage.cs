using Spamd.Protocol;

namespace Spamd.Client;

/// <summary>
/// The message spamc read from stdin (libspamc's <c>struct message</c>): at most max+1 bytes are read; in BSMTP
/// mode the text between the DATA line and the lone dot is the message (dot-unstuffed), with the envelope before
/// (<see cref="Pre"/>) and the terminating dot and after (<see cref="Post"/>) kept for the output.
/// </summary>
internal sealed class InputMessage
{
    public enum Kind { None, Error, Raw, Bsmtp }

    public InputMessage(int maxLength) => MaxLength = maxLength;

    /// <summary>The -s limit: a message longer than this is not sent to spamd.</summary>
    public int MaxLength { get; }

    public Kind Type { get; private set; } = Kind.None;
    public byte[] Raw { get; private set; } = Array.Empty<byte>();
    public int RawLength { get; private set; }
    public ReadOnlyMemory<byte> Pre { get; private set; }
    public ReadOnlyMemory<byte> Body { get; private set; }
    public ReadOnlyMemory<byte> Post { get; private set; }

    /// <summary>Reads stdin: Ok, IoErr (nothing to read), TooBig (866), DataErr (BSMTP without DATA or end dot).</summary>
    public int Read(Stream input, bool bsmtp)
    {
        int maxLength = MaxLength;
        (Raw, RawLength) = ReadUpTo(input, maxLength + 1);
        if (RawLength <= 0)
        {
            Raw = Array.Empty<byte>();
            RawLength = 0;
            return ExitCode.IoErr;
        }
        Type = Kind.Error;
        if (RawLength > maxLength)
        {
            if (!bsmtp) ClientLog.Write(ClientLog.Notice, $"skipped message, greater than max message size ({maxLength} bytes)");
            return SpamcStatus.TooBig;
        }
        if (bsmtp) return SplitBsmtp();
        Type = Kind.Raw;
        Body = Raw.AsMemory(0, RawLength);
        return ExitCode.Ok;
    }

    private static (byte[], int) ReadUpTo(Stream input, int limit)
    {
        var buffer = new byte[Math.Min(limit, 64 * 1024)];
        int total = 0;
        try
        {
            while (total < limit)
            {
                if (total == buffer.Length) Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, limit));
                int n = input.Read(buffer, total, buffer.Length - total);
                if (n <= 0) break;
                total += n;
            }
        }
        catch (IOException) { if (total == 0) return (buffer, -1); }
        return (buffer, total);
    }

    private int SplitBsmtp()
    {
        var raw = Raw.AsSpan(0, RawLength);
        int bodyStart = -1;
        int p = 0;
        // A "DATA" line (any case, LF or CRLF) that follows a newline starts the message.
        while (RawLength - p > 8)
        {
            int nl = raw.Slice(p, RawLength - p - 8).IndexOf((byte)'\n');
            if (nl < 0) break;
            int q = p + nl + 1;
            if ((raw[q] | 0x20) == 'd' && (raw[q + 1] | 0x20) == 'a' && (raw[q + 2] | 0x20) == 't' && (raw[q + 3] | 0x20) == 'a')
            {
                q += 4;
                if (raw[q] == '\r') q++;
                if (raw[q++] == '\n') { bodyStart = q; break; }
            }
            p = q;
        }
        if (bodyStart < 0) return ExitCode.DataErr;

        // Unstuff dots up to the lone "." line.
        var data = raw[bodyStart..];
        var body = new byte[data.Length];
        int j = 0, postStart = -1;
        byte previous = (byte)'\n';
        for (int i = 0; i < data.Length; i++)
        {
            if (previous == '\n' && data[i] == '.')
            {
                bool lone = i + 1 == data.Length
                    || (i + 1 < data.Length && data[i + 1] == '\n')
                    || (i + 2 < data.Length && data[i + 1] == '\r' && data[i + 2] == '\n');
                if (lone) { postStart = i; break; }
                if (i + 1 < data.Length && data[i + 1] == '.') { previous = (byte)'.'; continue; }
            }
            previous = data[i];
            body[j++] = data[i];
        }
        if (postStart < 0) return ExitCode.DataErr;

        Type = Kind.Bsmtp;
        Pre = Raw.AsMemory(0, bodyStart);
        Body = body.AsMemory(0, j);
        Post = Raw.AsMemory(bodyStart + postStart, data.Length - postStart);
        return ExitCode.Ok;
    }
}
