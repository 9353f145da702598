using System.Diagnostics;
using Spamd.Engine.Mime;

namespace Spamd.Benchmarks.Mime;

/// <summary>
/// The MIME benchmark's three measures timed by process CPU time instead of wall time, for a shared machine where
/// other jobs stretch wall-clock figures: <c>dotnet run -c Release --project benchmarks/Benchmarks -- mime-cpu [passes]</c>.
/// Prints CPU µs per message, MB/s of mail per CPU-second and bytes allocated per message.
/// </summary>
internal static class MimeCpuTimer
{
    public static void Run(int passes)
    {
        var messages = MimeCorpusSample.Load(step: 10);
        double meanSize = messages.Average(m => (double)m.Length);
        Console.WriteLine($"{messages.Length} messages, mean {meanSize:F0} bytes, {passes} passes each");
        Measure("Parse", messages, meanSize, passes, m => m.Parts.Count);
        Measure("ParseAndRender", messages, meanSize, passes, m => m.BodyText.Count + m.RawBodyText.Count);
        Measure("ParseRenderAndUris", messages, meanSize, passes, m => m.BodyText.Count + m.RawBodyText.Count + m.Uris.Count);
        AllocationByStage(messages, meanSize);
        CpuByStage(messages, passes);
    }

    private static readonly (string Name, Func<MailMessage, int> Run)[] Stages =
    [
        ("parse (MIME walk)", m => m.Parts.Count),
        ("part renderings (decode, HTML)", m => m.HtmlParts.Count),
        ("body", m => m.BodyText.Count),
        ("rawbody", m => m.RawBodyText.Count),
        ("uris", m => m.Uris.Count),
    ];

    // CPU time per message of each lazy stage: every stage runs over the whole sample before the next one starts,
    // so each batch is long enough for the process clock.
    private static void CpuByStage(byte[][] messages, int passes)
    {
        var micros = new double[Stages.Length];
        var process = Process.GetCurrentProcess();
        var parsed = new MailMessage[messages.Length];
        int sink = 0;
        for (int pass = 0; pass < passes; pass++)
        {
            for (int i = 0; i < messages.Length; i++) parsed[i] = MailMessage.Parse(messages[i]);
            for (int s = 0; s < Stages.Length; s++)
            {
                process.Refresh();
                var before = process.TotalProcessorTime;
                foreach (var m in parsed) sink += Stages[s].Run(m);
                process.Refresh();
                micros[s] += (process.TotalProcessorTime - before).TotalMicroseconds;
            }
        }
        Console.Write($"CPU/msg by stage:{(sink == 42 ? " " : "")}");
        for (int s = 0; s < Stages.Length; s++) Console.Write($" {Stages[s].Name} {micros[s] / (passes * (double)messages.Length):F1} us;");
        Console.WriteLine();
    }

    // Bytes allocated per message by each lazy stage in the order rules meet them, to find what to cut.
    private static void AllocationByStage(byte[][] messages, double meanSize)
    {
        var stages = Stages;
        var bytes = new long[stages.Length];
        foreach (var raw in messages)
        {
            var message = MailMessage.Parse(raw);
            for (int s = 0; s < stages.Length; s++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                stages[s].Run(message);
                bytes[s] += GC.GetAllocatedBytesForCurrentThread() - before;
            }
        }
        Console.Write("allocated/msg by stage:");
        for (int s = 0; s < stages.Length; s++)
            Console.Write($" {stages[s].Name} {bytes[s] / (double)messages.Length:F0} B ({bytes[s] / (double)messages.Length / meanSize:F2}x);");
        Console.WriteLine();
    }

    private static void Measure(string name, byte[][] messages, double meanSize, int passes, Func<MailMessage, int> work)
    {
        // enough warm-up for tiered compilation to reach its optimised code
        for (int pass = 0; pass < 60; pass++) foreach (var m in messages) work(MailMessage.Parse(m));
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        int sink = 0;
        for (int pass = 0; pass < passes; pass++) foreach (var m in messages) sink += work(MailMessage.Parse(m));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        process.Refresh();
        double cpuMicros = (process.TotalProcessorTime - cpuBefore).TotalMicroseconds / (passes * (double)messages.Length);
        double bytesPerMessage = allocated / (passes * (double)messages.Length);
        Console.WriteLine($"{name,-20} {cpuMicros,8:F1} us CPU/msg {meanSize / cpuMicros,8:F1} MB/s {bytesPerMessage,9:F0} B allocated/msg " +
                          $"({bytesPerMessage / meanSize:F2}x the message){(sink == 42 ? " " : "")}");
    }
}
