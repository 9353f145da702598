using System.Text;

namespace Spamd.Benchmarks.Rules;

/// <summary>Messages built in code (the corpus is never part of the repository) shaped like typical ham and spam.</summary>
public static class SyntheticMessages
{
    public static byte[] Ham { get; } = Build(
        """
        Received: from mail.example.org (mail.example.org [192.0.2.10]) by mx.example.net with ESMTP id abc123; Thu, 21 Nov 2024 10:00:05 +0000
        From: Alice Example <alice@example.org>
        To: Bob <bob@example.net>
        Subject: Re: notes from yesterday's meeting
        Date: Thu, 21 Nov 2024 10:00:00 +0000
        Message-ID: <20241121100000.12345@example.org>
        MIME-Version: 1.0
        Content-Type: text/plain; charset=us-ascii

        Hi Bob,

        thanks for the notes. I went through the action items and updated the tracker;
        the release is still planned for next Tuesday if the test run passes.

        Could you check the numbers in section three again? I think the totals are off by one.

        Cheers,
        Alice
        """, paragraphs: 6);

    public static byte[] Spam { get; } = Build(
        """
        Received: from unknown (HELO 198-51-100-7.dyn.example) (198.51.100.7) by mx.example.net; Thu, 21 Nov 2024 10:00:05 +0000
        From: "Best Deals" <deals@cheap-offers.example>
        To: undisclosed-recipients:;
        Subject: CHEAP MEDS ONLINE - LIMITED TIME OFFER 90% OFF
        Date: Thu, 21 Nov 2024 03:00:00 +0000
        Message-ID: <ABCDEFGHIJKLMNOPQRSTUVWXYZAB.deals@cheap-offers.example>
        MIME-Version: 1.0
        Content-Type: text/html; charset=iso-8859-1

        <html><body><p>Dear Friend,</p>
        <p>Buy viagra and cialis online without prescription! Lowest prices guaranteed.
        Click here: http://cheap-offers.example/buy?id=12345 to order now.</p>
        <p>You have been selected to receive a free gift. Act now, this offer expires in 24 hours!
        Send your bank details and your personal information to claim your prize of $1,000,000 USD.</p>
        <p>To unsubscribe click http://cheap-offers.example/unsubscribe</p></body></html>
        """, paragraphs: 4);

    /// <summary>A ~25 KB plain-text message of many paragraphs: the cost of long bodies (rules run per paragraph).</summary>
    public static byte[] Large { get; } = Build(Encoding.ASCII.GetString(Ham), paragraphs: 12);

    private static byte[] Build(string template, int paragraphs)
    {
        int split = template.IndexOf("\n\n", StringComparison.Ordinal);
        var text = new StringBuilder(template[..(split + 2)]);
        string body = template[(split + 2)..];
        for (int i = 0; i < paragraphs; i++) text.Append(body).Append("\n\n");
        return Encoding.Latin1.GetBytes(text.ToString());
    }
}
