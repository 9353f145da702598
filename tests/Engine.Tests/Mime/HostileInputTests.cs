using System.Diagnostics;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Spamd.Engine.Mime;

namespace Spamd.Engine.Tests.Mime;

/// <summary>Hostile and broken input: nothing throws, limits are flagged, time and memory stay bounded.</summary>
[Collection(MimeTimingCollection.Name)]
public class HostileInputTests
{
    /// <summary>Touches every rendering, the way a scan would.</summary>
    private static MailMessage ReadEverything(byte[] raw, MimeLimits? limits = null)
    {
        var m = MailMessage.Parse(raw, limits);
        _ = m.Headers.Count;
        _ = m.GetHeader("From:addr");
        _ = m.GetHeader("ToCc:name");
        _ = m.GetHeader("ALL");
        _ = m.GetHeader("ALL:raw");
        _ = m.GetHeader("MESSAGEID");
        _ = m.GetHeader("EnvelopeFrom");
        _ = m.GetHeader("Received:ip");
        _ = m.BodyText.Count;
        _ = m.RawBodyText.Count;
        _ = m.FullText.Length;
        _ = m.Uris.Count;
        _ = m.HtmlParts.Count;
        foreach (var p in m.Parts) _ = p.DecodedSize;
        _ = m.LimitFlags;
        return m;
    }

    private static void WithinSeconds(double seconds, Action action)
    {
        var sw = Stopwatch.StartNew();
        action();
        Assert.True(sw.Elapsed.TotalSeconds < seconds, $"took {sw.Elapsed.TotalSeconds:F2}s, bound {seconds}s");
    }

    [Fact]
    public void Ten_thousand_nested_multiparts_stop_at_the_depth_limit()
    {
        var sb = new StringBuilder("Subject: deep\n");
        for (int i = 0; i < 10_000; i++) sb.Append($"Content-Type: multipart/mixed; boundary=\"b{i}\"\n\n--b{i}\n");
        sb.Append("Content-Type: text/plain\n\nbottom\n");
        for (int i = 9_999; i >= 0; i--) sb.Append($"--b{i}--\n");
        var raw = Encoding.ASCII.GetBytes(sb.ToString());
        MailMessage m = null!;
        WithinSeconds(10, () => m = ReadEverything(raw));
        Assert.True(m.LimitFlags.HasFlag(MimeLimitFlags.DepthExceeded));
        Assert.True(m.Parts.Max(p => p.Depth) <= MimeLimits.Default.MaxDepth + 1);
    }

    [Fact]
    public void A_hundred_thousand_headers_are_capped()
    {
        var sb = new StringBuilder();
        for (int i = 0; i < 100_000; i++) sb.Append("X-H").Append(i).Append(": value ").Append(i).Append('\n');
        sb.Append("\nbody\n");
        var raw = Encoding.ASCII.GetBytes(sb.ToString());
        MailMessage m = null!;
        WithinSeconds(10, () => m = ReadEverything(raw));
        Assert.True(m.LimitFlags.HasFlag(MimeLimitFlags.HeaderCountExceeded));
        Assert.Equal(MimeLimits.Default.MaxHeaderCount, m.Headers.Count);
        Assert.Equal(["\n", "body "], m.BodyText);
    }

    [Fact]
    public void A_50_megabyte_base64_line_is_cut_and_memory_stays_bounded()
    {
        var line = new byte[50 * 1024 * 1024];
        Array.Fill(line, (byte)'Q');
        var head = "Subject: big\nContent-Type: text/plain\nContent-Transfer-Encoding: base64\n\n"u8.ToArray();
        var raw = new byte[head.Length + line.Length + 1];
        head.CopyTo(raw, 0);
        line.CopyTo(raw, head.Length);
        raw[^1] = (byte)'\n';
        long before = GC.GetAllocatedBytesForCurrentThread();
        MailMessage m = null!;
        WithinSeconds(20, () => m = ReadEverything(raw));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(m.LimitFlags.HasFlag(MimeLimitFlags.DecodedPartTruncated));
        Assert.Equal(MimeLimits.Default.MaxDecodedPartBytes, m.Parts[0].DecodedSize);
        Assert.True(allocated < 200L * 1024 * 1024, $"allocated {allocated / (1024 * 1024)} MB for a 50 MB message");
        Assert.True(m.BodyText.Sum(l => l.Length) < 60_000 + 4096);
    }

    [Fact]
    public void Long_header_values_and_names_are_truncated_and_flagged()
    {
        var raw = Encoding.ASCII.GetBytes("Subject: " + new string('a', 100_000) + "\n" + new string('N', 1000) + ": v\n\nx\n");
        var m = ReadEverything(raw);
        Assert.True(m.LimitFlags.HasFlag(MimeLimitFlags.HeaderTruncated));
        Assert.True(m.Headers[0].Value.Length <= MimeLimits.Default.MaxHeaderValueLength);
    }

    [Fact]
    public void Too_many_parts_are_capped()
    {
        var sb = new StringBuilder("Content-Type: multipart/mixed; boundary=p\n\n");
        for (int i = 0; i < 3000; i++) sb.Append("--p\nContent-Type: text/plain\n\npart ").Append(i).Append('\n');
        sb.Append("--p--\n");
        var m = ReadEverything(Encoding.ASCII.GetBytes(sb.ToString()));
        Assert.True(m.LimitFlags.HasFlag(MimeLimitFlags.PartLimitExceeded));
        Assert.Equal(1 + MimeLimits.Default.MaxPartsPerMultipart, m.Parts.Count);
    }

    [Fact]
    public void Invalid_utf8_nul_bytes_and_unclosed_boundaries_do_not_throw()
    {
        var raw = Encoding.Latin1.GetBytes(
            "Subject: =?UTF-8?B?\u00ff\u00fe?= \u00c3\u0028 nul\0here\nFrom: \"\u00ff\" <\0@x>\n" +
            "Content-Type: multipart/mixed; boundary=\"un closed\"\n\n--un closed\nContent-Type: text/html; charset=utf-8\n" +
            "Content-Transfer-Encoding: quoted-printable\n\n<p>=C3=28=\n=ZZ<a href=3D\"http://\0x.com\">\u00e9\0</a><b\n" +
            "--un closed\nContent-Type: text/plain; charset=\"utf-16\"\nContent-Transfer-Encoding: base64\n\n!!!*@#$\n");
        var m = ReadEverything(raw);
        Assert.True(m.LimitFlags.HasFlag(MimeLimitFlags.UnclosedBoundary));
        Assert.Equal(3, m.Parts.Count);
    }

    [Theory]
    [InlineData("<font size=\"+99999999999\">big</font> after")]
    [InlineData("<basefont size=\"99999999999\"><font size=\"-3\">small</font> after")]
    [InlineData("<font size=\"+\u0663\">arabic digit</font> after")]
    public void Font_sizes_out_of_range_do_not_throw(string html)
    {
        var m = ReadEverything(Encoding.UTF8.GetBytes("Content-Type: text/html; charset=utf-8\n\n" + html + "\n"));
        Assert.Contains(m.BodyText, line => line.Contains("after"));
    }

    [Fact]
    public void Truncating_a_message_anywhere_never_throws()
    {
        var full = Encoding.ASCII.GetBytes(
            "From: a@b.c\nSubject: =?utf-8?q?trunc?=\nContent-Type: multipart/alternative; boundary=\"zz\"\n\n--zz\n" +
            "Content-Type: text/plain\nContent-Transfer-Encoding: quoted-printable\n\nhello=20there =3D\n--zz\n" +
            "Content-Type: text/html\nContent-Transfer-Encoding: base64\n\nPGh0bWw+PGEgaHJlZj0iaHR0cDovL2V4YW1wbGUuY29tLyI+eDwvYT48L2h0bWw+\n--zz--\n");
        for (int n = 0; n <= full.Length; n++) ReadEverything(full[..n]);
    }

    [Fact]
    public void Pathological_html_and_uri_text_stay_fast()
    {
        var html = "<html>" + string.Concat(Enumerable.Repeat("<a href=\"http://x.com/", 20_000)) + string.Concat(Enumerable.Repeat("<!--", 20_000)) + "</html>";
        var text = string.Concat(Enumerable.Repeat("www.", 100_000)) + string.Concat(Enumerable.Repeat("a@", 100_000));
        var raw = Encoding.ASCII.GetBytes("Content-Type: multipart/mixed; boundary=q\n\n--q\nContent-Type: text/html\n\n" + html +
                                          "\n--q\nContent-Type: text/plain\n\n" + text + "\n--q--\n");
        WithinSeconds(15, () => ReadEverything(raw));
    }

    private static readonly string[] Fragments =
    [
        "Content-Type: multipart/mixed; boundary=\"b\"\n", "Content-Type: multipart/alternative; boundary=c\n", "Content-Type: text/html\n",
        "Content-Type: message/rfc822\n", "Content-Type: text/plain; charset=\"utf-16\"\n", "Content-Type: text/plain; charset=gb2312\n",
        "Content-Transfer-Encoding: base64\n", "Content-Transfer-Encoding: quoted-printable\n", "Content-Disposition: attachment; filename*0*=utf-8''%E2; filename*1=x\n",
        "Subject: =?utf-8?B?w6k=?= =?x?Q?=ZZ?=\n", "From: \"a\\\"b\" <c@d>, (e) f@g, h: i@j;\n", "\n", "\n\n", "--b\n", "--b--\n", "--c\n", "--c--\n",
        "<p>", "</p>", "<a href=\"http://x.com/\">", "<script>", "&#x10FFFF;", "&amp", "=\n", "=C3=A9", "PGI+", "====", "http://1.2.3.4/",
        "www.example.com ", "a@b.co.uk ", " \t", "\r\n", "\0", "\u00ff\u00fe", "\u00e9", "\u00c3\u00a9", "From x\n", ">From y\n",
    ];

    [Fact]
    public void Generated_messages_never_throw()
    {
        var fragment = Gen.Elements(Fragments);
        var message = Gen.ArrayOf(fragment).Select(parts => Encoding.Latin1.GetBytes(string.Concat(parts)));
        Prop.ForAll(Arb.From(message), raw =>
        {
            ReadEverything(raw);
            return true;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Generated_random_bytes_never_throw()
    {
        var bytes = Gen.ArrayOf(Gen.Choose(0, 255).Select(i => (byte)i));
        Prop.ForAll(Arb.From(bytes), raw =>
        {
            var m = ReadEverything(raw);
            return m.Parts.Count >= 1;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Time_grows_linearly_with_message_size()
    {
        static byte[] Build(int parts)
        {
            var sb = new StringBuilder("Subject: s\nContent-Type: multipart/mixed; boundary=r\n\n");
            for (int i = 0; i < parts; i++)
                sb.Append("--r\nContent-Type: text/html\n\n<p>Hello <a href=\"http://site").Append(i).Append(".com/\">w</a> see www.x").Append(i).Append(".org\n");
            sb.Append("--r--\n");
            return Encoding.ASCII.GetBytes(sb.ToString());
        }
        ReadEverything(Build(50));
        // The fastest of several runs: a busy machine only ever adds time, so the minimum is the fair figure.
        static double Fastest(byte[] message)
        {
            double best = double.MaxValue;
            for (int run = 0; run < 5; run++)
            {
                var clock = Stopwatch.StartNew();
                ReadEverything(message);
                best = Math.Min(best, clock.Elapsed.TotalMilliseconds);
            }
            return best;
        }
        double small = Fastest(Build(200)), large = Fastest(Build(800));
        // 4x the input: linear is ~4x the time, quadratic ~16x; 10x leaves room for noise and still fails quadratic.
        Assert.True(large < 10 * Math.Max(small, 5), $"200 parts {small:F1} ms, 800 parts {large:F1} ms");
    }
}
