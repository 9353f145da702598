using Spamd.Integration.Tests.Infrastructure;
using Spamd.LoadDriver;

namespace Spamd.Integration.Tests.LoadDriver;

public sealed class CorpusAndOptionsTests : IDisposable
{
    private readonly TestCorpus corpus = new();

    [Fact]
    public void GroupNamesGiveTheLabels()
    {
        var messages = corpus.Load();

        Assert.Equal(3, messages.Count);
        Assert.Equal([false, false, true], messages.OrderBy(m => m.Path).Select(m => m.ExpectSpam));
        Assert.Null(Corpus.LabelFromGroup("inbox"));
        Assert.True(Corpus.LabelFromGroup("spam-2"));
        Assert.False(Corpus.LabelFromGroup("easy-ham-2"));
    }

    [Fact]
    public void LabelsFileOverridesGroups()
    {
        var labels = Path.Combine(corpus.Root, "labels");
        File.WriteAllLines(labels, ["# corrections", "spam ham/one.txt", "", "ham " + Path.Combine(corpus.Root, "spam", "gtube.txt")]);

        var messages = Corpus.Load([corpus.Root], labelsFile: labels).ToDictionary(m => Path.GetFileName(m.Path), m => m.ExpectSpam);

        Assert.Equal(true, messages["one.txt"]);
        Assert.Equal(false, messages["two.txt"]);
        Assert.Equal(false, messages["gtube.txt"]);
    }

    [Fact]
    public void BadLabelsFileSaysWhere()
    {
        var labels = Path.Combine(corpus.Root, "labels");
        File.WriteAllLines(labels, ["maybe ham/one.txt"]);

        var e = Assert.Throws<FormatException>(() => Corpus.ReadLabels(labels));
        Assert.Contains("labels:1", e.Message);
    }

    [Fact]
    public void ShuffleIsDeterministic()
    {
        var a = corpus.Load();
        var b = corpus.Load();
        Corpus.Shuffle(a, 7);
        Corpus.Shuffle(b, 7);
        Assert.Equal(a.Select(m => m.Path), b.Select(m => m.Path));
    }

    [Fact]
    public void ParsesOptions()
    {
        var o = LoadOptions.Parse(["--port", "11783", "--method", "symbols", "--concurrency", "8", "--duration", "2.5",
            "--user", "mail", "--json", "out.json", "a", "b"]);

        Assert.Equal(11783, o.Port);
        Assert.Equal(ScanMethod.Symbols, o.Method);
        Assert.Equal(8, o.Concurrency);
        Assert.Equal(TimeSpan.FromSeconds(2.5), o.Duration);
        Assert.Equal("mail", o.User);
        Assert.Equal(["a", "b"], o.Directories);
        Assert.Equal("127.0.0.1:11783", o.Address().Display);
    }

    [Theory]
    [InlineData("--port", "0", "dir")]
    [InlineData("--method", "LEARN", "dir")]
    [InlineData("--count", "-1", "dir")]
    [InlineData("--bogus", "dir", "x")]
    [InlineData("--concurrency", "4", "--count")]
    public void RejectsBadOptions(params string[] args) => Assert.Throws<FormatException>(() => LoadOptions.Parse(args));

    [Fact]
    public void RequiresMessagesUnlessPinging()
    {
        Assert.Throws<FormatException>(() => LoadOptions.Parse(["--count", "5"]));
        Assert.Equal(ScanMethod.Ping, LoadOptions.Parse(["--method", "PING"]).Method);
    }

    public void Dispose() => corpus.Dispose();
}
