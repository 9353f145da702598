using Spamd.Engine.Output;

namespace Spamd.Engine.Tests.Output;

public class ContentPreviewTests
{
    [Fact]
    public void Gtube_preview_matches_the_capture() =>
        Assert.Equal("XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X\n   Generic Test for Unsolicited Bulk Email ",
            ContentPreview.FromBody(Captures.GtubeBody));

    [Fact]
    public void Empty_body_gives_an_empty_preview()
    {
        Assert.Equal("", ContentPreview.FromBody(["Subject line\n"]));
        Assert.Equal("", ContentPreview.FromBody([]));
    }

    [Fact]
    public void At_most_three_entries_until_200_chars()
    {
        Assert.Equal("a b c ", ContentPreview.FromBody(["s", "a\n", "b\n", "c\n", "d\n"]));
        var longLine = new string('x', 150) + " " + new string('y', 60) + "\n";
        var preview = ContentPreview.FromBody(["s", longLine, "second\n"]);
        Assert.DoesNotContain("second", preview);
        Assert.EndsWith(new string('y', 49) + " [...] ", preview.Replace("\n   ", " "));
    }

    [Fact]
    public void Quoting_markers_and_line_art_are_dropped()
    {
        Assert.Equal("Hello World! ***** ",
            ContentPreview.FromBody(["s", "Hello -----Original Message----- From: x\n", "World!\n", "---------- *****\n"]));
        Assert.Equal("before after ", ContentPreview.FromBody(["s", "before ____________ after\n"]));
        Assert.Equal("text ", ContentPreview.FromBody(["s", "This is a multi-part message in MIME format.\n", "text\n"]));
    }
}
