using System.Text;

namespace Spamd.Integration.Tests.Client;

/// <summary>Messages written for the client tests: GTUBE spam, a plain ham, an 8-bit ham, in LF and CRLF.</summary>
public static class TestMessages
{
    /// <param name="id">Message-ID; Bayes tells messages apart by their body, so the id is repeated in the text.</param>
    public static byte[] Gtube(string id = "GTUBE1.1010101@example.com") => Lf($"""
        Message-ID: <{id}>
        Date: Mon, 07 Oct 2002 09:00:00 +0000
        From: Sender <sender@example.com>
        To: Recipient <recipient@example.com>
        Subject: Test spam mail (GTUBE)
        MIME-Version: 1.0
        Content-Type: text/plain; charset=us-ascii
        Content-Transfer-Encoding: 7bit

        This is the GTUBE ({id}), the
        	Generic
        	Test for
        	Unsolicited
        	Bulk
        	Email

        XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X

        """);

    public static byte[] Ham(string id = "lunch.42@example.org") => Lf($"""
        Received: from mail.example.org (mail.example.org [192.0.2.10])
        	by mx.example.com with ESMTP id abc123
        	for <bob@example.com>; Mon, 07 Oct 2002 09:00:00 +0000
        Message-ID: <{id}>
        Date: Mon, 07 Oct 2002 09:00:00 +0000
        From: Alice <alice@example.org>
        To: Bob <bob@example.com>
        Subject: Lunch on Thursday?

        Hi Bob,

        Are we still on for lunch on Thursday at noon? I was thinking we could
        try the new place on Main Street.

        Cheers,
        Alice

        """);

    /// <summary>A ham whose body is 8-bit: UTF-8 text and a raw Latin-1 byte.</summary>
    public static byte[] EightBitHam()
    {
        var head = Lf("""
            Message-ID: <eightbit.7@example.org>
            Date: Mon, 07 Oct 2002 09:00:00 +0000
            From: Zoë <zoe@example.org>
            To: Björn <bjorn@example.com>
            Subject: Café on Friday
            MIME-Version: 1.0
            Content-Type: text/plain; charset=utf-8
            Content-Transfer-Encoding: 8bit

            Hallo Björn, treffen wir uns im Café am Marktplatz? Grüße, Zoë

            """);
        return [.. head, 0xE9, (byte)'\n'];
    }

    public static byte[] Crlf(byte[] lf) => Encoding.Latin1.GetBytes(Encoding.Latin1.GetString(lf).Replace("\n", "\r\n"));

    private static byte[] Lf(string text) => Encoding.UTF8.GetBytes(text.Replace("\r\n", "\n"));
}
