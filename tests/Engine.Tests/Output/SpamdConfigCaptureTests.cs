using System.Collections.Immutable;
using Spamd.Engine.Output;
using Spamd.Engine.Scanning;
using static Spamd.Engine.Tests.Output.Captures;

namespace Spamd.Engine.Tests.Output;

/// <summary>
/// The §3.6 captures made with per-user settings (report_safe 0/2, rewrite_header, custom headers,
/// required_score), reproduced byte for byte from equivalent <see cref="ScanSettings"/>.
/// </summary>
public class SpamdConfigCaptureTests
{
    private static ScanSettings Rewriting(ScanSettings settings, params (string Header, string Tag)[] rewrites) =>
        settings with { RewriteHeaders = rewrites.ToImmutableDictionary(r => r.Header, r => r.Tag, StringComparer.OrdinalIgnoreCase) };

    private const string SpamHeadersWithReport = """
        X-Spam-Checker-Version: SpamAssassin 4.0.1 (2024-03-25) on vm$
        X-Spam-Flag: YES$
        X-Spam-Level: **************************************************$
        X-Spam-Status: Yes, score=1000.0 required=5.0 tests=GTUBE,NO_RECEIVED,$
        ^INO_RELAYS autolearn=no autolearn_force=no version=4.0.1$
        X-Spam-Report: $
        ^I* -0.0 NO_RECEIVED Informational: message has no Received headers$
        ^I* 1000 GTUBE BODY: Generic Test for Unsolicited Bulk Email$
        ^I* -0.0 NO_RELAYS Informational: message was not relayed via SMTP$

        """;

    private const string GtubeBodyText = """
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

    [Fact]
    public void Many_hits_fold_the_status_header_at_79_columns()
    {
        string[] names =
        [
            "DATE_IN_FUTURE_03_06", "DIET_1", "DRUGS_ERECTILE", "EXCUSE_4", "FORGED_YAHOO_RCVD",
            "FREEMAIL_ENVFROM_END_DIGIT", "FREEMAIL_FROM", "INVALID_DATE", "INVALID_MSGID", "KHOP_HELO_FCRDNS",
            "MSGID_NOFQDN1", "MSGID_SHORT", "NORMAL_HTTP_TO_IP", "SPOOFED_FREEMAIL", "TO_NO_BRKTS_PCNT",
        ];
        var result = new ScanResult
        {
            Score = 19.4, RequiredScore = 5, Settings = StockConfig.Defaults, AutoLearn = "unavailable",
            // Hit order differs from the sorted order the header shows.
            Hits = names.Reverse().Select(n => new RuleHit(n, 1.0, "d", RuleArea.None)).ToArray(),
        };
        var expected = CatAText("""
            X-Spam-Checker-Version: SpamAssassin 4.0.1 (2024-03-25) on vm$
            X-Spam-Flag: YES$
            X-Spam-Level: *******************$
            X-Spam-Status: Yes, score=19.4 required=5.0 tests=DATE_IN_FUTURE_03_06,DIET_1,$
            ^IDRUGS_ERECTILE,EXCUSE_4,FORGED_YAHOO_RCVD,FREEMAIL_ENVFROM_END_DIGIT,$
            ^IFREEMAIL_FROM,INVALID_DATE,INVALID_MSGID,KHOP_HELO_FCRDNS,$
            ^IMSGID_NOFQDN1,MSGID_SHORT,NORMAL_HTTP_TO_IP,SPOOFED_FREEMAIL,$
            ^ITO_NO_BRKTS_PCNT autolearn=unavailable autolearn_force=no version=4.0.1$
            MIME-Version: 1.0$

            """);
        Assert.Contains(expected, Rewrite(Gtube, result));
    }

    [Fact]
    public void Report_safe_0_with_subject_rewrite()
    {
        var settings = Rewriting(StockConfig.Defaults.WithReportSafe(0), ("Subject", "*****SPAM*****"));
        Assert.Equal(CatAText(SpamHeadersWithReport + """
            Message-ID: <GTUBE1.1010101@example.com>$
            Date: Mon, 07 Oct 2002 09:00:00 +0000$
            From: Sender <sender@example.com>$
            MIME-Version: 1.0$
            To: Recipient <recipient@example.com>$
            Subject: *****SPAM***** GTUBE$
            Content-Type: text/plain; charset=us-ascii; format=flowed$
            Content-Transfer-Encoding: 7bit$
            X-Spam-Prev-Subject: GTUBE$

            """ + GtubeBodyText), Rewrite(Gtube, GtubeResult(settings)));
    }

    [Fact]
    public void Report_safe_0_with_from_to_and_subject_rewrites()
    {
        var settings = Rewriting(StockConfig.Defaults.WithReportSafe(0),
            ("From", "SPAMMER"), ("To", "SPAMVICTIM"), ("Subject", "[SPAM]"));
        Assert.Equal(CatAText(SpamHeadersWithReport + """
            Message-ID: <GTUBE1.1010101@example.com>$
            Date: Mon, 07 Oct 2002 09:00:00 +0000$
            From: (SPAMMER) Sender <sender@example.com>$
            MIME-Version: 1.0$
            To: (SPAMVICTIM) Recipient <recipient@example.com>$
            Subject: [SPAM] GTUBE$
            Content-Type: text/plain; charset=us-ascii; format=flowed$
            Content-Transfer-Encoding: 7bit$
            X-Spam-Prev-From: Sender <sender@example.com>$
            X-Spam-Prev-To: Recipient <recipient@example.com>$
            X-Spam-Prev-Subject: GTUBE$

            """ + GtubeBodyText), Rewrite(Gtube, GtubeResult(settings)));
    }

    [Fact]
    public void Report_safe_1_with_subject_rewrite_using_a_tag()
    {
        var settings = Rewriting(StockConfig.Defaults, ("Subject", "[SPAM _SCORE_]"));
        var expected = CatAText("""
            Received: from localhost by vm$
            ^Iwith SpamAssassin (version 4.0.1);$
            ^ISat, 21 Nov 2026 23:57:11 +0000$
            From: Sender <sender@example.com>$
            To: Recipient <recipient@example.com>$
            Subject: [SPAM 1000.0] GTUBE$
            Date: Mon, 07 Oct 2002 09:00:00 +0000$
            Message-Id: <GTUBE1.1010101@example.com>$
            X-Spam-Checker-Version: SpamAssassin 4.0.1 (2024-03-25) on vm$
            X-Spam-Flag: YES$
            X-Spam-Level: **************************************************$
            X-Spam-Status: Yes, score=1000.0 required=5.0 tests=GTUBE,NO_RECEIVED,$
            ^INO_RELAYS autolearn=no autolearn_force=no version=4.0.1$
            MIME-Version: 1.0$
            Content-Type: multipart/mixed; boundary="----------=_6B022FD7.9FAD7D04"$
            $

            """);
        var actual = Normalize(Rewrite(Gtube, GtubeResult(settings)));
        Assert.StartsWith(Normalize(expected), actual);
        // The attached original keeps its own Subject.
        Assert.Contains("\nSubject: GTUBE\nContent-Type: text/plain; charset=us-ascii; format=flowed\n", actual);
    }

    [Fact]
    public void Report_safe_2_attaches_the_original_as_text()
    {
        var settings = StockConfig.Defaults.WithReportSafe(2);
        Assert.Equal(Normalize(CatAText("""
            Received: from localhost by vm$
            ^Iwith SpamAssassin (version 4.0.1);$
            ^ISat, 21 Nov 2026 23:57:11 +0000$
            From: Sender <sender@example.com>$
            To: Recipient <recipient@example.com>$
            Subject: GTUBE$
            Date: Mon, 07 Oct 2002 09:00:00 +0000$
            Message-Id: <GTUBE1.1010101@example.com>$
            X-Spam-Checker-Version: SpamAssassin 4.0.1 (2024-03-25) on vm$
            X-Spam-Flag: YES$
            X-Spam-Level: **************************************************$
            X-Spam-Status: Yes, score=1000.0 required=5.0 tests=GTUBE,NO_RECEIVED,$
            ^INO_RELAYS autolearn=no autolearn_force=no version=4.0.1$
            MIME-Version: 1.0$
            Content-Type: multipart/mixed; boundary="----------=_6B022FD7.6B73723C"$
            $
            This is a multi-part message in MIME format.$
            $
            ------------=_6B022FD7.6B73723C$
            Content-Type: text/plain; charset=UTF-8$
            Content-Disposition: inline$
            Content-Transfer-Encoding: 8bit$
            $
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
            $
            $
            ------------=_6B022FD7.6B73723C$
            Content-Type: text/plain; x-spam-type=original$
            Content-Description: original message before SpamAssassin$
            Content-Disposition: inline$
            Content-Transfer-Encoding: 8bit$
            $
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
            $
            ------------=_6B022FD7.6B73723C--$
            $
            """)), Normalize(Rewrite(Gtube, GtubeResult(settings))));
    }

    [Fact]
    public void Custom_headers_after_clear_headers()
    {
        var settings = StockConfig.Defaults with
        {
            AddedHeaders =
            [
                StockConfig.Defaults.AddedHeaders[0],
                new(HeaderAudience.Spam, "Flag", "_YESNOCAPS_"),
                new(HeaderAudience.All, "Score", "_SCORE(0)_"),
                new(HeaderAudience.All, "Tests", "_TESTSSCORES(,)_"),
                new(HeaderAudience.Ham, "Ham-Info", "_YESNO_ _HITS_/_REQD_"),
            ],
        };
        var actual = Rewrite(Ham, HamResult(settings));
        Assert.Equal(CatAText("""
            X-Spam-Checker-Version: SpamAssassin 4.0.1 (2024-03-25) on vm$
            X-Spam-Score: 01.3$
            X-Spam-Tests: RCVD_ILLEGAL_IP=1.3$
            X-Spam-Ham-Info: No 1.3/5.0$
            Received: from mail.example.org (mail.example.org [192.0.2.10])$
            ^Iby mx.example.net (Postfix) with ESMTP id 4ABC123$

            """), actual[..(actual.IndexOf("ESMTP id 4ABC123\n", StringComparison.Ordinal) + 17)]);
        Assert.EndsWith(System.Text.Encoding.Latin1.GetString(Ham)[100..], actual);
    }

    [Fact]
    public void Required_score_1_turns_the_ham_into_spam_with_a_report_header()
    {
        var settings = (StockConfig.Defaults with { RequiredScore = 1.0 }).WithReportSafe(0);
        var actual = Rewrite(Ham, HamResult(settings));
        Assert.Equal(CatAText("""
            X-Spam-Checker-Version: SpamAssassin 4.0.1 (2024-03-25) on vm$
            X-Spam-Flag: YES$
            X-Spam-Level: *$
            X-Spam-Status: Yes, score=1.3 required=1.0 tests=RCVD_ILLEGAL_IP autolearn=no$
            ^Iautolearn_force=no version=4.0.1$
            X-Spam-Report: $
            ^I*  1.3 RCVD_ILLEGAL_IP Received: contains illegal IP address$

            """) + System.Text.Encoding.Latin1.GetString(Ham), actual);
    }
}
