using System.Buffers;
using System.Collections.Immutable;
using System.Text;
using Spamd.Engine.Output;
using Spamd.Engine.Scanning;

namespace Spamd.Engine.Tests.Output;

public class MessageRewriterEdgeTests
{
    private static readonly ScanSettings Plain = new()
    {
        HostName = "vm",
        AddedHeaders = [new(HeaderAudience.All, "Status", "_YESNO_ _SCORE_")],
    };

    private static ScanResult Result(double score, ScanSettings? settings = null) => new()
    {
        Score = score, RequiredScore = 5, Hits = [], Settings = settings ?? Plain,
    };

    private static string Rewrite(string message, ScanResult result, RewriteMode mode = RewriteMode.Full, params uint[] randoms)
    {
        var queue = new Queue<uint>(randoms.Length > 0 ? randoms : [0x11111111]);
        var output = new ArrayBufferWriter<byte>();
        MessageRewriter.Rewrite(Encoding.Latin1.GetBytes(message), result, mode, Captures.Now, output, queue.Dequeue);
        return Encoding.Latin1.GetString(output.WrittenSpan);
    }

    [Fact]
    public void Empty_message_becomes_the_added_headers_and_an_empty_line() =>
        Assert.Equal("X-Spam-Status: No 1.0\n\n", Rewrite("", Result(1)));

    [Fact]
    public void Header_block_without_line_break_keeps_its_last_line_as_is() =>
        Assert.Equal("X-Spam-Status: No 1.0\nSubject: x", Rewrite("Subject: x", Result(1)));

    [Fact]
    public void A_boundary_line_ends_the_header_section() =>
        Assert.Equal("X-Spam-Status: No 1.0\nSubject: x\n--b\nbody\n", Rewrite("Subject: x\n--b\nbody\n", Result(1)));

    [Fact]
    public void Old_spam_fields_and_their_continuations_go_but_prev_fields_stay() =>
        Assert.Equal("X-Spam-Status: No 1.0\nA: 1\nX-Spam-Prev-Flag: kept\n\tcontinued\nB: 2\n\nx-spam-flag: body\n",
            Rewrite("x-spam-flag: YES\nA: 1\nX-SPAM-Status: Yes\n\tmore\n more\nX-Spam-Prev-Flag: kept\n\tcontinued\nX-Spam-Foo: 1\nB: 2\n\nx-spam-flag: body\n", Result(1)));

    [Fact]
    public void Return_path_stays_first_even_after_removed_spam_fields() =>
        Assert.Equal("From x@y Mon Jan  1 00:00:00 2024\nReturn-Path: <x@y>\n (c)\nX-Spam-Status: No 1.0\nA: 1\n\nbody",
            Rewrite("From x@y Mon Jan  1 00:00:00 2024\nX-Spam-Flag: YES\nReturn-Path: <x@y>\n (c)\nA: 1\n\nbody", Result(1)));

    [Fact]
    public void Headers_mode_cuts_after_the_first_empty_line()
    {
        Assert.Equal("X-Spam-Status: No 1.0\r\nA: 1\r\n\r\n", Rewrite("A: 1\r\n\r\nbody\r\n\r\nmore\r\n", Result(1), RewriteMode.HeadersOnly));
        Assert.Equal("X-Spam-Status: No 1.0\nA: 1", Rewrite("A: 1", Result(1), RewriteMode.HeadersOnly));
    }

    [Theory]
    [InlineData("a\r\n\r\nb", 5)]
    [InlineData("a\n\r\nb", 4)]
    [InlineData("a\r\n\nb", 4)]
    [InlineData("a\n\nb", 3)]
    [InlineData("a\r\r\n\nb", 5)]
    [InlineData("a\nb\n", -1)]
    public void First_empty_line_matches_perl(string text, int end) =>
        Assert.Equal(end, MessageRewriter.EndOfFirstEmptyLine(Encoding.Latin1.GetBytes(text)));

    [Fact]
    public void Crlf_is_chosen_from_the_first_or_last_line_and_bare_lf_in_headers_gets_a_cr()
    {
        Assert.Equal("X-Spam-Status: No 1.0\r\nA: 1\r\nB: 2\r\n\r\nbody\nlast\r\n", Rewrite("A: 1\nB: 2\n\nbody\nlast\r\n", Result(1)));
        Assert.Equal("X-Spam-Status: No 1.0\nA: 1\nB: 2\r\n\nbody\n", Rewrite("A: 1\nB: 2\r\n\nbody\n", Result(1)));
    }

    [Fact]
    public void The_boundary_grows_while_the_original_contains_it()
    {
        var now = Captures.Now.ToUnixTimeSeconds().ToString("X8");
        var first = "----------=_" + now + ".AAAAAAAA";
        var second = first + "/BBBBBBBB";
        var message = "Subject: s\n\n" + first + "\n" + second + "--\n";
        var output = Rewrite(message, Result(10), RewriteMode.Full, 0xAAAAAAAA, 0xBBBBBBBB, 0xCCCCCCCC);
        Assert.Contains("boundary=\"" + second + "/CCCCCCCC\"", output);
        // A line that only starts with the boundary, or ends in CR, does not count.
        output = Rewrite("Subject: s\n\n" + first + "x\n" + first + "\r\n", Result(10), RewriteMode.Full, 0xAAAAAAAA, 0xBBBBBBBB);
        Assert.Contains("boundary=\"" + first + "\"", output);
    }

    [Fact]
    public void A_non_text_original_is_attached_with_the_unsafe_report()
    {
        var settings = Plain with { ReportTemplate = "Report _SCORE_\n", UnsafeReportTemplate = "Careful." };
        var output = Rewrite("Content-Type: multipart/mixed; boundary=x\n\n--x--\n", Result(10, settings));
        Assert.Contains("\nReport 10.0\n\nCareful.\n\n\n--", output);
        Assert.Contains("\nContent-Disposition: attachment\n", output);

        output = Rewrite("Content-Type: TEXT/PLAIN\n\nhi\n", Result(10, settings));
        Assert.DoesNotContain("Careful.", output);
        Assert.Contains("\nContent-Disposition: inline\nContent-Transfer-Encoding: 8bit\n\nContent-Type: TEXT/PLAIN\n", output);
    }

    [Fact]
    public void Report_safe_wrapper_tags_subject_from_and_to_once()
    {
        var settings = Plain with
        {
            RewriteHeaders = ImmutableDictionary.CreateRange<string, string>(StringComparer.OrdinalIgnoreCase,
                [new("Subject", "[SPAM]"), new("From", "X(Y)"), new("To", "T")]),
            ReportTemplate = "r\n",
        };
        var output = Rewrite("From: a@b\nTo: c@d\t(T)\nSubject: [SPAM] hi\n\nbody\n", Result(10, settings));
        Assert.Contains("\nFrom: a@b\t(X[Y])\nTo: c@d\t(T)\nSubject: [SPAM] hi\nX-Spam-Status: Yes 10.0\n", output);
    }

    [Fact]
    public void Headers_keep_their_name_case_and_multiline_values_fold_with_tabs()
    {
        var settings = Plain with
        {
            AddedHeaders = [new(HeaderAudience.All, "Multi", "one  \n  two\n\nthree\n\n"), new(HeaderAudience.All, "Empty", "")],
        };
        Assert.Equal("X-Spam-Multi: one\n\ttwo\n\tthree\nX-Spam-Empty: \n\nb", Rewrite("\nb", Result(1, settings)));
        Assert.Equal("X-Spam-Multi: one     two  three\nX-Spam-Empty: \n\nb", Rewrite("\nb", Result(1, settings with { FoldHeaders = false })));
    }

    [Fact]
    public void Report_writer_writes_the_report_as_octets()
    {
        var settings = Plain with { ReportTemplate = "Grüße _SCORE_ _PREVIEW_\n" };
        var result = new ScanResult
        {
            Score = 1, RequiredScore = 5, Hits = [], Settings = settings,
            ContentPreview = Encoding.Latin1.GetString(Encoding.UTF8.GetBytes("Köln")),
        };
        var output = new ArrayBufferWriter<byte>();
        ReportWriter.Write(result, output);
        Assert.Equal("Grüße 1.0 Köln\n\n", Encoding.UTF8.GetString(output.WrittenSpan));
    }
}
