using Spamd.Engine.Output;
using Spamd.Engine.Scanning;

namespace Spamd.Engine.Tests.Output;

/// <summary>test_log notes under a rule's line, cut and placed as SpamAssassin's PerMsgStatus does.</summary>
public class HitReportLogTests
{
    private static RuleHit Hit(params string[] log) =>
        new("FREEMAIL_FROM", 0.001, "Sender is freemail", RuleArea.None) { Log = log };

    [Fact]
    public void A_short_note_is_indented_under_the_description()
    {
        Assert.Equal(" 0.0 FREEMAIL_FROM          Sender is freemail\n" + new string(' ', 28) + "[a(at)example.com]\n",
            HitReport.Summary([Hit("a(at)example.com")]));
        Assert.Equal("*  0.0 FREEMAIL_FROM Sender is freemail\n*      [a(at)example.com]\n",
            HitReport.Report([Hit("a(at)example.com")]));
    }

    [Fact]
    public void Long_notes_are_cut_at_white_space_after_30_to_48_characters()
    {
        string a = new('a', 40), b = new('b', 20);
        Assert.Equal(" 0.0 FREEMAIL_FROM          Sender is freemail\n" +
                     new string(' ', 28) + "[" + a + "]\n" + new string(' ', 28) + "[" + b + "]\n",
            HitReport.Summary([Hit(a + " " + b)]));
        // Only the first note line carries the report's "*      " prefix.
        Assert.Equal("*  0.0 FREEMAIL_FROM Sender is freemail\n*      [" + a + "]\n[" + b + "]\n",
            HitReport.Report([Hit(a + " " + b)]));
    }

    [Fact]
    public void A_piece_longer_than_47_characters_is_right_aligned_to_column_78()
    {
        string c = new('c', 50);
        Assert.Equal(" 0.0 FREEMAIL_FROM          Sender is freemail\n" + new string(' ', 26) + "[" + c + "]\n",
            HitReport.Summary([Hit(c)]));
        Assert.Equal(["x", "y"], HitReport.LogPieces(Hit("x", "y")));
    }
}
