using System.Buffers;
using Spamd.Engine.Scanning;

namespace Spamd.Engine.Output;

/// <summary>The report text of REPORT/REPORT_IFSPAM (the report template with its tags filled in).</summary>
public static class ReportWriter
{
    /// <summary>Writes the report for <paramref name="result"/> as UTF-8 to <paramref name="output"/>.</summary>
    public static void Write(ScanResult result, IBufferWriter<byte> output)
    {
        // Placeholder until the output module lands.
    }
}
