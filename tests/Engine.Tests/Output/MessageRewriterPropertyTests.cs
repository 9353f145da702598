using System.Buffers;
using System.Collections.Immutable;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Spamd.Engine.Output;
using Spamd.Engine.Scanning;

namespace Spamd.Engine.Tests.Output;

/// <summary>Arbitrary, mostly malformed messages: the rewriter never throws and HEADERS is a prefix of PROCESS.</summary>
public class MessageRewriterPropertyTests
{
    private static readonly string[] Pieces =
    [
        "\n", "\r\n", "\r", " ", "\t", ":", "a", "Subject: ", "From ", "From: ", "To: ", "X-Spam-Flag: ", "X-Spam-Prev-x: ",
        "Return-Path: ", "--", "Content-Type: text/html", "é", "\xff", "----------=_", "\n\n",
    ];

    private static readonly Gen<byte[]> Messages =
        Gen.ListOf(Gen.Elements(Pieces)).Select(list => Encoding.Latin1.GetBytes(string.Concat(list)));

    [Fact]
    public void Rewriting_never_fails_and_headers_mode_is_a_prefix()
    {
        var settings = new ScanSettings
        {
            HostName = "vm",
            RewriteHeaders = ImmutableDictionary.CreateRange<string, string>(StringComparer.OrdinalIgnoreCase,
                [new("Subject", "[S]"), new("From", "F"), new("To", "T")]),
        };
        Prop.ForAll(Messages.ToArbitrary(), Gen.Choose(0, 2).ToArbitrary(), Gen.Elements(0.0, 10.0).ToArbitrary(), (message, reportSafe, score) =>
        {
            var result = new ScanResult
            {
                Score = score, RequiredScore = 5, Settings = settings.WithReportSafe(reportSafe),
                Hits = score > 0 ? [new RuleHit("R", score, "d", RuleArea.Body)] : [],
            };
            var full = Run(message, result, RewriteMode.Full);
            var headers = Run(message, result, RewriteMode.HeadersOnly);
            int cut = MessageRewriter.EndOfFirstEmptyLine(full);
            return headers.AsSpan().SequenceEqual(cut < 0 ? full : full.AsSpan(0, cut));
        }).QuickCheckThrowOnFailure();
    }

    private static byte[] Run(byte[] message, ScanResult result, RewriteMode mode)
    {
        var output = new ArrayBufferWriter<byte>();
        MessageRewriter.Rewrite(message, result, mode, DateTimeOffset.UnixEpoch, output, () => 7);
        return output.WrittenSpan.ToArray();
    }
}
