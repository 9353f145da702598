using System.Text;
using Spamd.Engine.Output;
using Spamd.Engine.Scanning;
using static Spamd.Engine.Tests.Output.Captures;

namespace Spamd.Engine.Tests.Output;

/// <summary>
/// Every PROCESS/HEADERS/REPORT capture of spamd 4.0.1 in the reference notes (§3.6), reproduced byte for byte
/// (only the Received date and the MIME boundary are normalised; their lengths are fixed, so the capture's
/// Content-length is checked too).
/// </summary>
public class SpamdCaptureTests
{
    private static void AssertCapture(string expectedCatA, string actual, int? contentLength = null)
    {
        var expected = CatAText(expectedCatA);
        Assert.Equal(Normalize(expected), Normalize(actual));
        if (contentLength is { } n) Assert.Equal(n, actual.Length);
    }

    private const string SpamReport = """
        {{INTRO:spam}}$
        $
        Content preview:  XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X$
           Generic Test for Unsolicited Bulk Email $
        $
        Content analysis details:   (1000.0 points, 5.0 required)$
        $
        {{TABLE}}$
        -0.0 NO_RECEIVED            Informational: message has no Received headers$
        1000 GTUBE                  BODY: Generic Test for Unsolicited Bulk Email$
        -0.0 NO_RELAYS              Informational: message was not relayed via SMTP$
        $
        """;

    private const string SpamStatus = """
        X-Spam-Checker-Version: SpamAssassin 4.0.1 (2024-03-25) on vm$
        X-Spam-Flag: YES$
        X-Spam-Level: **************************************************$
        X-Spam-Status: Yes, score=1000.0 required=5.0 tests=GTUBE,NO_RECEIVED,$
        ^INO_RELAYS autolearn=no autolearn_force=no version=4.0.1$

        """;

    private const string WrapperHead = """
        Received: from localhost by vm$
        ^Iwith SpamAssassin (version 4.0.1);$
        ^ISat, 21 Nov 2026 23:52:03 +0000$
        From: Sender <sender@example.com>$
        To: Recipient <recipient@example.com>$
        Subject: GTUBE$
        Date: Mon, 07 Oct 2002 09:00:00 +0000$
        Message-Id: <GTUBE1.1010101@example.com>$

        """;

    [Fact]
    public void Report_spam()
    {
        AssertCapture(SpamReport, Report(GtubeResult()), contentLength: 806);
    }

    [Fact]
    public void Report_ham()
    {
        AssertCapture("""
            {{INTRO:ham}}$
            $
            Content preview:  Hi Bob, Are we still on for lunch on Thursday at noon? I was$
               thinking we could try the new place on Main Street. Cheers, Alice $
            $
            Content analysis details:   (1.3 points, 5.0 required)$
            $
            {{TABLE}}$
             1.3 RCVD_ILLEGAL_IP        Received: contains illegal IP address$
            $
            """, Report(HamResult()), contentLength: 657);
    }

    [Fact]
    public void Process_spam_report_safe_1()
    {
        AssertCapture(WrapperHead + SpamStatus + """
            MIME-Version: 1.0$
            Content-Type: multipart/mixed; boundary="----------=_6B022EA3.416CC9CE"$
            $
            This is a multi-part message in MIME format.$
            $
            ------------=_6B022EA3.416CC9CE$
            Content-Type: text/plain; charset=UTF-8$
            Content-Disposition: inline$
            Content-Transfer-Encoding: 8bit$
            $

            """ + SpamReport + """

            $
            $
            ------------=_6B022EA3.416CC9CE$
            Content-Type: message/rfc822; x-spam-type=original$
            Content-Description: original message before SpamAssassin$
            Content-Disposition: inline$
            Content-Transfer-Encoding: 8bit$
            $

            """ + GtubeText + """

            $
            ------------=_6B022EA3.416CC9CE--$
            $
            """, Rewrite(Gtube, GtubeResult()), contentLength: 2240);
    }

    [Fact]
    public void Process_spam_report_safe_1_is_exact_with_pinned_time_and_random()
    {
        // With the capture's own time and random number only the time zone can differ.
        var actual = Rewrite(Gtube, GtubeResult());
        Assert.Contains("boundary=\"----------=_6B022EA3.416CC9CE\"\n", actual);
        if (TimeZoneInfo.Local.BaseUtcOffset == TimeSpan.Zero)
            Assert.Contains("\n\tSat, 21 Nov 2026 23:52:03 +0000\n", actual);
    }

    [Fact]
    public void Process_ham()
    {
        AssertCapture("""
            X-Spam-Checker-Version: SpamAssassin 4.0.1 (2024-03-25) on vm$
            X-Spam-Level: *$
            X-Spam-Status: No, score=1.3 required=5.0 tests=RCVD_ILLEGAL_IP autolearn=no$
            ^Iautolearn_force=no version=4.0.1$

            """ + HamText, Rewrite(Ham, HamResult()), contentLength: 765);
    }

    [Fact]
    public void Process_ham_without_hits()
    {
        var result = new ScanResult
        {
            Score = 0, RequiredScore = 5, Hits = [], Settings = StockConfig.Defaults, AutoLearn = "unavailable",
        };
        AssertCapture("""
            X-Spam-Checker-Version: SpamAssassin 4.0.1 (2024-03-25) on vm$
            X-Spam-Level: $
            X-Spam-Status: No, score=0.0 required=5.0 tests=none autolearn=unavailable$
            ^Iautolearn_force=no version=4.0.1$

            """ + HamText, Rewrite(Ham, result));
    }

    [Fact]
    public void Headers_spam()
    {
        AssertCapture(WrapperHead + SpamStatus + """
            MIME-Version: 1.0$
            Content-Type: multipart/mixed; boundary="----------=_6B022EA6.4F39CD92"$
            $
            """, Rewrite(Gtube, GtubeResult(), RewriteMode.HeadersOnly), contentLength: 629);
    }

    [Fact]
    public void Headers_ham()
    {
        AssertCapture("""
            X-Spam-Checker-Version: SpamAssassin 4.0.1 (2024-03-25) on vm$
            X-Spam-Level: *$
            X-Spam-Status: No, score=1.3 required=5.0 tests=RCVD_ILLEGAL_IP autolearn=no$
            ^Iautolearn_force=no version=4.0.1$
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
            """, Rewrite(Ham, HamResult(), RewriteMode.HeadersOnly), contentLength: 636);
    }

    [Fact]
    public void Process_existing_spam_fields_mbox_line_return_path_8bit_negative_zero()
    {
        var result = new ScanResult
        {
            Score = -0.002, RequiredScore = 5,
            Hits = [Hit("NO_RECEIVED", -0.001), Hit("NO_RELAYS", -0.001)],
            Settings = StockConfig.Defaults, AutoLearn = "unavailable",
        };
        AssertCapture("""
            From alice@example.org Tue Nov 10 10:00:00 2026$
            Return-Path: <alice@example.org>$
            X-Spam-Checker-Version: SpamAssassin 4.0.1 (2024-03-25) on vm$
            X-Spam-Level: $
            X-Spam-Status: No, score=-0.0 required=5.0 tests=NO_RECEIVED,NO_RELAYS$
            ^Iautolearn=unavailable autolearn_force=no version=4.0.1$
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
            """, Rewrite(HamFakeXSpam, result), contentLength: 630);
    }

    [Fact]
    public void Process_crlf_input_uses_crlf_for_added_lines()
    {
        var crlf = Encoding.Latin1.GetBytes(Encoding.Latin1.GetString(Gtube).Replace("\n", "\r\n"));
        var expected = (WrapperHead + SpamStatus + """
            MIME-Version: 1.0$
            Content-Type: multipart/mixed; boundary="----------=_6B0230CA.7CF02A31"$
            $
            This is a multi-part message in MIME format.$
            $

            """).Replace("$\n", "^M$\n");
        var actual = Rewrite(crlf, GtubeResult());
        var expectedStart = Normalize(CatAText(expected));
        Assert.Equal(expectedStart, Normalize(actual)[..expectedStart.Length]);
        Assert.Equal(2308, actual.Length);
        Assert.EndsWith(Encoding.Latin1.GetString(crlf) + "\r\n------------=_6B022EA3.416CC9CE--\r\n\r\n", actual);
    }
}
