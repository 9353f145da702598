using static Spamd.Engine.Tests.Rules.Evals.EvalMessages;

namespace Spamd.Engine.Tests.Rules.Evals;

public class HtmlEvalTests
{
    [Fact]
    public void Html_message_needs_an_html_part()
    {
        const string rule = "body HTML_MESSAGE eval:html_test('html')\n";
        Assert.Equal(["HTML_MESSAGE"], Hits(rule, Html("<p>hi</p>")));
        Assert.Equal(["HTML_MESSAGE"], Hits(rule, Alternative("a", "<p>b</p>")));
        Assert.Empty(Hits(rule, "From: a@b.test\nSubject: x\n\n<p>not html: text/plain</p>\n"));
    }

    [Fact]
    public void Tag_exists_and_balance()
    {
        const string rules = "body HAS_HEAD eval:html_tag_exists('head')\nbody CENTER_OPEN eval:html_tag_balance('center', '!= 0')\n";
        Assert.Equal(["CENTER_OPEN", "HAS_HEAD"], Hits(rules, Html("<html><head></head><body><center>x</body></html>")));
        Assert.Empty(Hits(rules, Html("<center>x</center>")));
    }

    [Fact]
    public void Font_size_range()
    {
        const string rules = "body LARGE eval:html_range('max_size', '5', '6')\nbody HUGE eval:html_range('max_size', '6', 'inf')\n";
        Assert.Equal(["LARGE"], Hits(rules, Html("<font size=6>big</font>")));
        Assert.Equal(["HUGE"], Hits(rules, Html("<font size=\"+4\">huge</font>")));
        Assert.Empty(Hits(rules, Html("<font size=4>normal</font>")));
    }

    [Fact]
    public void Low_contrast_and_invalid_colours()
    {
        const string rules = "body LOW eval:html_test('font_low_contrast')\nbody INVALID eval:html_test('font_invalid_color')\n";
        Assert.Equal(["LOW"], Hits(rules, Html("<body bgcolor=white><font color=#fffffe>hidden</font></body>")));
        Assert.Equal(["INVALID"], Hits(rules, Html("<font color=\"nonsense\">odd</font>")));
        Assert.Empty(Hits(rules, Html("<font color=red>shown</font>")));
    }

    [Fact]
    public void Text_match_over_comments_titles_and_anchors()
    {
        const string rules =
            "body SAVED eval:html_text_match('comment', '<!-- saved from url=\\(\\d{4}\\)')\n" +
            "body LONG_TITLE eval:html_text_match('title', '.{20}')\n" +
            "body LINK_IMAGE eval:html_text_match('anchor', '<img>')\n";
        Assert.Equal(["SAVED"], Hits(rules, Html("<!-- saved from url=(0022)http://example.test/ --><p>x</p>")));
        Assert.Equal(["LONG_TITLE"], Hits(rules, Html("<title>a title of more than twenty</title>x")));
        Assert.Equal(["LINK_IMAGE"], Hits(rules, Html("<a href=\"http://x.test/\"><img src=\"http://x.test/a.gif\"></a>")));
        Assert.Empty(Hits(rules, Html("<title>short</title><a href=\"http://x.test/\">text</a>")));
    }

    [Fact]
    public void Length_eval_and_image_only()
    {
        const string rules = "body SHORT eval:html_eval('length', '< 384')\nbody IMAGE_ONLY eval:html_image_only('0000','0400')\n";
        Assert.Equal(["IMAGE_ONLY", "SHORT"], Hits(rules, Html("<img src=\"http://x.test/a.gif\">")));
        Assert.Equal(["SHORT"], Hits(rules, Html("<p>words</p>")));
        Assert.Empty(Hits(rules, Html("<p>" + new string('w', 500) + "</p>")));
    }

    [Fact]
    public void Image_ratio_is_visible_characters_per_pixel()
    {
        const string rule = "body RATIO_02 eval:html_image_ratio('0.000','0.002')\n";
        Assert.Equal(["RATIO_02"], Hits(rule, Html("<img src=\"a.gif\" width=400 height=300>tiny")));
        Assert.Empty(Hits(rule, Html("<img src=\"a.gif\" width=10 height=10>" + new string('w', 50))));
        Assert.Empty(Hits(rule, Html("no image here")));
    }

    [Fact]
    public void Title_subject_ratio()
    {
        const string rule = "body TITLE_SUBJ eval:html_title_subject_ratio('3.5')\n";
        Assert.Equal(["TITLE_SUBJ"], Hits(rule, Html("<title>a much longer title than the subject</title>x", subject: "hi")));
        Assert.Empty(Hits(rule, Html("<title>hello</title>x", subject: "hello")));
    }

    [Fact]
    public void Bad_tag_ratio_range()
    {
        const string rule = "body BADTAG_90_100 eval:html_range('bad_tag_ratio','0.90','1.00')\n";
        Assert.Equal(["BADTAG_90_100"], Hits(rule, Html("<foo>a</foo><bar>b</bar>")));
        Assert.Empty(Hits(rule, Html("<p>a</p><b>b</b>")));
    }

    [Fact]
    public void Iframe_source_is_noticed()
    {
        const string rule = "body IFRAME eval:check_iframe_src()\n";
        Assert.Equal(["IFRAME"], Hits(rule, Html("<iframe src=\"http://x.test/frame\"></iframe>")));
        Assert.Empty(Hits(rule, Html("<img src=\"http://x.test/a.gif\">")));
    }
}
