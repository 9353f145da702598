using System.Text;
using Spamd.Integration.Tests.Infrastructure;
using Spamd.LoadDriver;

namespace Spamd.Integration.Tests.LoadDriver;

/// <summary>A tiny labelled corpus written to a temporary directory: one GTUBE spam and two plain hams.</summary>
public sealed class TestCorpus : IDisposable
{
    public const string Gtube =
        "Subject: Test spam mail (GTUBE)\r\nMessage-ID: <GTUBE1.1010101@example.net>\r\nDate: Wed, 23 Jul 2003 23:30:00 +0200\r\n" +
        "From: Sender <sender@example.net>\r\nTo: Recipient <recipient@example.net>\r\nMIME-Version: 1.0\r\n" +
        "Content-Type: text/plain; charset=us-ascii\r\nContent-Transfer-Encoding: 7bit\r\n\r\n" +
        "This is the GTUBE, the\r\n\tGeneric\r\n\tTest for\r\n\tUnsolicited\r\n\tBulk\r\n\tEmail\r\n\r\n" +
        "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X\r\n\r\nYou should send this test mail from an account outside of your network.\r\n";

    private static string Ham(int n) =>
        $"From: Alice Example <alice@example.org>\r\nTo: Bob Example <bob@example.org>\r\nSubject: Minutes of meeting {n}\r\n" +
        $"Date: Mon, 3 Mar 2025 10:1{n}:00 +0000\r\nMessage-ID: <minutes-{n}@example.org>\r\n\r\n" +
        "Hi Bob,\r\n\r\nthe minutes of this morning's meeting are below. We agreed to move the review to Thursday.\r\n\r\nAlice\r\n";

    public TestCorpus()
    {
        Root = TestPaths.NewTempDir("spamload-corpus");
        Directory.CreateDirectory(Path.Combine(Root, "spam"));
        Directory.CreateDirectory(Path.Combine(Root, "ham"));
        File.WriteAllText(Path.Combine(Root, "spam", "gtube.txt"), Gtube, Encoding.Latin1);
        File.WriteAllText(Path.Combine(Root, "ham", "one.txt"), Ham(1), Encoding.Latin1);
        File.WriteAllText(Path.Combine(Root, "ham", "two.txt"), Ham(2), Encoding.Latin1);
    }

    public string Root { get; }

    public List<CorpusMessage> Load() => Corpus.Load([Root]);

    public SpamcRequest[] Requests(ScanMethod method = ScanMethod.Check, string? user = null) =>
        Load().Select(m => SpamcRequest.Build(method, user, m.Bytes, m.ExpectSpam)).ToArray();

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
