using static Spamd.Engine.Tests.Rules.Evals.EvalMessages;

namespace Spamd.Engine.Tests.Rules.Evals;

public class MimeEvalTests
{
    private const string MimeRules =
        "body MIME_HTML eval:check_for_mime_html()\n" +
        "body MIME_HTML_ONLY eval:check_for_mime_html_only()\n" +
        "mimeheader ANY_TEXT Content-Type =~ /text\\/\\w+/i\n" +
        "header MULTIPART Content-Type =~ /multipart\\/\\w+/i\n" +
        "meta NO_TEXT MULTIPART && !ANY_TEXT\n";

    [Fact]
    public void Alternative_with_text_and_html_is_html_but_not_html_only()
    {
        var hits = Hits(MimeRules, Alternative("plain words", "<p>html words</p>"));
        Assert.Equal(["ANY_TEXT", "MIME_HTML", "MULTIPART"], hits);
    }

    [Fact]
    public void Single_html_part_is_html_only()
    {
        Assert.Equal(["ANY_TEXT", "MIME_HTML", "MIME_HTML_ONLY"], Hits(MimeRules, Html("<p>hi</p>")));
    }

    [Fact]
    public void Mimeheader_sees_part_headers_so_a_multipart_with_text_is_not_no_text()
    {
        const string attachmentOnly =
            "From: a@b.test\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"B\"\n\n" +
            "--B\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\nAAAA\n--B--\n";
        Assert.Equal(["MULTIPART", "NO_TEXT"], Hits(MimeRules, attachmentOnly));
        Assert.DoesNotContain("NO_TEXT", Hits(MimeRules, Alternative("a", "<b>b</b>")));
    }

    [Fact]
    public void Mimeheader_raw_keeps_folds_and_negated_tests_never_hit()
    {
        const string rules =
            "mimeheader ONETAB_GIF Content-Type:raw =~ /^image\\/gif;\\n\\tname=\\\".+?\\\"$/s\n" +
            "mimeheader NOT_ZIP Content-Type !~ /zip/\n";
        const string gif = "--B\nContent-Type: image/gif;\n\tname=\"a.gif\"\nContent-Transfer-Encoding: base64\n\nR0lGOD==\n";
        Assert.Equal(["ONETAB_GIF"], Hits(rules, Alternative("t", "<b>h</b>", gif)));
        Assert.Empty(Hits(rules, Alternative("t", "<b>h</b>")));
    }

    [Fact]
    public void Check_for_mime_counts_encodings_attachments_and_long_qp_lines()
    {
        const string rules =
            "rawbody QP eval:check_for_mime('mime_qp_count')\n" +
            "rawbody QP_LONG eval:check_for_mime('mime_qp_long_line')\n" +
            "rawbody B64 eval:check_for_mime('mime_base64_count')\n" +
            "body ATTACHED eval:check_for_mime('mime_attachment')\n" +
            "rawbody B64_TEXT eval:check_for_mime('mime_base64_encoded_text')\n";
        string qp = "From: a@b.test\nContent-Type: text/plain\nContent-Transfer-Encoding: quoted-printable\n\n" +
            new string('x', 85) + "=41\n";
        Assert.Equal(["QP", "QP_LONG"], Hits(rules, qp));
        // "=3D" is not among the escapes MIMEEval counts: once QP bytes were seen, the part count gives way to it
        Assert.Equal(["QP_LONG"], Hits(rules, qp.Replace("=41", "=3D")));
        string base64Text = "From: a@b.test\nContent-Type: text/plain; charset=us-ascii\nContent-Transfer-Encoding: base64\n\naGVsbG8=\n";
        Assert.Equal(["B64", "B64_TEXT"], Hits(rules, base64Text));
        string attached = "From: a@b.test\nContent-Type: multipart/mixed; boundary=B\n\n--B\nContent-Type: text/plain\n\nx\n" +
            "--B\nContent-Type: application/pdf\nContent-Disposition: attachment; filename=a.pdf\nContent-Transfer-Encoding: base64\n\nAAAA\n--B--\n";
        Assert.Equal(["ATTACHED", "B64"], Hits(rules, attached));
    }

    [Fact]
    public void Multipart_ratio_compares_text_and_html_sizes()
    {
        const string rule = "body MOSTLY_HTML eval:check_mime_multipart_ratio('0.00','0.01')\n";
        Assert.Equal(["MOSTLY_HTML"], Hits(rule, Alternative("", "<p>" + new string('w', 400) + "</p>")));
        Assert.Empty(Hits(rule, Alternative("same size text", "<p>similar html</p>")));
    }

    [Fact]
    public void Alternative_with_a_non_text_leaf_is_flagged()
    {
        const string rule = "body MA_NON_TEXT eval:check_ma_non_text()\n";
        const string image = "--B\nContent-Type: image/gif\nContent-Transfer-Encoding: base64\n\nR0lGOD==\n";
        Assert.Equal(["MA_NON_TEXT"], Hits(rule, Alternative("t", "<b>h</b>", image)));
        Assert.Empty(Hits(rule, Alternative("t", "<b>h</b>")));
    }

    [Fact]
    public void Image_count_by_type_needs_base64_image_parts()
    {
        const string rules = "body GIF_1 eval:image_count('gif','1','1')\nbody ANY_2P eval:image_count('all','2')\n";
        const string gif = "--B\nContent-Type: image/gif\nContent-Transfer-Encoding: base64\n\nR0lGOD==\n";
        const string jpeg = "--B\nContent-Type: image/jpeg\nContent-Transfer-Encoding: base64\n\n/9j/4A==\n";
        const string plainGif = "--B\nContent-Type: image/gif\n\nGIF89a\n";
        Assert.Equal(["GIF_1"], Hits(rules, Alternative("t", "<b>h</b>", gif)));
        Assert.Equal(["ANY_2P", "GIF_1"], Hits(rules, Alternative("t", "<b>h</b>", gif + jpeg)));
        Assert.Empty(Hits(rules, Alternative("t", "<b>h</b>", plainGif)));
    }

    [Fact]
    public void Base64_length_is_the_longest_raw_line()
    {
        const string rules = "body B64_78_79 eval:check_base64_length('78','79')\nbody B64_79_INF eval:check_base64_length('79')\n";
        string Message(int width) => "From: a@b.test\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\n" +
            new string('Q', width - 1) + "\n";
        Assert.Equal(["B64_78_79"], Hits(rules, Message(78)));
        Assert.Equal(["B64_79_INF"], Hits(rules, Message(90)));
        Assert.Empty(Hits(rules, Message(77)));
    }

    [Fact]
    public void Parse_flags_report_a_missing_header_body_separator()
    {
        const string rule = "header NO_SEP eval:check_msg_parse_flags('missing_head_body_separator')\n";
        Assert.Equal(["NO_SEP"], Hits(rule, "From: a@b.test\nSubject: x\nthis is not a header\n"));
        Assert.Empty(Hits(rule, "From: a@b.test\n\nbody\n"));
    }

    [Fact]
    public void Uppercase_share_needs_200_characters()
    {
        const string rule = "body UPPER_75_100 eval:check_for_uppercase('75', '100')\n";
        string shouting = string.Join(' ', Enumerable.Repeat("THIS IS LOUD", 30));
        Assert.Equal(["UPPER_75_100"], Hits(rule, $"From: a@b.test\nSubject: x\n\n{shouting}\n"));
        Assert.Empty(Hits(rule, "From: a@b.test\nSubject: x\n\nSHORT SHOUT\n"));
        Assert.Empty(Hits(rule, $"From: a@b.test\nSubject: x\n\n{shouting.ToLowerInvariant()}\n"));
    }

    [Fact]
    public void Abundant_unicode_ratio_counts_entities_in_plain_text()
    {
        const string rule = "body UNICODE eval:check_abundant_unicode_ratio(0.02)\n";
        Assert.Equal(["UNICODE"], Hits(rule, "From: a@b.test\nContent-Type: text/plain\n\nab &#x0041;&#x0042; cd\n"));
        Assert.Empty(Hits(rule, "From: a@b.test\nContent-Type: text/plain\n\nplain text only\n"));
    }
}

public class MimeParseFlagTests
{
    private const string Rules =
        "body EPILOGUE eval:check_msg_parse_flags('mime_epilogue_exists')\n" +
        "body NO_HEADERS eval:check_msg_parse_flags('missing_mime_headers')\n" +
        "body NO_SEPARATOR eval:check_msg_parse_flags('missing_mime_head_body_separator')\n";

    private static string Multipart(string parts) =>
        "From: a@b.test\nSubject: x\nContent-Type: multipart/mixed; boundary=\"B\"\n\n" + parts;

    [Fact]
    public void Text_after_the_closing_boundary_is_an_epilogue_but_dots_are_not()
    {
        Assert.Equal(["EPILOGUE"], EvalMessages.Hits(Rules, Multipart("--B\nContent-Type: text/plain\n\nx\n--B--\ntrailing words\n")));
        Assert.Empty(EvalMessages.Hits(Rules, Multipart("--B\nContent-Type: text/plain\n\nx\n--B--\n.\n\n")));
    }

    [Fact]
    public void A_part_without_headers_and_headers_without_a_blank_line()
    {
        // the second part starts with a blank line: no headers, but the separator is there
        Assert.Equal(["NO_HEADERS"], EvalMessages.Hits(Rules,
            Multipart("--B\nContent-Type: text/plain\n\nx\n--B\n\nheaderless\n--B--\n")));
        Assert.Equal(["NO_HEADERS"], EvalMessages.Hits(Rules, Multipart("--B\n\nfirst part has no headers\n--B--\n")));
        Assert.Equal(["NO_SEPARATOR"], EvalMessages.Hits(Rules,
            Multipart("--B\nContent-Type: text/plain\nbody right away\n--B--\n")));
    }
}

public class AlternativeDifferenceTests
{
    private const string Rules =
        "body ALT_DIFF eval:multipart_alternative_difference('99', '100')\n" +
        "body ALT_DIFF_COUNT eval:multipart_alternative_difference_count('3', '1')\n";

    [Fact]
    public void Html_words_missing_from_the_text_half_count_as_difference()
    {
        Assert.Equal(["ALT_DIFF"], EvalMessages.Hits(Rules, EvalMessages.Alternative("nothing alike", "<p>buy cheap pills now</p>")));
        Assert.Empty(EvalMessages.Hits(Rules, EvalMessages.Alternative("buy cheap pills now", "<p>buy cheap pills now</p>")));
    }

    [Fact]
    public void Many_more_text_words_than_html_words()
    {
        Assert.Equal(["ALT_DIFF_COUNT"], EvalMessages.Hits(Rules,
            EvalMessages.Alternative("one two three four five six seven eight nine ten", "<p>one two</p>")));
    }
}
