using System.Diagnostics;
using System.Text;
using Spamd.Engine.Bayes;

namespace Spamd.Engine.Tests.Bayes;

/// <summary>Mail tagged by the real SpamAssassin comes back as the original before sa-learn learns it.</summary>
public class SpamAssassinMarkupTests
{
    private const string SpamAssassin = "/usr/bin/spamassassin";
    private const string Gtube =
        "From: a@example.com\nTo: b@example.org\nSubject: test gtube\nMessage-ID: <g@example.com>\n\n" +
        "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X\n";

    private static byte[] Tag(byte[] message, params string[] config)
    {
        if (!File.Exists(SpamAssassin)) throw new InvalidOperationException($"SpamAssassin is required at {SpamAssassin}");
        var info = new ProcessStartInfo(SpamAssassin) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add("-L");
        foreach (string line in config) { info.ArgumentList.Add("--cf"); info.ArgumentList.Add(line); }
        using var process = Process.Start(info)!;
        var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        process.StandardInput.BaseStream.Write(message);
        process.StandardInput.Close();
        copy.Wait();
        process.WaitForExit();
        return output.ToArray();
    }

    [Fact]
    public void Report_safe_wrapping_tagged_subjects_and_headers_are_undone()
    {
        byte[] spam = Encoding.ASCII.GetBytes(Gtube);
        byte[] ham = File.ReadAllBytes(CorpusFiles.Messages("easy-ham-1", 1)[0]);
        const string tag = "*****SPAM*****";

        byte[] wrapped = Tag(spam, $"rewrite_header Subject {tag}");
        Assert.Contains("X-Spam-Checker-Version", Encoding.Latin1.GetString(wrapped));
        Assert.Equal(spam, SpamAssassinMarkup.Remove(wrapped, tag));

        byte[] inline = Tag(spam, "report_safe 0", $"rewrite_header Subject {tag}");
        Assert.Contains($"Subject: {tag} test gtube", Encoding.Latin1.GetString(inline));
        Assert.Equal(spam, SpamAssassinMarkup.Remove(inline, tag));

        Assert.Equal(ham, SpamAssassinMarkup.Remove(Tag(ham), null));
        Assert.Same(ham, SpamAssassinMarkup.Remove(ham, null));   // untagged mail is left alone
    }
}
