using System.Buffers;
using System.Text;
using Spamd.Engine.Scanning;
using Spamd.Protocol;

namespace Spamd.Engine.Protocol;

/// <summary>
/// Writes spamd 4.0.1's replies byte for byte. The layout depends on the method and on the client's
/// protocol version (spamd adapts to old clients instead of negotiating).
/// </summary>
public static class ResponseWriter
{
    private static ReadOnlySpan<byte> Ok10 => "SPAMD/1.0 0 EX_OK\r\n"u8;
    private static ReadOnlySpan<byte> Ok11 => "SPAMD/1.1 0 EX_OK\r\n"u8;
    private static ReadOnlySpan<byte> Crlf => "\r\n"u8;

    /// <summary><c>SPAMD/1.0 &lt;code&gt; &lt;text&gt;\r\n</c>.</summary>
    public static void WriteError(IBufferWriter<byte> output, ProtocolError error)
    {
        WriteAscii(output, "SPAMD/1.0 ");
        WriteAscii(output, error.Code.ToString(System.Globalization.CultureInfo.InvariantCulture));
        WriteAscii(output, " ");
        output.Write(Encoding.Latin1.GetBytes(error.Text));
        output.Write(Crlf);
    }

    /// <summary>PING's reply: the status line only.</summary>
    public static void WritePong(IBufferWriter<byte> output) => output.Write("SPAMD/1.5 0 PONG\r\n"u8);

    /// <summary>
    /// TELL's reply: status, optional DidSet/DidRemove, then "\r\n\r\n" (spamd's extra empty line).
    /// </summary>
    /// <param name="didSet">"local", "remote", "local,remote", or null when nothing was set.</param>
    public static void WriteTell(IBufferWriter<byte> output, string? didSet, string? didRemove)
    {
        output.Write(Ok11);
        if (didSet != null) { WriteAscii(output, "DidSet: " + didSet); output.Write(Crlf); }
        if (didRemove != null) { WriteAscii(output, "DidRemove: " + didRemove); output.Write(Crlf); }
        output.Write("\r\n\r\n"u8);
    }

    /// <summary>
    /// The reply to a scanning method. <paramref name="body"/> is the method's payload: the rewritten message
    /// (PROCESS/HEADERS), the report (REPORT/REPORT_IFSPAM) or the symbol list (SYMBOLS); CHECK has none, and
    /// REPORT_IFSPAM sends none for ham.
    /// </summary>
    public static void WriteScanResponse(IBufferWriter<byte> output, SpamdMethod method, double version,
        SpamStatus status, ReadOnlySpan<byte> body)
    {
        if (method is SpamdMethod.Process or SpamdMethod.Headers)
        {
            if (version >= 1.3)
            {
                output.Write(Ok11);
                WriteContentLength(output, body.Length);
                WriteSpamHeader(output, status, yesNo: false);
                output.Write(Crlf);
            }
            else if (version >= 1.2)
            {
                output.Write(Ok11);
                WriteContentLength(output, body.Length);
                output.Write(Crlf);
            }
            else
            {
                output.Write(Ok10);
            }
            output.Write(body);
            return;
        }

        output.Write(Ok11);
        bool yesNo = method == SpamdMethod.ReportIfSpam;
        if (method == SpamdMethod.Check)
        {
            WriteSpamHeader(output, status, yesNo);
            output.Write(Crlf);
            return;
        }

        if (method == SpamdMethod.ReportIfSpam && !status.IsSpam) body = default;
        bool symbolsNeedCrlf = method == SpamdMethod.Symbols && version < 1.3;
        if (version >= 1.3) WriteContentLength(output, body.Length);
        WriteSpamHeader(output, status, yesNo);
        output.Write(Crlf);
        output.Write(body);
        if (symbolsNeedCrlf) output.Write(Crlf);
    }

    /// <summary>SYMBOLS' payload: the names of the rules hit, sorted (ordinal, as Perl's sort), comma-joined.</summary>
    public static void WriteSymbols(IBufferWriter<byte> output, IReadOnlyList<RuleHit> hits)
    {
        var names = new string[hits.Count];
        for (int i = 0; i < names.Length; i++) names[i] = hits[i].Name;
        Array.Sort(names, StringComparer.Ordinal);
        for (int i = 0; i < names.Length; i++)
        {
            if (i > 0) output.Write(","u8);
            WriteAscii(output, names[i]);
        }
    }

    private static void WriteSpamHeader(IBufferWriter<byte> output, SpamStatus status, bool yesNo)
    {
        output.Write("Spam: "u8);
        WriteAscii(output, status.Word(yesNo));
        output.Write(" ; "u8);
        WriteAscii(output, status.Score);
        output.Write(" / "u8);
        WriteAscii(output, status.Threshold);
        output.Write(Crlf);
    }

    private static void WriteContentLength(IBufferWriter<byte> output, int length)
    {
        output.Write("Content-length: "u8);
        var span = output.GetSpan(11);
        length.TryFormat(span, out int written, default, System.Globalization.CultureInfo.InvariantCulture);
        output.Advance(written);
        output.Write(Crlf);
    }

    private static void WriteAscii(IBufferWriter<byte> output, string text)
    {
        var span = output.GetSpan(text.Length);
        int n = Encoding.Latin1.GetBytes(text, span);
        output.Advance(n);
    }
}
