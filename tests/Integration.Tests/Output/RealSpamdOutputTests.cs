using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;
using Spamd.Engine.Output;
using Spamd.Engine.Scanning;
using static Spamd.Integration.Tests.Output.OutputMessages;

namespace Spamd.Integration.Tests.Output;

/// <summary>
/// Sends the same messages to SpamAssassin's spamd (PROCESS, HEADERS, REPORT) and through our
/// <see cref="MessageRewriter"/>/<see cref="ReportWriter"/> with equivalent settings, and compares the bytes
/// (the Received date and the MIME boundary normalised).
/// </summary>
public partial class RealSpamdOutputTests(RealSpamdOutputFixture spamd) : IClassFixture<RealSpamdOutputFixture>
{
    private static readonly Dictionary<string, (string User, byte[] Message, string Text)> Cases = new()
    {
        ["gtube"] = ("plain", Bytes(Gtube), Gtube),
        ["gtube-crlf"] = ("plain", Crlf(Gtube), Gtube),
        ["ham"] = ("plain", Bytes(Ham), Ham),
        ["ham-crlf"] = ("plain", Crlf(Ham), Ham),
        ["fake-xspam-8bit"] = ("plain", Bytes(FakeXSpam), FakeXSpam),
        ["spam-mbox-return-path"] = ("plain", Bytes(SpamMbox), SpamMbox),
        ["spam-mbox-rs0"] = ("subject", Bytes(SpamMbox), SpamMbox),
        ["html-spam-unsafe"] = ("plain", Bytes(HtmlSpam), HtmlSpam),
        ["rs0-subject"] = ("rs0", Bytes(Gtube), Gtube),
        ["rs0-from-to-subject"] = ("fromto", Bytes(Gtube), Gtube),
        ["rs1-from-to-subject"] = ("fromto1", Bytes(Gtube), Gtube),
        ["rs1-from-to-subject-crlf"] = ("fromto1", Crlf(Gtube), Gtube),
        ["rs2"] = ("rs2", Bytes(Gtube), Gtube),
        ["clear-headers-ham"] = ("clear", Bytes(Ham), Ham),
        ["clear-headers-spam"] = ("clear", Bytes(Gtube), Gtube),
        ["required-1"] = ("required1", Bytes(Gtube), Gtube),
        ["near-threshold"] = ("near", Bytes(Gtube), Gtube),
        ["created-subject-rs0"] = ("subject", Bytes(SpamWithoutSubject), SpamWithoutSubject),
        ["created-subject-rs1"] = ("subject1", Bytes(SpamWithoutSubject), SpamWithoutSubject),
        ["created-subject-ham"] = ("subject", Bytes(HamWithoutSubject), HamWithoutSubject),
        ["copy-headers"] = ("copy", Bytes(SpamWithReceived), SpamWithReceived),
        ["tags-spam"] = ("tags", Bytes(Gtube), Gtube),
        ["tags-ham"] = ("tags", Bytes(Ham), Ham),
        ["utf8-config"] = ("utf8", Bytes(Gtube), Gtube),
        ["no-fold"] = ("nofold", Bytes(Gtube), Gtube),
        ["headers-only-message"] = ("plain", Bytes(HeadersOnly), HeadersOnly),
        ["zoo-ham"] = ("plain", Bytes(ZooRules.Message), ZooRules.Message),
        ["zoo-report-safe-0"] = ("zoo0", Bytes(ZooRules.Message), ZooRules.Message),
        ["zoo-report-safe-1"] = ("zoo1", Bytes(ZooRules.Message), ZooRules.Message),
        ["zoo-report-safe-1-crlf"] = ("zoo1", Crlf(ZooRules.Message), ZooRules.Message),
        ["rs1-rewrites-with-missing-to"] = ("fromto1", Bytes(HtmlSpam), HtmlSpam),
        ["rs0-rewrites-with-created-subject"] = ("fromto", Bytes(SpamWithoutSubject), SpamWithoutSubject),
        ["rs0-odd-subjects"] = ("fromto", Bytes(SpamWithOddSubjects), SpamWithOddSubjects),
        ["rs1-odd-subjects"] = ("fromto1", Bytes(SpamWithOddSubjects), SpamWithOddSubjects),
        ["required-0-ham-becomes-spam"] = ("req0", Bytes(Ham), Ham),
        ["mixed-line-endings-rs1"] = ("plain", Bytes(MixedLineEndings), MixedLineEndings),
        ["mixed-line-endings-rs0"] = ("fromto", Bytes(MixedLineEndings), MixedLineEndings),
        ["headers-only-message-rewrite"] = ("subject", Bytes(HeadersOnly), HeadersOnly),
        ["invalid-header-lines"] = ("plain", Bytes(InvalidHeaderLines), InvalidHeaderLines),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Process_matches_spamd(string name)
    {
        var (user, message, text) = Cases[name];
        var theirs = await spamd.ExchangeAsync("PROCESS", user, message);
        var ours = Ours(message, text, user, (result, output) =>
            MessageRewriter.Rewrite(message, result, RewriteMode.Full, DateTimeOffset.Now, output));
        Assert.Equal(Normalize(Latin1(theirs)), Normalize(ours));
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Headers_match_spamd(string name)
    {
        var (user, message, text) = Cases[name];
        var theirs = await spamd.ExchangeAsync("HEADERS", user, message);
        var ours = Ours(message, text, user, (result, output) =>
            MessageRewriter.Rewrite(message, result, RewriteMode.HeadersOnly, DateTimeOffset.Now, output));
        Assert.Equal(Normalize(Latin1(theirs)), Normalize(ours));
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Report_matches_spamd(string name)
    {
        var (user, message, text) = Cases[name];
        var theirs = await spamd.ExchangeAsync("REPORT", user, message);
        var ours = Ours(message, text, user, (result, output) => ReportWriter.Write(result, output));
        Assert.Equal(Latin1(theirs), ours);
    }

    private static string Ours(byte[] message, string text, string user, Action<ScanResult, IBufferWriter<byte>> write)
    {
        var settings = MiniConfig.Apply(new ScanSettings(), RealSpamdOutputFixture.ConfigLines(user));
        var scan = new GtubeScanner(settings).Scan(message, settings, CancellationToken.None);
        var hits = text == ZooRules.Message ? ZooRules.Hits : scan.Hits;
        var result = new ScanResult
        {
            // SpamAssassin adds the scores in hit order and keeps 3 decimals.
            Score = double.Parse(PerlFormat.Fixed(hits.Sum(h => h.Score), 3), System.Globalization.CultureInfo.InvariantCulture),
            RequiredScore = scan.RequiredScore,
            Hits = hits,
            Settings = settings,
            ContentPreview = ContentPreview.FromBody(BodyText(text)),
            AutoLearn = "no",
        };
        var output = new ArrayBufferWriter<byte>();
        write(result, output);
        return Latin1(output.WrittenSpan.ToArray());
    }

    private static string Latin1(byte[] bytes) => Encoding.Latin1.GetString(bytes);

    private static string Normalize(string text) =>
        Boundary().Replace(DateLine().Replace(text, "\tDATE$1"), "BOUNDARY");

    [GeneratedRegex(@"(?m)^\t(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d \w{3} \d{4} \d\d:\d\d:\d\d [+-]\d{4}(\r?)$")]
    private static partial Regex DateLine();

    [GeneratedRegex(@"----------=_[0-9A-F]{8}\.[0-9A-F]{8}(?:/[0-9A-F]{8})*")]
    private static partial Regex Boundary();
}
