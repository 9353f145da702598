using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;
using Spamd.Engine.Output;
using Spamd.Engine.Scanning;

namespace Spamd.Engine.Tests.Output;

/// <summary>
/// The messages and scan outcomes behind the spamd 4.0.1 captures in the reference notes (§3.6), and helpers to
/// compare our bytes with them.
/// </summary>
internal static partial class Captures
{
    /// <summary>The time of the first capture (Sat, 21 Nov 2026 23:52:03 +0000; boundary 6B022EA3.416CC9CE).</summary>
    public static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(0x6B022EA3);

    /// <summary>The Gtube message as the reference shows it (cat -A notation).</summary>
    public const string GtubeText = """
        Message-ID: <GTUBE1.1010101@example.com>$
        Date: Mon, 07 Oct 2002 09:00:00 +0000$
        From: Sender <sender@example.com>$
        MIME-Version: 1.0$
        To: Recipient <recipient@example.com>$
        Subject: GTUBE$
        Content-Type: text/plain; charset=us-ascii; format=flowed$
        Content-Transfer-Encoding: 7bit$
        $
        XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X$
        $
        Generic$
        Test for$
        Unsolicited$
        Bulk$
        Email$
        $
        """;

    public static readonly byte[] Gtube = CatA(GtubeText);

    /// <summary>The Ham message as the reference shows it (cat -A notation).</summary>
    public const string HamText = """
        Received: from mail.example.org (mail.example.org [192.0.2.10])$
        ^Iby mx.example.net (Postfix) with ESMTP id 4ABC123$
        ^Ifor <bob@example.net>; Tue, 10 Nov 2026 10:00:00 +0000 (UTC)$
        Message-ID: <ham-test-1@example.org>$
        Date: Tue, 10 Nov 2026 10:00:00 +0000$
        From: Alice Example <alice@example.org>$
        To: Bob Example <bob@example.net>$
        Subject: Lunch on Thursday$
        MIME-Version: 1.0$
        Content-Type: text/plain; charset=us-ascii$
        Content-Transfer-Encoding: 7bit$
        $
        Hi Bob,$
        $
        Are we still on for lunch on Thursday at noon? I was thinking we could$
        try the new place on Main Street.$
        $
        Cheers,$
        Alice$
        """;

    public static readonly byte[] Ham = CatA(HamText);

    public static readonly byte[] HamFakeXSpam = CatA("""
        From alice@example.org Tue Nov 10 10:00:00 2026$
        Return-Path: <alice@example.org>$
        X-Spam-Flag: YES$
        X-Spam-Status: Yes, score=99.0 required=5.0 tests=FAKE$
        ^Iautolearn=no$
        X-Spam-Prev-Subject: old$
        Message-ID: <ham-test-2@example.org>$
        Date: Tue, 10 Nov 2026 10:00:00 +0000$
        From: Alice Example <alice@example.org>$
        To: Bob Example <bob@example.net>$
        Subject: =?UTF-8?Q?Caf=C3=A9_meeting?=$
        MIME-Version: 1.0$
        Content-Type: text/plain; charset=utf-8$
        Content-Transfer-Encoding: 8bit$
        $
        GrM-CM-<M-CM-^_e aus KM-CM-6ln! See you at the cafM-CM-).$
        """);

    /// <summary>The body rendering SpamAssassin builds for <see cref="Gtube"/> (Subject first, one entry per paragraph).</summary>
    public static readonly string[] GtubeBody =
    [
        "GTUBE",
        "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X\n",
        "Generic Test for Unsolicited Bulk Email\n",
    ];

    public static readonly string[] HamBody =
    [
        "Lunch on Thursday",
        "Hi Bob,\n",
        "Are we still on for lunch on Thursday at noon? I was thinking we could try the new place on Main Street.\n",
        "Cheers, Alice\n",
    ];

    public static RuleHit Hit(string rule, double score, RuleArea area = RuleArea.None) =>
        new(rule, score, StockConfig.Describe(rule), area);

    /// <summary>GTUBE as the full stock ruleset scores it: NO_RECEIVED, GTUBE, NO_RELAYS in hit order.</summary>
    public static ScanResult GtubeResult(ScanSettings? settings = null)
    {
        settings ??= StockConfig.Defaults;
        return new ScanResult
        {
            Score = 999.998,
            RequiredScore = settings.RequiredScore,
            Hits = [Hit("NO_RECEIVED", -0.001), Hit("GTUBE", 1000, RuleArea.Body), Hit("NO_RELAYS", -0.001)],
            Settings = settings,
            ContentPreview = ContentPreview.FromBody(GtubeBody),
            AutoLearn = "no",
        };
    }

    /// <summary>The ham capture: RCVD_ILLEGAL_IP (1.3).</summary>
    public static ScanResult HamResult(ScanSettings? settings = null)
    {
        settings ??= StockConfig.Defaults;
        return new ScanResult
        {
            Score = 1.3,
            RequiredScore = settings.RequiredScore,
            Hits = [Hit("RCVD_ILLEGAL_IP", 1.3)],
            Settings = settings,
            ContentPreview = ContentPreview.FromBody(HamBody),
            AutoLearn = "no",
        };
    }

    public static string Rewrite(byte[] message, ScanResult result, RewriteMode mode = RewriteMode.Full)
    {
        var output = new ArrayBufferWriter<byte>();
        MessageRewriter.Rewrite(message, result, mode, Now, output, () => 0x416CC9CE);
        return Encoding.Latin1.GetString(output.WrittenSpan);
    }

    public static string Report(ScanResult result)
    {
        var output = new ArrayBufferWriter<byte>();
        ReportWriter.Write(result, Now, output);
        return Encoding.Latin1.GetString(output.WrittenSpan);
    }

    /// <summary>
    /// Decodes a <c>cat -A</c> rendering (as the reference notes show captures): "$" ends a line, "^M$" is CRLF,
    /// "^I" a TAB, "M-" sets the high bit. {{INTRO:spam}}, {{INTRO:ham}}, {{TABLE}} and {{UNSAFE}} stand for
    /// the stock report's prose, read from the installed configuration. Returns Latin-1 bytes.
    /// </summary>
    public static byte[] CatA(string rendering)
    {
        rendering = rendering
            .Replace("{{INTRO:spam}}$", CatEscape(StockConfig.Intro(spam: true)) + "$")
            .Replace("{{INTRO:ham}}$", CatEscape(StockConfig.Intro(spam: false)) + "$")
            .Replace("{{TABLE}}$", CatEscape(StockConfig.TableHead) + "$")
            .Replace("{{UNSAFE}}$", CatEscape(StockConfig.Defaults.UnsafeReportTemplate.TrimEnd('\n')) + "$");
        var bytes = new List<byte>();
        var lines = rendering.Split('\n');
        for (int l = 0; l < lines.Length; l++)
        {
            var line = lines[l];
            bool newline = line.EndsWith('$');
            if (newline) line = line[..^1];
            for (int i = 0; i < line.Length; i++)
            {
                int high = 0;
                if (line[i] == 'M' && i + 1 < line.Length && line[i + 1] == '-') { high = 0x80; i += 2; }
                if (line[i] == '^' && i + 1 < line.Length && (line[i + 1] is >= '@' and <= '_' || line[i + 1] == '?'))
                {
                    bytes.Add((byte)(high | (line[i + 1] == '?' ? 0x7F : line[i + 1] - 0x40)));
                    i++;
                }
                else bytes.Add((byte)(high | line[i]));
            }
            if (newline) bytes.Add((byte)'\n');
            else if (l < lines.Length - 1) throw new FormatException($"line without '$': {line}");
        }
        // "^M" right before a line end is the CR of a CRLF.
        return bytes.ToArray();
    }

    public static string CatAText(string rendering) => Encoding.Latin1.GetString(CatA(rendering));

    private static string CatEscape(string text) => text.Replace("\n", "$\n");

    /// <summary>Replaces the Received date and the MIME boundary, which change with every run.</summary>
    public static string Normalize(string text) =>
        Boundary().Replace(DateLine().Replace(text, "\tDATE$1"), "BOUNDARY");

    [GeneratedRegex(@"(?m)^\t(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d \w{3} \d{4} \d\d:\d\d:\d\d [+-]\d{4}(\r?)$")]
    private static partial Regex DateLine();

    [GeneratedRegex(@"----------=_[0-9A-F]{8}\.[0-9A-F]{8}(?:/[0-9A-F]{8})*")]
    private static partial Regex Boundary();
}
