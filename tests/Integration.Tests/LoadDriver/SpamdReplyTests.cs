using System.Text;
using Spamd.LoadDriver;

namespace Spamd.Integration.Tests.LoadDriver;

/// <summary>Reply judging on its own, byte by byte, as spamc would read it.</summary>
public sealed class SpamdReplyTests
{
    private static ReplyState Judge(string bytes, ScanMethod method, out SpamdReply reply, bool endOfStream = false) =>
        SpamdReply.Evaluate(Encoding.Latin1.GetBytes(bytes), endOfStream, method, out reply);

    [Theory]
    [InlineData("SPAMD/1.1 0 EX_OK\r\nSpam: True ; 1000.0 / 5.0\r\n\r\n", true, 1000.0)]
    [InlineData("SPAMD/1.1 0 EX_OK\nSpam: False ; -0.0 / 5.0\n\n", false, 0.0)]
    [InlineData("SPAMD/1.1 0\r\nX-Other: 1\r\nSpam: False ; 1 / 1.1\r\n\r\n", false, 1.0)]
    public void CompleteCheckReplies(string bytes, bool spam, double score)
    {
        Assert.Equal(ReplyState.Complete, Judge(bytes, ScanMethod.Check, out var reply));
        Assert.Null(reply.Error);
        Assert.Equal(spam, reply.IsSpam);
        Assert.Equal(score, reply.Score);
    }

    [Fact]
    public void EveryPrefixOfAGoodReplyNeedsMore()
    {
        const string full = "SPAMD/1.1 0 EX_OK\r\nContent-length: 5\r\nSpam: Yes ; 9.0 / 5.0\r\n\r\nABCDE";
        for (int i = 0; i < full.Length; i++)
            Assert.Equal(ReplyState.NeedMore, Judge(full[..i], ScanMethod.ReportIfSpam, out _));
        Assert.Equal(ReplyState.Complete, Judge(full, ScanMethod.ReportIfSpam, out var reply));
        Assert.True(reply.IsSpam); // REPORT_IFSPAM says Yes
    }

    [Theory]
    [InlineData("SPAMD/0.9 0 EX_OK\r\n", "bad-status")]
    [InlineData("SPAMD/1.1 EX_OK\r\n", "bad-status")]
    [InlineData("SPAMD/1.0 79 Timeout: (30 second timeout while trying to CHECK)\r\n", "server-79")]
    [InlineData("SPAMD/1.1 0 EX_OK\r\nSpam: True;9.0/5.0\r\n\r\n", "bad-header")]
    public void RejectsWhatSpamcRejects(string bytes, string error)
    {
        Assert.Equal(ReplyState.Failed, Judge(bytes, ScanMethod.Check, out var reply));
        Assert.Equal(error, reply.Error);
    }

    [Fact]
    public void PingNeedsOnlyTheStatusLine()
    {
        Assert.Equal(ReplyState.NeedMore, Judge("SPAMD/1.5 0 PO", ScanMethod.Ping, out _));
        Assert.Equal(ReplyState.Complete, Judge("SPAMD/1.5 0 PONG\r\n", ScanMethod.Ping, out var reply));
        Assert.Null(reply.Error);
    }

    [Fact]
    public void EndOfStreamTurnsMissingBytesIntoErrors()
    {
        Assert.Equal(ReplyState.Failed, Judge("", ScanMethod.Check, out var empty, endOfStream: true));
        Assert.Equal("closed-early", empty.Error);
        Assert.Equal(ReplyState.Failed, Judge("SPAMD/1.1 0 EX_OK\r\nContent-length: 9\r\nSpam: True ; 9.0 / 5.0\r\n\r\nABC",
            ScanMethod.Process, out var shortBody, endOfStream: true));
        Assert.Equal("closed-early", shortBody.Error);
    }
}
