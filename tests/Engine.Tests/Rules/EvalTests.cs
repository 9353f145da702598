using Spamd.Engine.Rules;
using Spamd.Engine.Rules.Evals;
using static Spamd.Engine.Tests.Rules.RuleTestKit;

namespace Spamd.Engine.Tests.Rules;

public class EvalTests
{
    private static string[] Hits(string config, string message) =>
        Scanner(config).Scan(new PlainMailMessage(message), Scanner(config).DefaultSettings, CancellationToken.None)
            .Hits.Select(h => h.Name).Order().ToArray();

    [Fact]
    public void Missing_to_header()
    {
        const string rule = "header MISSING_TO eval:check_for_missing_to_header()\n";
        Assert.Equal(["MISSING_TO"], Hits(rule, "From: a@b.test\n\nbody\n"));
        Assert.Empty(Hits(rule, "To: x@y.test\n\nbody\n"));
        Assert.Empty(Hits(rule, "Apparently-To: x@y.test\n\nbody\n"));
    }

    [Fact]
    public void Header_count_range_counts_distinct_values()
    {
        const string rule = "header TWO_SUBJECTS eval:check_header_count_range('Subject','2','999')\n";
        Assert.Equal(["TWO_SUBJECTS"], Hits(rule, "Subject: a\nSubject: b\n\nx\n"));
        Assert.Empty(Hits(rule, "Subject: a\nSubject: a\n\nx\n"));
    }

    [Fact]
    public void Illegal_chars_in_headers()
    {
        const string rule = "header FROM_ILLEGAL eval:check_illegal_chars('From','0.20','2')\n";
        Assert.Equal(["FROM_ILLEGAL"], Hits(rule, "From: \u00e9\u00e8\u00ea@x\n\nx\n"));
        // Valid UTF-8 (the Latin-1 view of "é" is "Ã©") is not illegal.
        Assert.Empty(Hits(rule, "From: \u00c3\u00a9\u00c3\u00a9@x\n\nx\n"));
        Assert.Empty(Hits(rule, "From: plain@x\n\nx\n"));
    }

    [Fact]
    public void Shifted_date_compares_date_with_received_headers()
    {
        const string rules = "header PAST_24_48 eval:check_for_shifted_date('-48', '-24')\nheader FUTURE_03_06 eval:check_for_shifted_date('3', '6')\n";
        string Message(string date) =>
            "Received: from relay.test (relay.test [192.0.2.1]) by mx.test; Thu, 21 Nov 2024 10:00:00 +0000\n" +
            $"Date: {date}\n\nx\n";
        Assert.Equal(["PAST_24_48"], Hits(rules, Message("Tue, 19 Nov 2024 20:00:00 +0000")));
        Assert.Equal(["FUTURE_03_06"], Hits(rules, Message("Thu, 21 Nov 2024 09:00:00 -0400")));
        Assert.Empty(Hits(rules, Message("Thu, 21 Nov 2024 10:05:00 +0000")));
    }

    [Theory]
    [InlineData("Thu, 21 Nov 2024 10:00:00 +0000", 1732183200)]
    [InlineData("21 Nov 2024 10:00:00 GMT", 1732183200)]
    [InlineData("Thu, 21 Nov 2024 05:00:00 EST", 1732183200)]
    [InlineData("Thu Nov 21 10:00:00 2024", 1732147200)] // asctime form: SpamAssassin drops the time
    [InlineData("21 Nov 24 10:00 +0000", 1732183200)]
    [InlineData("31 Nov 2024 00:00:00 +0000", 1733011200)]
    public void Mail_dates_parse_like_spamassassin(string date, long expected) =>
        Assert.Equal(expected, MailDate.Parse(date));

    [Fact]
    public void Unparseable_dates_are_null() => Assert.Null(MailDate.Parse("yesterday"));

    [Fact]
    public void No_relays_without_received_headers()
    {
        const string rule = "header NO_RELAYS eval:check_no_relays()\n";
        Assert.Equal(["NO_RELAYS"], Hits(rule, "From: a@b.test\n\nx\n"));
        Assert.Empty(Hits(rule, "Received: from a.example (a.example [192.0.2.1]) by mx.example (Postfix) with ESMTP id 1A2B; Thu, 21 Nov 2024 10:00:00 +0000\n\nx\n"));
        // SpamAssassin skips "from x by y;" lines (no handover recorded), so they are no relay either
        Assert.Equal(["NO_RELAYS"], Hits(rule, "Received: from x by y; Thu, 21 Nov 2024 10:00:00 +0000\n\nx\n"));
    }

    [Fact]
    public void Welcomelist_and_blocklist_from()
    {
        const string config = """
            header USER_IN_WELCOMELIST eval:check_from_in_welcomelist()
            tflags USER_IN_WELCOMELIST userconf nice noautolearn
            score USER_IN_WELCOMELIST -100
            header USER_IN_BLOCKLIST eval:check_from_in_blocklist()
            score USER_IN_BLOCKLIST 100
            welcomelist_from *@friends.test
            blacklist_from spammer@*
            """;
        var scanner = Scanner(config);
        var friend = scanner.Scan(new PlainMailMessage("From: Pal <pal@friends.test>\n\nx\n"), scanner.DefaultSettings, CancellationToken.None);
        Assert.Equal(-100, friend.Score);
        var spammer = scanner.Scan(new PlainMailMessage("From: spammer@bad.test\n\nx\n"), scanner.DefaultSettings, CancellationToken.None);
        Assert.Equal(["USER_IN_BLOCKLIST"], spammer.Hits.Select(h => h.Name).ToArray());

        var user = scanner.WithUserPreferences("welcomelist_from spammer@bad.test\n");
        var welcomed = scanner.Scan(new PlainMailMessage("From: spammer@bad.test\n\nx\n"), user, CancellationToken.None);
        Assert.Equal(0, welcomed.Score);
    }

    [Fact]
    public void To_lists_use_all_recipient_headers()
    {
        const string config = "header TO_MORE eval:check_to_in_more_spam()\nmore_spam_to *@victim.test\n";
        Assert.Equal(["TO_MORE"], Hits(config, "To: a@other.test\nCc: b@victim.test\n\nx\n"));
        Assert.Equal(["TO_MORE"], Hits(config, "Delivered-To: b@victim.test\n\nx\n"));
        Assert.Empty(Hits(config, "To: a@other.test\n\nx\n"));
    }

    [Fact]
    public void Addrlists_and_uri_host_lists()
    {
        const string config = """
            header FROM_BANK eval:check_from_in_list('BANKS')
            enlist_addrlist (BANKS) *@bank.test
            header BAD_TLD eval:check_uri_host_listed('SUSP')
            enlist_uri_host (SUSP) top
            """;
        Assert.Equal(["BAD_TLD", "FROM_BANK"], Hits(config, "From: alerts@bank.test\n\nsee http://login.example.top/x\n"));
        Assert.Empty(Hits(config, "From: alerts@other.test\n\nsee http://example.com/top\n"));
    }

    [Fact]
    public void Check_bayes_bands_use_the_classifier_probability()
    {
        const string config = "body BAYES_00 eval:check_bayes('0.00', '0.01')\nbody BAYES_99 eval:check_bayes('0.99', '1.00')\nbody BAYES_999 eval:check_bayes('0.999', 'undef')\n";
        var spammy = Scanner(config, bayes: (_, _) => 0.9995);
        Assert.Equal(["BAYES_99", "BAYES_999"], spammy.Scan(Body("s", "x")).Names().Order().ToArray());
        var hammy = Scanner(config, bayes: (_, _) => 0.0);
        Assert.Equal(["BAYES_00"], hammy.Scan(Body("s", "x")).Names());
        Assert.Empty(Scanner(config).Scan(Body("s", "x")).Hits);
    }

    [Fact]
    public void Subject_checks()
    {
        const string config = "header ALL_CAPS eval:subject_is_all_caps()\nheader TO_IN_SUBJ eval:check_for_to_in_subject('user')\n";
        Assert.Equal(["ALL_CAPS"], Hits(config, "Subject: BUY CHEAP STUFF NOW\n\nx\n"));
        Assert.Empty(Hits(config, "Subject: Buy cheap stuff now\n\nx\n"));
        Assert.Equal(["TO_IN_SUBJ"], Hits(config, "To: bob@x.test\nSubject: bob, look at this\n\nx\n"));
    }

    [Fact]
    public void Failing_eval_counts_as_no_hit()
    {
        const string rule = "header BAD_ARGS eval:check_header_count_range('Subject')\n";
        Assert.Empty(Hits(rule, "Subject: a\n\nx\n"));
    }

    [Fact]
    public void Freemail_sender_reply_to_and_body()
    {
        const string config = """
            freemail_domains gmail.test *.yahoo.test
            freemail_welcomelist vip@gmail.test
            header FREEMAIL_FROM eval:check_freemail_from()
            header FREEMAIL_REPLYTO_END_DIGIT eval:check_freemail_header('Reply-To', '\d@')
            header FREEMAIL_REPLYTO eval:check_freemail_replyto('replyto')
            """;
        Assert.Equal(["FREEMAIL_FROM"], Hits(config, "From: joe@gmail.test\n\nx\n"));
        Assert.Equal(["FREEMAIL_FROM"], Hits(config, "From: joe@mail.yahoo.test\n\nx\n"));
        Assert.Empty(Hits(config, "From: vip@gmail.test\n\nx\n"));
        Assert.Empty(Hits(config, "From: support@gmail.test\n\nx\n"));
        Assert.Equal(["FREEMAIL_FROM", "FREEMAIL_REPLYTO", "FREEMAIL_REPLYTO_END_DIGIT"],
            Hits(config, "From: joe@gmail.test\nReply-To: winner77@mail.yahoo.test\n\nx\n"));
        Assert.Equal(["FREEMAIL_REPLYTO"], Hits(config, "From: shop@corp.test\nReply-To: a@gmail.test\n\nwrite to other@gmail.test now\n"));
    }

    [Fact]
    public void Body_length_blank_lines_and_vertical_words()
    {
        const string config = """
            body SHORT_BODY eval:check_body_length('20')
            body BLANKS eval:check_blank_line_ratio('40','100','4')
            body VERTICAL eval:tvd_vertical_words('50','100')
            """;
        Assert.Equal(["SHORT_BODY"], Hits(config, "Subject: x\n\nshort\n"));
        Assert.Equal(["BLANKS"], Hits(config, "Subject: x\n\na line of text here\n\n\n\nanother long line\n\n"));
        Assert.Equal(["VERTICAL"], Hits(config, "Subject: x\n\nb u y  n o w  c h e a p  p i l l s  a n d  m o r e\n"));
    }

    [Fact]
    public void Subject_welcomelist_and_blocklist_match_globs_anywhere()
    {
        const string config = """
            header SUBJECT_IN_WELCOMELIST eval:check_subject_in_welcomelist()
            header SUBJECT_IN_BLOCKLIST eval:check_subject_in_blocklist()
            whitelist_subject [project-*]
            blocklist_subject cheap ?eds
            """;
        Assert.Equal(["SUBJECT_IN_WELCOMELIST"], Hits(config, "Subject: Re: [Project-X] build broken\n\nx\n"));
        Assert.Equal(["SUBJECT_IN_BLOCKLIST"], Hits(config, "Subject: Buy CHEAP MEDS today\n\nx\n"));
        Assert.Empty(Hits(config, "Subject: hello\n\nx\n"));
    }
}
