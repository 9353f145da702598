using System.IO.Compression;
using System.Text;
using Spamd.Protocol;

namespace Spamd.Client;

/// <summary>
/// One request/response with spamd, the way libspamc's <c>message_filter</c> and <c>message_tell</c> do it.
/// The result is what spamc will print (<see cref="Output"/>) and the verdict (<see cref="IsSpam"/>).
/// </summary>
internal sealed class SpamdExchange
{
    /// <summary>Room libspamc allows for what spamd adds to a message.</summary>
    private const int ExpansionAllowance = 16384;

    /// <summary>libspamc builds the request header in an 8 KB buffer; a user name that does not fit is EX_OSERR.</summary>
    private const int MaxUserLength = 8188 - 64;

    private readonly SpamcOptions options;
    private readonly SpamdTransport transport;
    private readonly InputMessage message;

    public SpamdExchange(SpamcOptions options, SpamdTransport transport, InputMessage message)
    {
        this.options = options;
        this.transport = transport;
        this.message = message;
    }

    /// <summary>NotSpam, IsSpam, or TooBig while no <c>Spam:</c> header was seen.</summary>
    public int IsSpam { get; private set; } = SpamcStatus.TooBig;

    /// <summary>What to print on success; on failure, the original message (libspamc's <c>_use_msg_for_out</c>).</summary>
    public ReadOnlyMemory<byte> Output { get; private set; }

    public TellActions DidTell { get; private set; }

    /// <summary>A scan (or PING); returns Ok or the failure code.</summary>
    public int Filter(string user)
    {
        var method = options.ScanMethod;
        ReadOnlyMemory<byte> body = options.Compress ? Compress(message.Body.Span) : message.Body;
        if (message.Body.Length > SpamcOptions.MaxMessageLength) return Fail(ExitCode.DataErr);
        if (user.Length > MaxUserLength) return Fail(ExitCode.OsErr);
        byte[] header = SpamcRequestHeader.ForScan(method, user, options.Compress, body.Length);

        SpamdConnection? connection = null;
        try
        {
            // Filter retries re-send the whole request, to the next host, only when no status line arrived.
            int status;
            ReadOnlySpan<byte> statusLine;
            int attempt = 0;
            do
            {
                if (attempt > 0)
                {
                    connection?.Dispose();
                    connection = null;
                    transport.RotateHosts();
                    Thread.Sleep((options.FilterRetrySleep < 0 ? 1 : options.FilterRetrySleep) * 1000);
                }
                attempt++;
                int rc = Open(out connection);
                if (rc != ExitCode.Ok) return Fail(rc);
                if (!connection!.Send(header, body.Span, readToEnd: options.Compress)) return Fail(ExitCode.IoErr);
                status = connection.ReadLine(out statusLine);
            }
            while (status == ExitCode.IoErr && attempt < options.FilterRetries);
            if (status != ExitCode.Ok) return Fail(status);

            int versionCheck = CheckStatusLine(statusLine, out var version, out int code);
            if (versionCheck != ExitCode.Ok) return Fail(versionCheck);
            if (method == SpamdMethod.Ping)
            {
                Output = PingLine(version, code);
                IsSpam = SpamcStatus.NotSpam;
                return ExitCode.Ok;
            }
            return ReadScanResponse(connection!, method);
        }
        finally
        {
            connection?.Dispose();
        }
    }

    /// <summary>TELL (-L, -C); returns Ok or the failure code. <see cref="DidTell"/> says what spamd did.</summary>
    public int Tell(string user, string? messageClass, TellActions actions)
    {
        if (message.Body.Length > SpamcOptions.MaxMessageLength) return Fail(ExitCode.DataErr);
        if (user.Length > MaxUserLength) return Fail(ExitCode.OsErr);
        byte[] header = SpamcRequestHeader.ForTell(messageClass, actions, user, message.Body.Length);
        int rc = Open(out var connection);
        if (rc != ExitCode.Ok) return Fail(rc);
        using (connection)
        {
            if (!connection!.Send(header, message.Body.Span, readToEnd: false)) return Fail(ExitCode.IoErr);
            rc = connection.ReadLine(out var statusLine);
            if (rc != ExitCode.Ok) return Fail(rc);
            rc = CheckStatusLine(statusLine, out _, out _);
            if (rc != ExitCode.Ok) return Fail(rc);
            var reply = new ResponseHeaders();
            rc = reply.Read(connection, options, this);
            if (rc != ExitCode.Ok) return Fail(rc);
            DidTell = reply.Tell;
            return ExitCode.Ok;
        }
    }

    /// <summary>-K prints <c>SPAMD/&lt;version&gt; &lt;code&gt;</c> from whatever status line came.</summary>
    private static byte[] PingLine(ReadOnlySpan<byte> version, int code)
    {
        var text = new byte[6 + version.Length + 13];
        "SPAMD/"u8.CopyTo(text);
        version.CopyTo(text.AsSpan(6));
        int length = 6 + version.Length;
        text[length++] = (byte)' ';
        code.TryFormat(text.AsSpan(length), out int written);
        length += written;
        text[length++] = (byte)'\n';
        return text[..length];
    }

    private static int CheckStatusLine(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> version, out int code)
    {
        if (!SpamcResponseLines.TryParseStatus(line, out version, out code))
        {
            ClientLog.Error($"spamd responded with bad string '{Encoding.Latin1.GetString(line)}'");
            return ExitCode.Protocol;
        }
        if (!SpamcResponseLines.IsAcceptableVersion(version))
        {
            ClientLog.Error($"spamd responded with bad version string '{Encoding.Latin1.GetString(version)}'");
            return ExitCode.Protocol;
        }
        return ExitCode.Ok;
    }

    private int ReadScanResponse(SpamdConnection connection, SpamdMethod method)
    {
        var reply = new ResponseHeaders();
        int rc = reply.Read(connection, options, this);
        if (rc != ExitCode.Ok) return Fail(rc);

        if (method == SpamdMethod.Check)
        {
            if (IsSpam == SpamcStatus.TooBig) return Fail(ExitCode.Protocol); // no Spam: header
            Output = reply.ScoreLine;
            return ExitCode.Ok;
        }
        if (reply.ContentLength < 0) return Fail(ExitCode.Protocol);

        // Everything up to EOF, into a buffer of libspamc's size: filling it completely means "too big".
        int allocated = message.MaxLength + ExpansionAllowance + 1;
        var output = GC.AllocateUninitializedArray<byte>(allocated);
        int length = reply.ScoreLine.Length;
        reply.ScoreLine.CopyTo(output);
        long expected = reply.ContentLength + (long)length;
        int read = connection.ReadToEnd(output, length);
        if (read + length > allocated - 1) return Fail(SpamcStatus.TooBig);
        length += read;
        if (length != expected)
        {
            ClientLog.Error($"failed sanity check, {expected} bytes claimed, {length} bytes seen");
            return Fail(ExitCode.Protocol);
        }
        if (method == SpamdMethod.Headers && !AppendOriginalBody(output, ref length, allocated))
            return Fail(ExitCode.Ok); // libspamc prints the original message and reports success
        Output = output.AsMemory(0, length);
        return ExitCode.Ok;
    }

    /// <summary>HEADERS: spamd returned only the header block; spamc glues the original body (from its own copy) on.</summary>
    private bool AppendOriginalBody(byte[] output, ref int length, int allocated)
    {
        var raw = message.Raw.AsSpan(0, message.RawLength);
        int bodyStart = -1;
        for (int i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '\r' && raw.Length - i >= 4 && raw.Slice(i, 4).SequenceEqual("\r\n\r\n"u8)) { bodyStart = i + 4; break; }
            if (raw[i] == '\n' && raw.Length - i >= 2 && raw[i + 1] == '\n') { bodyStart = i + 2; break; }
        }
        if (bodyStart < 0)
        {
            ClientLog.Error("failed to find end-of-headers");
            return false;
        }
        var originalBody = raw[bodyStart..];
        int count = Math.Min(originalBody.Length, allocated - 1 - length);
        originalBody[..count].CopyTo(output.AsSpan(length));
        // strncpy: nothing after a NUL byte survives.
        int nul = originalBody[..count].IndexOf((byte)0);
        if (nul >= 0) output.AsSpan(length + nul, count - nul).Clear();
        length += count;
        return true;
    }

    /// <summary>spamc's reading of response headers up to the empty line.</summary>
    private sealed class ResponseHeaders
    {
        public int ContentLength = -1;
        public byte[] ScoreLine = Array.Empty<byte>();
        public TellActions Tell;

        public int Read(SpamdConnection connection, SpamcOptions options, SpamdExchange exchange)
        {
            exchange.IsSpam = SpamcStatus.TooBig;
            while (true)
            {
                int rc = connection.ReadLine(out var line);
                if (rc != ExitCode.Ok) return rc;
                if (line.IsEmpty) return ExitCode.Ok;

                if (SpamcResponseLines.TryParseSpam(line, out bool spam, out float score, out float threshold))
                {
                    exchange.IsSpam = spam ? SpamcStatus.IsSpam : SpamcStatus.NotSpam;
                    // The score line is spamc's own: for -c, -R, and -r only when the word was "true".
                    if (options.Check || options.Report || (options.ReportIfSpam && spam))
                        ScoreLine = Encoding.ASCII.GetBytes(SpamcResponseLines.FormatScoreLine(score, threshold));
                }
                else if (SpamcResponseLines.TryParseContentLength(line, out int length))
                {
                    ContentLength = length;
                    if (length < 0) ClientLog.Error($"spamd responded with bad Content-length '{Encoding.Latin1.GetString(line)}'");
                }
                else if (SpamcResponseLines.TryParseTell(line, out var actions))
                {
                    Tell |= actions;
                }
            }
        }
    }

    private int Fail(int code)
    {
        Output = message.Body;
        return code;
    }

    private int Open(out SpamdConnection? connection)
    {
        connection = null;
        int rc = transport.Connect(out NativeSocket? socket);
        if (rc != ExitCode.Ok) return rc;
        if (!options.UseSsl)
        {
            connection = SpamdConnection.Plain(socket!, options.Timeout);
            return ExitCode.Ok;
        }
        rc = SpamdConnection.Tls(socket!, options, out connection);
        if (rc != ExitCode.Ok) socket!.Dispose();
        return rc;
    }

    /// <summary>An RFC 1950 zlib stream at level 3, as spamc -z sends.</summary>
    private static byte[] Compress(ReadOnlySpan<byte> body)
    {
        var output = new MemoryStream(body.Length / 2 + 64);
        using (var z = new ZLibStream(output, new ZLibCompressionOptions { CompressionLevel = 3 }, leaveOpen: true))
            z.Write(body);
        return output.ToArray();
    }
}
