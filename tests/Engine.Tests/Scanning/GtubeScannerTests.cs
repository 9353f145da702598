using System.Text;
using Spamd.Engine.Scanning;

namespace Spamd.Engine.Tests.Scanning;

public class GtubeScannerTests
{
    [Fact]
    public void Gtube_message_is_spam_with_1000_points()
    {
        var scanner = new GtubeScanner();
        var msg = Encoding.ASCII.GetBytes("Subject: x\n\nXJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X\n");
        var result = scanner.Scan(msg, scanner.DefaultSettings, CancellationToken.None);
        Assert.True(result.IsSpam);
        Assert.Equal(1000.0, result.Score);
        Assert.Equal("GTUBE", Assert.Single(result.Hits).Name);
    }

    [Fact]
    public void Plain_message_is_ham()
    {
        var scanner = new GtubeScanner();
        var result = scanner.Scan("Subject: x\n\nhello\n"u8.ToArray(), scanner.DefaultSettings, CancellationToken.None);
        Assert.False(result.IsSpam);
        Assert.Empty(result.Hits);
    }
}
