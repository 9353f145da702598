using System.Buffers;
using System.Text;
using Spamd.Engine.Protocol;

namespace Spamd.Engine.Tests.Protocol;

/// <summary>Helpers: bytes as Latin-1 text, split sequences, and a whole request parsed from memory.</summary>
internal static class ProtocolTestKit
{
    public static byte[] Bytes(string latin1) => Encoding.Latin1.GetBytes(latin1);

    public static string Text(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);

    public static string Render(Action<IBufferWriter<byte>> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(buffer);
        return Text(buffer.WrittenSpan);
    }

    /// <summary>A sequence made of the given chunks (to test lines that straddle segments).</summary>
    public static ReadOnlySequence<byte> Sequence(params byte[][] chunks)
    {
        if (chunks.Length == 0) return ReadOnlySequence<byte>.Empty;
        var first = new Segment(chunks[0], 0);
        var last = first;
        for (int i = 1; i < chunks.Length; i++) last = last.Append(chunks[i]);
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary>Splits <paramref name="bytes"/> into one-byte segments.</summary>
    public static ReadOnlySequence<byte> ByteByByte(byte[] bytes) => Sequence(bytes.Select(b => new[] { b }).ToArray());

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] data, long runningIndex)
        {
            Memory = data;
            RunningIndex = runningIndex;
        }

        public Segment Append(byte[] data)
        {
            var next = new Segment(data, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }

    /// <summary>What a complete in-memory request turns into (or the error it earns).</summary>
    public sealed record Parsed(RequestLine Line, RequestHeaders? Headers, byte[]? Message, ProtocolError? Error);

    /// <summary>
    /// Parses a request whose bytes all arrived and whose sender half-closed (or not, with
    /// <paramref name="isCompleted"/> false), the way the daemon drives the parser.
    /// </summary>
    public static Parsed ParseRequest(byte[] request, bool isCompleted = true, long maxMessageSize = 1 << 20)
    {
        var input = new ReadOnlySequence<byte>(request);
        var status = RequestParser.TryParseRequestLine(input, isCompleted, out var consumed, out _, out var line, out var error);
        if (status != ParseStatus.Done) return new Parsed(line, null, null, error);
        input = input.Slice(consumed);

        RequestHeaders? headers = null;
        if (line.ReadsHeaders)
        {
            headers = new RequestHeaders();
            status = RequestParser.TryParseHeaders(input, isCompleted, headers, out consumed, out _, out error);
            if (status != ParseStatus.Done) return new Parsed(line, headers, null, error);
            input = input.Slice(consumed);
        }
        if (!line.IsScan && line.Method != Spamd.Protocol.SpamdMethod.Tell) return new Parsed(line, headers, null, null);

        using var body = new BodyReader(headers, maxMessageSize);
        error = body.CheckBeforeReading();
        if (error != null) return new Parsed(line, headers, null, error);
        status = body.TryRead(input, isCompleted, out _, out _, out error);
        if (status != ParseStatus.Done) return new Parsed(line, headers, null, error);
        using var inflated = new PooledBuffer();
        error = body.GetMessage(inflated, out var message);
        return new Parsed(line, headers, error == null ? message.ToArray() : null, error);
    }
}
