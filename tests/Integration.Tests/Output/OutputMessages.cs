using System.Text;
using System.Text.RegularExpressions;

namespace Spamd.Integration.Tests.Output;

/// <summary>Test messages, and the body rendering SpamAssassin builds from them (for the content preview).</summary>
internal static partial class OutputMessages
{
    public const string GtubeString = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X";

    public static readonly string Gtube =
        "Message-ID: <GTUBE1.1010101@example.com>\nDate: Mon, 07 Oct 2002 09:00:00 +0000\n" +
        "From: Sender <sender@example.com>\nMIME-Version: 1.0\nTo: Recipient <recipient@example.com>\n" +
        "Subject: GTUBE\nContent-Type: text/plain; charset=us-ascii; format=flowed\nContent-Transfer-Encoding: 7bit\n\n" +
        GtubeString + "\n\nGeneric\nTest for\nUnsolicited\nBulk\nEmail\n\n";

    public static readonly string Ham =
        "Received: from mail.example.org (mail.example.org [192.0.2.10])\n" +
        "\tby mx.example.net (Postfix) with ESMTP id 4ABC123\n" +
        "\tfor <bob@example.net>; Tue, 10 Nov 2026 10:00:00 +0000 (UTC)\n" +
        "Message-ID: <ham-test-1@example.org>\nDate: Tue, 10 Nov 2026 10:00:00 +0000\n" +
        "From: Alice Example <alice@example.org>\nTo: Bob Example <bob@example.net>\nSubject: Lunch on Thursday\n" +
        "MIME-Version: 1.0\nContent-Type: text/plain; charset=us-ascii\nContent-Transfer-Encoding: 7bit\n\n" +
        "Hi Bob,\n\nAre we still on for lunch on Thursday at noon? I was thinking we could\n" +
        "try the new place on Main Street.\n\nCheers,\nAlice\n";

    /// <summary>Old X-Spam fields, an mbox From line, Return-Path first, UTF-8 body (as octets).</summary>
    public static readonly string FakeXSpam = Utf8(
        "From alice@example.org Tue Nov 10 10:00:00 2026\nReturn-Path: <alice@example.org>\nX-Spam-Flag: YES\n" +
        "X-Spam-Status: Yes, score=99.0 required=5.0 tests=FAKE\n\tautolearn=no\nX-Spam-Prev-Subject: old\n" +
        "Message-ID: <ham-test-2@example.org>\nDate: Tue, 10 Nov 2026 10:00:00 +0000\n" +
        "From: Alice Example <alice@example.org>\nTo: Bob Example <bob@example.net>\n" +
        "Subject: =?UTF-8?Q?Caf=C3=A9_meeting?=\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n" +
        "Content-Transfer-Encoding: 8bit\n\nGrüße aus Köln! See you at the café.\n");

    /// <summary>Spam whose X-Spam fields come before Return-Path, in an mbox, with an 8-bit body.</summary>
    public static readonly string SpamMbox = Utf8(
        "From spammer@example.com Tue Nov 10 10:00:00 2026\nX-Spam-Flag: NO\nReturn-Path: <spammer@example.com>\n" +
        "\t(continued)\nFrom: Spammer <spammer@example.com>\nTo: you@example.net\nSubject: Grüße\n\n" +
        "Kaufen Sie jetzt! " + GtubeString + "\n");

    public static readonly string HtmlSpam =
        "From: a@example.com\nSubject: hi\nContent-Type: text/html\n\n" + GtubeString + "\n";

    public static readonly string SpamWithoutSubject =
        "From: Sender <sender@example.com>\nTo: Recipient <recipient@example.com>\n\n" + GtubeString + "\n";

    /// <summary>Two Subject fields (one lower-case, one folded) and a folded From, as spam.</summary>
    public static readonly string SpamWithOddSubjects =
        "subject: first one\nFrom: Sender\n <sender@example.com>\nTo: r@example.net\nSubject: second\n\tcontinued here\n\n" +
        GtubeString + "\n";

    /// <summary>LF headers but a CRLF last line: SpamAssassin switches to CRLF and repairs the header lines.</summary>
    public static readonly string MixedLineEndings =
        "From: a@example.com\nSubject: mixed\r\nTo: b@example.net\n\n" + GtubeString + "\nlast line\r\n";

    public static readonly string HamWithoutSubject = "From: a@example.com\nTo: x@example.net\n\nhello there\n";

    public static readonly string SpamWithReceived =
        "Received: from a.example.com by b.example.net; Tue, 10 Nov 2026 10:00:00 +0000\n" +
        "Received: from c.example.com\n\tby a.example.com; Tue, 10 Nov 2026 09:59:00 +0000\n" +
        "X-Custom: one\nFrom: Sender <sender@example.com>\nCc: Copy <cc@example.com>\nX-Custom: two\n" +
        "To: Recipient <recipient@example.com>,\n  Other <other@example.com>\nSubject: A rather long subject line for " +
        "a message that says buy now\nContent-Type: multipart/alternative; boundary=\"b1\"\n\n" +
        "--b1\nContent-Type: text/plain\n\n" + GtubeString + "\n--b1--\n";

    /// <summary>Lines that are not header fields, inside the header section.</summary>
    public static readonly string InvalidHeaderLines = "Subject: x\nnot a header\nnor this\n\nbody " + GtubeString + "\n";

    public static readonly string HeadersOnly = "Subject: no body\nFrom: a@example.com";

    public static byte[] Bytes(string message) => Encoding.Latin1.GetBytes(message);

    public static byte[] Crlf(string message) => Bytes(message.Replace("\n", "\r\n"));

    /// <summary>
    /// SpamAssassin's body rendering for simple single-part text messages: the Subject line first, then the
    /// paragraphs with white space collapsed, one per entry.
    /// </summary>
    public static string[] BodyText(string message)
    {
        var text = message.Replace("\r\n", "\n");
        int split = text.IndexOf("\n\n", StringComparison.Ordinal);
        var head = split < 0 ? text : text[..(split + 1)];
        var body = split < 0 ? "" : text[(split + 2)..];
        var subject = SubjectLine().Match(head);
        var subjectText = subject.Success ? subject.Groups[1].Value.Trim() + "\n" : "\n";

        var boundary = BoundaryParam().Match(head);
        if (boundary.Success)
        {
            // Only the first part matters to these tests; skip its MIME headers.
            var part = body[(body.IndexOf("\n\n", StringComparison.Ordinal) + 2)..];
            body = part[..part.IndexOf("\n--" + boundary.Groups[1].Value, StringComparison.Ordinal)] + "\n";
        }
        body = Paragraph().Replace(body, "\0");
        body = Space().Replace(body, " ").Replace('\0', '\n');
        // split /^/m: every line keeps its "\n"; a last line without one stays too.
        return LineStart().Split(subjectText + body).Where(l => l.Length > 0).ToArray();
    }

    private static string Utf8(string text) => Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(text));

    [GeneratedRegex(@"(?<=\n)")]
    private static partial Regex LineStart();

    [GeneratedRegex(@"^Subject:(.*)$", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex SubjectLine();

    [GeneratedRegex("boundary=\"([^\"]+)\"")]
    private static partial Regex BoundaryParam();

    [GeneratedRegex(@"\n+[ \t\n\r\f\v]*\n+")]
    private static partial Regex Paragraph();

    [GeneratedRegex(@"[ \t\n\r\f\v]+")]
    private static partial Regex Space();
}
