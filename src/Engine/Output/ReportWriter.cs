using Spamd.Engine.Mime;
using System.Buffers;
using Spamd.Engine.Scanning;

namespace Spamd.Engine.Output;

/// <summary>The report text of REPORT/REPORT_IFSPAM (the report template with its tags filled in).</summary>
public static class ReportWriter
{
    /// <summary>Writes the report for <paramref name="result"/> to <paramref name="output"/> (UTF-8 template text,
    /// message-derived parts such as the preview as the message's own bytes).</summary>
    public static void Write(ScanResult result, IBufferWriter<byte> output) =>
        Write(result, DateTimeOffset.Now, output);

    /// <param name="now">The time for _DATE_.</param>
    public static void Write(ScanResult result, DateTimeOffset now, IBufferWriter<byte> output) =>
        Octets.Write(new TemplateExpander(result, now).Report(), output);
}
