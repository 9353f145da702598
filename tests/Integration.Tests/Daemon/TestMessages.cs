using System.Text;

namespace Spamd.Integration.Tests.Daemon;

/// <summary>The messages the daemon tests send (the GTUBE one is upstream's t/data/spam/gtube.eml, 386 bytes).</summary>
internal static class TestMessages
{
    public static readonly byte[] Gtube = Encoding.ASCII.GetBytes(
        "Message-ID: <GTUBE1.1010101@example.com>\n" +
        "Date: Mon, 07 Oct 2002 09:00:00 +0000\n" +
        "From: Sender <sender@example.com>\n" +
        "MIME-Version: 1.0\n" +
        "To: Recipient <recipient@example.com>\n" +
        "Subject: GTUBE\n" +
        "Content-Type: text/plain; charset=us-ascii; format=flowed\n" +
        "Content-Transfer-Encoding: 7bit\n" +
        "\n" +
        "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X\n" +
        "\n" +
        "Generic\n" +
        "Test for\n" +
        "Unsolicited\n" +
        "Bulk\n" +
        "Email\n" +
        "\n");

    public static readonly byte[] Ham = Encoding.ASCII.GetBytes(
        "Message-ID: <ham-test-1@example.org>\n" +
        "Date: Tue, 10 Nov 2026 10:00:00 +0000\n" +
        "From: Alice Example <alice@example.org>\n" +
        "To: Bob Example <bob@example.net>\n" +
        "Subject: Lunch on Thursday\n" +
        "\n" +
        "Hi Bob,\n\nAre we still on for lunch on Thursday at noon?\n\nCheers,\nAlice\n");

    public static byte[] Latin1(string text) => Encoding.Latin1.GetBytes(text);

    public static string Text(byte[] bytes) => Encoding.Latin1.GetString(bytes);

    /// <summary>A spamc-style request: request line, User, Content-length, empty line, body.</summary>
    public static byte[] Request(string method, byte[] body, string version = "1.5", string? extraHeaders = null) =>
        [.. Latin1($"{method} SPAMC/{version}\r\nUser: tester\r\n{extraHeaders}Content-length: {body.Length}\r\n\r\n"), .. body];
}
