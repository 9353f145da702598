using Spamd.Engine.Protocol;
using Spamd.Protocol;
using static Spamd.Engine.Tests.Protocol.ProtocolTestKit;

namespace Spamd.Engine.Tests.Protocol;

public class RequestLineParserTests
{
    [Theory]
    [InlineData("CHECK SPAMC/1.5", SpamdMethod.Check, 1.5)]
    [InlineData("PROCESS SPAMC/1.5", SpamdMethod.Process, 1.5)]
    [InlineData("SYMBOLS SPAMC/1.2", SpamdMethod.Symbols, 1.2)]
    [InlineData("REPORT SPAMC/1.3", SpamdMethod.Report, 1.3)]
    [InlineData("REPORT_IFSPAM SPAMC/1.5", SpamdMethod.ReportIfSpam, 1.5)]
    [InlineData("HEADERS SPAMC/1.4", SpamdMethod.Headers, 1.4)]
    [InlineData("TELL SPAMC/1.5", SpamdMethod.Tell, 1.5)]
    [InlineData("PING SPAMC/1.5", SpamdMethod.Ping, 1.5)]
    [InlineData("SKIP SPAMC/1.5", SpamdMethod.Skip, 1.5)]
    [InlineData("XXCHECK SPAMC/1.5", SpamdMethod.Check, 1.5)]     // unanchored
    [InlineData("CHECK SPAMC/abc", SpamdMethod.Check, 0)]         // Perl numeric
    [InlineData("CHECK SPAMC/1.10", SpamdMethod.Check, 1.1)]
    [InlineData("CHECK SPAMC/", SpamdMethod.Check, 0)]
    [InlineData("PING SPAMC/1.5 CHECK SPAMC/1.2", SpamdMethod.Check, 1.2)] // the scan pattern is tried first
    [InlineData("TELL SPAMC/1.5 PING SPAMC/1.5", SpamdMethod.Tell, 1.5)]
    public void Recognises_methods_like_spamd(string line, SpamdMethod method, double version)
    {
        Assert.True(RequestLineParser.TryParse(Bytes(line), out var request));
        Assert.Equal(method, request.Method);
        Assert.Equal(version, request.Version);
    }

    [Theory]
    [InlineData("check spamc/1.5")]   // case-sensitive
    [InlineData("CHECK  SPAMC/1.5")]  // two spaces
    [InlineData("FOO SPAMC/1.5")]
    [InlineData("CHECK SPAMC")]
    [InlineData("GET / HTTP/1.1")]
    [InlineData("")]
    public void Rejects_other_lines(string line) => Assert.False(RequestLineParser.TryParse(Bytes(line), out _));

    [Theory]
    [InlineData("CHECK SPAMC/1.0", false)]
    [InlineData("CHECK SPAMC/abc", false)]
    [InlineData("CHECK SPAMC/1.1", true)]
    [InlineData("TELL SPAMC/1.0", true)]
    [InlineData("PING SPAMC/1.2", false)]
    [InlineData("PING SPAMC/1.5", true)]
    [InlineData("SKIP SPAMC/1.4", false)]
    public void Reads_headers_only_for_the_versions_spamd_does(string line, bool readsHeaders)
    {
        Assert.True(RequestLineParser.TryParse(Bytes(line), out var request));
        Assert.Equal(readsHeaders, request.ReadsHeaders);
    }
}
