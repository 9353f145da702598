using Spamd.Engine.Output;

namespace Spamd.Engine.Tests.Output;

/// <summary>Expected values printed by SpamAssassin 4.0.1's own Util::wrap.</summary>
public class PerlWrapTests
{
    [Fact]
    public void Header_folding_breaks_after_commas_and_blanks()
    {
        Assert.Equal("X-Spam-Foo!!" + new string('a', 100) + ",\n\tbb cc,,dd",
            PerlWrap.Wrap("X-Spam-Foo!!" + new string('a', 100) + ",bb cc,,dd", "\t", "", 79, false, WrapBreak.AfterSpaceOrComma));
    }

    [Fact]
    public void Header_folding_counts_a_tab_as_eight_columns_and_keeps_the_last_trailing_blank()
    {
        var words = string.Concat(Enumerable.Repeat("word ", 20));
        Assert.Equal("X-Spam-Foo!!aaa bbb\tccc word word word word word word word word word\n\tword word word word word word word word word word word ",
            PerlWrap.Wrap("X-Spam-Foo!!aaa bbb\tccc " + words, "\t", "", 79, false, WrapBreak.AfterSpaceOrComma));
    }

    [Fact]
    public void Header_folding_keeps_runs_of_blanks()
    {
        var tail = string.Concat(Enumerable.Repeat(" xx", 30));
        Assert.Equal("X-Spam-Foo!! lead  two  spaces xx xx xx xx xx xx xx xx xx xx xx xx xx xx xx xx\n\txx xx xx xx xx xx xx xx xx xx xx xx xx xx",
            PerlWrap.Wrap("X-Spam-Foo!! lead  two  spaces" + tail, "\t", "", 79, false, WrapBreak.AfterSpaceOrComma));
    }

    [Fact]
    public void Description_wrapping_splits_at_single_blanks()
    {
        Assert.Equal(new string(' ', 30) + "This description is deliberately long so that\n*       it has to be wrapped at the report width of seventy-five columns",
            PerlWrap.Wrap("This description is deliberately long so that it has to be wrapped at the report width of seventy-five columns",
                "*      ", new string(' ', 30), 75, false, WrapBreak.AtSpace));
    }

    [Fact]
    public void An_overlong_word_stays_whole()
    {
        const string word = "Averyveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryverylongwordwithoutspaces";
        Assert.Equal(new string(' ', 25) + word + "\n" + new string(' ', 29) + "and more",
            PerlWrap.Wrap(word + " and more", new string(' ', 28), new string(' ', 25), 75, false, WrapBreak.AtSpace));
    }

    [Fact]
    public void Overflow_lets_a_line_grow_past_the_width()
    {
        var x = new string('x', 80);
        Assert.Equal("Content preview:  one two  three   four " + x + "\n   five",
            PerlWrap.Wrap("one two  three   four " + x + " five", "  ", "Content preview:  ", 75, true, WrapBreak.AtSpace));
    }

    [Fact]
    public void Empty_text_gives_the_first_line_only() =>
        Assert.Equal("first", PerlWrap.Wrap("", "\t", "first", 79, false, WrapBreak.AtSpace));
}
