using Spamd.Engine.Rules;
using static Spamd.Engine.Tests.Rules.RuleTestKit;

namespace Spamd.Engine.Tests.Rules;

/// <summary>A thread reuses its scan arrays (done flags, candidate texts, meta state, header values): no scan may see another's.</summary>
public class ScanScratchTests
{
    private const string Config =
        "body CHEAP /cheap/i\nbody PILLS /pills/\nheader SUBJ_FREE Subject =~ /free/i\nheader SUBJ_ANY Subject =~ /./\n" +
        "header __FROM_A From =~ /a\\@/\nmeta BOTH CHEAP && SUBJ_FREE\nmeta __ANY_TWO (CHEAP + PILLS + SUBJ_FREE) >= 2\n" +
        "meta ANY_TWO __ANY_TWO && !__FROM_A\nmeta NOT_CHEAP !CHEAP\n";

    [Fact]
    public void Alternating_messages_on_one_thread_score_as_when_scanned_alone()
    {
        var spammy = Body("cheap pills", "more cheap pills").With("Subject", "Free stuff\n").With("From", "b@x.test\n");
        var plain = Body("hello", "nothing here").With("Subject", "Lunch\n").With("From", "a@x.test\n");
        string[] spammyAlone = Scanner(Config).Scan(spammy).Names(), plainAlone = Scanner(Config).Scan(plain).Names();
        Assert.Equal(["ANY_TWO", "BOTH", "CHEAP", "PILLS", "SUBJ_ANY", "SUBJ_FREE"], spammyAlone.Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(["NOT_CHEAP", "SUBJ_ANY"], plainAlone.Order(StringComparer.Ordinal).ToArray());

        var scanner = Scanner(Config);
        var other = Scanner("body OTHER /hello/\n"); // another ruleset on the same thread in between
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(spammyAlone, scanner.Scan(spammy).Names());
            Assert.Equal(["OTHER"], other.Scan(plain).Names());
            Assert.Equal(plainAlone, scanner.Scan(plain).Names());
            Assert.Equal(plainAlone, scanner.Scan(plain).Names());
            Assert.Equal(spammyAlone, scanner.Scan(spammy).Names());
        }
    }
}
