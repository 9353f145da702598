using System.Buffers;
using System.IO.Pipelines;
using FsCheck;
using FsCheck.Fluent;
using Spamd.Engine.Protocol;
using static Spamd.Engine.Tests.Protocol.ProtocolTestKit;

namespace Spamd.Engine.Tests.Protocol;

/// <summary>
/// The daemon feeds the parser whatever the network delivers. However a request is cut into pieces, the
/// outcome must be the one the whole request gives.
/// </summary>
public class IncrementalParsingProperties
{
    private static readonly byte[][] Requests =
    [
        Bytes("CHECK SPAMC/1.5\r\nUser: root\r\nContent-length: 31\r\n\r\nSubject: a\r\n\r\nline\r\nline two\r\n"),
        Bytes("PROCESS SPAMC/1.5\r\nUser: bob\r\n\r\nSubject: to eof\n\nbody without length\n"),
        Bytes("TELL SPAMC/1.5\r\nMessage-class: spam\r\nSet: local\r\nContent-length: 15\r\n\r\nSubject: x\n\nb\n"),
        Bytes("SYMBOLS SPAMC/1.2\nUser: lf\nContent-length: 14\n\r\nSubject: x\n\nb\n"),
        Bytes("CHECK SPAMC/1.0\r\nContent-length: 3\r\n\r\nbody\n"),
        Bytes("CHECK SPAMC/1.5\r\nContent-length: 99\r\n\r\nSubject: short\n\n"),
        Bytes("CHECK SPAMC/1.5\r\nContent-length: 12a\r\n\r\n"),
        Bytes("CHECK SPAMC/1.5\r\nNo colon\r\n\r\n"),
        Bytes("CHECK SPAMC/1.5\r\nUser: x\n\n"),
        Bytes("FOO SPAMC/1.5\r\n"),
        Bytes("PING SPAMC/1.5\r\n\r\n"),
        Bytes("CHECK SPAMC/1.5\r\n" + string.Concat(Enumerable.Repeat("X-A: b\r\n", 256)) + "\r\n"),
        Compressed(Bytes("Subject: compressed\n\nbody\n")),
    ];

    private static byte[] Compressed(byte[] message)
    {
        var body = BodyReaderTests.Zlib(message);
        return [.. Bytes($"CHECK SPAMC/1.5\r\nCompress: zlib\r\nContent-length: {body.Length}\r\n\r\n"), .. body];
    }

    [Fact]
    public void Any_split_gives_the_same_result_as_the_whole_request()
    {
        // Mostly tiny pieces, so that cuts land on every interesting boundary.
        var cuts = Gen.ListOf(Gen.Frequency((4, Gen.Choose(1, 4)), (1, Gen.Choose(5, 64)))).ToArbitrary();
        var which = Gen.Choose(0, Requests.Length - 1).ToArbitrary();
        Prop.ForAll(which, cuts, (index, sizes) =>
        {
            var request = Requests[index];
            var whole = Describe(ParseRequest(request));
            var pieces = Describe(ParseInPieces(request, [.. sizes]));
            return whole == pieces;
        }).Check(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(1000));
    }

    [Fact]
    public void The_samples_cover_successes_and_errors()
    {
        var outcomes = Requests.Select(r => ParseRequest(r).Error == null).ToList();
        Assert.Contains(true, outcomes);
        Assert.Contains(false, outcomes);
    }

    private static string Describe(Parsed parsed) =>
        $"{parsed.Line} | {parsed.Error} | {(parsed.Message == null ? "-" : Text(parsed.Message))} | {parsed.Headers?.User} {parsed.Headers?.ContentLengthText}";

    /// <summary>Drives the parser through a pipe the way the daemon does, writing the request in chunks.</summary>
    private static Parsed ParseInPieces(byte[] request, int[] sizes)
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0));
        int offset = 0, next = 0;
        void Feed()
        {
            if (offset >= request.Length) return;
            int size = sizes.Length == 0 ? request.Length : Math.Max(1, sizes[next++ % sizes.Length]);
            size = Math.Min(size, request.Length - offset);
            pipe.Writer.Write(request.AsSpan(offset, size));
            offset += size;
            pipe.Writer.FlushAsync().GetAwaiter().GetResult();
            if (offset >= request.Length) pipe.Writer.Complete();
        }

        ParseStatus Run(Step parse, out ProtocolError? error)
        {
            while (true)
            {
                Feed();
                if (!pipe.Reader.TryRead(out var read)) { error = null; continue; }
                var status = parse(read.Buffer, read.IsCompleted, out var consumed, out var examined, out error);
                pipe.Reader.AdvanceTo(consumed, examined);
                if (status != ParseStatus.NeedMoreData) return status;
            }
        }

        RequestLine line = default;
        var status = Run((in ReadOnlySequence<byte> b, bool c, out SequencePosition s, out SequencePosition e, out ProtocolError? err) =>
        {
            var r = RequestParser.TryParseRequestLine(b, c, out s, out e, out var l, out err);
            line = l;
            return r;
        }, out var error);
        if (status != ParseStatus.Done) return new Parsed(line, null, null, error);

        RequestHeaders? headers = null;
        if (line.ReadsHeaders)
        {
            var h = headers = new RequestHeaders();
            status = Run((in ReadOnlySequence<byte> b, bool c, out SequencePosition s, out SequencePosition e, out ProtocolError? err) =>
                RequestParser.TryParseHeaders(b, c, h, out s, out e, out err), out error);
            if (status != ParseStatus.Done) return new Parsed(line, headers, null, error);
        }
        if (!line.IsScan && line.Method != Spamd.Protocol.SpamdMethod.Tell) return new Parsed(line, headers, null, null);

        using var body = new BodyReader(headers, 1 << 20);
        error = body.CheckBeforeReading();
        if (error != null) return new Parsed(line, headers, null, error);
        status = Run(body.TryRead, out error);
        if (status != ParseStatus.Done) return new Parsed(line, headers, null, error);
        using var inflated = new PooledBuffer();
        error = body.GetMessage(inflated, out var message);
        return new Parsed(line, headers, error == null ? message.ToArray() : null, error);
    }

    private delegate ParseStatus Step(in ReadOnlySequence<byte> buffer, bool isCompleted,
        out SequencePosition consumed, out SequencePosition examined, out ProtocolError? error);

}
