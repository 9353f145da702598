using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using BenchmarkDotNet.Attributes;
using Spamd.Engine.Protocol;
using Spamd.Protocol;

namespace Spamd.Benchmarks.Protocol;

/// <summary>
/// The daemon's request path without sockets: framing a spamc request (request line, headers, body) from
/// in-memory bytes and through an in-memory pipe in network-sized chunks, and writing the CHECK reply.
/// Run: dotnet run -c Release --project benchmarks/Benchmarks -- --filter '*RequestParsing*'
/// </summary>
[MemoryDiagnoser]
public class RequestParsingBenchmark
{
    private byte[] request = [];
    private readonly ArrayBufferWriter<byte> reply = new(256);
    private PooledBuffer inflated = null!;

    /// <summary>Body size: GTUBE-sized, a typical mail, a large one.</summary>
    [Params(386, 16 * 1024, 1024 * 1024)]
    public int BodySize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var body = new byte[BodySize];
        var line = "The quick brown fox jumps over the lazy dog, again and again.\n"u8;
        for (int i = 0; i < body.Length; i++) body[i] = line[i % line.Length];
        request = [.. Encoding.ASCII.GetBytes($"PROCESS SPAMC/1.5\r\nUser: someone\r\nContent-length: {body.Length}\r\n\r\n"), .. body];
        inflated = new PooledBuffer();
    }

    [GlobalCleanup]
    public void Cleanup() => inflated.Dispose();

    [Benchmark(Baseline = true)]
    public int ParseFromMemory() => Parse(new ReadOnlySequence<byte>(request));

    [Benchmark]
    public async Task<int> ParseThroughPipe()
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false));
        // Arrives as a socket would deliver it: 16 KiB reads.
        for (int offset = 0; offset < request.Length; offset += 16 * 1024)
        {
            var chunk = request.AsMemory(offset, Math.Min(16 * 1024, request.Length - offset));
            await pipe.Writer.WriteAsync(chunk);
        }
        await pipe.Writer.CompleteAsync();
        return await ParseAsync(pipe.Reader);
    }

    [Benchmark]
    public int WriteCheckReply()
    {
        reply.ResetWrittenCount();
        ResponseWriter.WriteScanResponse(reply, SpamdMethod.Check, 1.5, SpamStatus.From(1000, 5, true), default);
        return reply.WrittenCount;
    }

    private int Parse(ReadOnlySequence<byte> input)
    {
        RequestParser.TryParseRequestLine(input, true, out var consumed, out _, out _, out _);
        input = input.Slice(consumed);
        var headers = new RequestHeaders();
        RequestParser.TryParseHeaders(input, true, headers, out consumed, out _, out _);
        using var body = new BodyReader(headers, int.MaxValue);
        body.TryRead(input.Slice(consumed), true, out _, out _, out _);
        body.GetMessage(inflated, out var message);
        return message.Length;
    }

    private async Task<int> ParseAsync(PipeReader reader)
    {
        RequestLine line = default;
        while (true)
        {
            var read = await reader.ReadAsync();
            var status = RequestParser.TryParseRequestLine(read.Buffer, read.IsCompleted, out var c, out var e, out line, out _);
            reader.AdvanceTo(c, e);
            if (status != ParseStatus.NeedMoreData) break;
        }
        var headers = new RequestHeaders();
        while (true)
        {
            var read = await reader.ReadAsync();
            var status = RequestParser.TryParseHeaders(read.Buffer, read.IsCompleted, headers, out var c, out var e, out _);
            reader.AdvanceTo(c, e);
            if (status != ParseStatus.NeedMoreData) break;
        }
        using var body = new BodyReader(headers, int.MaxValue);
        while (true)
        {
            var read = await reader.ReadAsync();
            var status = body.TryRead(read.Buffer, read.IsCompleted, out var c, out var e, out _);
            reader.AdvanceTo(c, e);
            if (status != ParseStatus.NeedMoreData) break;
        }
        await reader.CompleteAsync();
        body.GetMessage(inflated, out var message);
        return message.Length + (int)line.Version;
    }
}
