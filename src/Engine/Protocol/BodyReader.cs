using System.Buffers;

namespace Spamd.Engine.Protocol;

/// <summary>
/// Collects a request body the way spamd's <c>parse_body</c> does, into a pooled buffer.
/// Without Content-length the body runs to EOF. With it, spamd reads whole lines and stops after the line
/// that reaches the declared length, then compares: a body that ends mid-line past the length, or EOF
/// before it, is a "Content-Length mismatch". We differ in one place: when exactly the declared number of
/// bytes has arrived and nothing more is waiting, we stop there instead of waiting for the end of the line
/// (spamd blocks until its timeout). A zlib body (<c>Compress: zlib</c>) needs Content-length, is read up
/// to that length or EOF, and is inflated afterwards (see <see cref="ZlibBody"/>).
/// </summary>
public sealed class BodyReader : IDisposable
{
    private readonly long? expected;
    private readonly string? expectedText;
    private readonly bool compressed;
    private readonly long maxMessageSize;
    private bool pastExpected;

    /// <param name="headers">The request headers, or null when none were read (protocol 1.0).</param>
    /// <param name="maxMessageSize">Our cap on the message (and on the inflated size of a zlib body).</param>
    public BodyReader(RequestHeaders? headers, long maxMessageSize)
    {
        expected = headers?.ContentLength;
        expectedText = headers?.ContentLengthText;
        compressed = headers?.CompressZlib ?? false;
        this.maxMessageSize = maxMessageSize;
        // Size the buffer for the declared length, within reason: the declaration alone must not cost memory.
        Received = new PooledBuffer(expected is > 0 and <= 4 << 20 ? (int)expected.Value : 16 * 1024);
    }

    /// <summary>The bytes received (still compressed for a zlib body).</summary>
    public PooledBuffer Received { get; }

    /// <summary>Checks that can be made before any body byte is read; null when the body may be read.</summary>
    public ProtocolError? CheckBeforeReading()
    {
        if (compressed && expected == null) return ProtocolError.CompressNeedsLength;
        if (expected > maxMessageSize) return ProtocolError.MessageTooLarge(maxMessageSize);
        return null;
    }

    public ParseStatus TryRead(in ReadOnlySequence<byte> input, bool isCompleted,
        out SequencePosition consumed, out SequencePosition examined, out ProtocolError? error)
    {
        error = null;
        consumed = examined = input.End;
        if (compressed) return ReadCompressed(input, isCompleted, out consumed, out error);
        if (expected is not { } length) return ReadToEnd(input, isCompleted, out error);

        var rest = input;
        if (!pastExpected)
        {
            long missing = length - Received.Length;
            if (missing > 0)
            {
                var take = rest.Slice(0, Math.Min(missing, rest.Length));
                Received.Write(take);
                rest = rest.Slice(take.End);
                consumed = take.End;
                if (Received.Length < length) return isCompleted ? Finish(out error) : ParseStatus.NeedMoreData;
                if (Received.WrittenSpan[^1] == (byte)'\n') return ParseStatus.Done;
            }
            // The declared length ends mid-line (or is 0): spamd goes on to the end of that line.
            pastExpected = true;
            // Our one difference: exactly the declared bytes and nothing more waiting is a complete body.
            if (rest.IsEmpty && !isCompleted && Received.Length == length) return ParseStatus.Done;
        }

        var newline = rest.PositionOf((byte)'\n');
        var lineTail = newline is { } lf ? rest.Slice(0, rest.GetPosition(1, lf)) : rest;
        if (Received.Length + lineTail.Length > maxMessageSize)
        {
            error = ProtocolError.MessageTooLarge(maxMessageSize);
            return ParseStatus.Error;
        }
        Received.Write(lineTail);
        consumed = lineTail.End;
        if (newline != null || isCompleted) return Finish(out error);
        return ParseStatus.NeedMoreData;
    }

    private ParseStatus ReadToEnd(in ReadOnlySequence<byte> input, bool isCompleted, out ProtocolError? error)
    {
        error = null;
        if (Received.Length + input.Length > maxMessageSize)
        {
            error = ProtocolError.MessageTooLarge(maxMessageSize);
            return ParseStatus.Error;
        }
        Received.Write(input);
        return isCompleted ? ParseStatus.Done : ParseStatus.NeedMoreData;
    }

    // spamd reads a zlib body to EOF and cuts it at Content-length; stopping at Content-length is the same
    // cut without making the client half-close.
    private ParseStatus ReadCompressed(in ReadOnlySequence<byte> input, bool isCompleted,
        out SequencePosition consumed, out ProtocolError? error)
    {
        error = null;
        long limit = Math.Min(expected!.Value, maxMessageSize);
        var take = input.Slice(0, Math.Min(limit - Received.Length, input.Length));
        Received.Write(take);
        consumed = take.End;
        if (Received.Length >= expected.Value || isCompleted) return ParseStatus.Done;
        if (Received.Length >= maxMessageSize)
        {
            error = ProtocolError.MessageTooLarge(maxMessageSize);
            return ParseStatus.Error;
        }
        return ParseStatus.NeedMoreData;
    }

    private ParseStatus Finish(out ProtocolError? error)
    {
        error = Received.Length == expected ? null : ProtocolError.LengthMismatch(expectedText ?? "", Received.Length);
        return error == null ? ParseStatus.Done : ParseStatus.Error;
    }

    /// <summary>
    /// The message once <see cref="TryRead"/> returned Done: the received bytes, or the inflated ones
    /// for a zlib body (written to <paramref name="inflated"/>).
    /// </summary>
    public ProtocolError? GetMessage(PooledBuffer inflated, out ReadOnlyMemory<byte> message)
    {
        if (!compressed)
        {
            message = Received.WrittenMemory;
            return null;
        }
        var error = ZlibBody.Inflate(Received.WrittenSegment, maxMessageSize, inflated);
        message = error == null ? inflated.WrittenMemory : default;
        return error;
    }

    public void Dispose() => Received.Dispose();
}
