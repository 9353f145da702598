using System.Text;
using System.Text.RegularExpressions;
using Spamd.Engine.Mime;

namespace Spamd.Engine.Tests.Mime;

public class MailMessageTests
{
    private static MailMessage Parse(string text) => MailMessage.Parse(Encoding.Latin1.GetBytes(text));

    [Fact]
    public void Folded_and_repeated_headers_keep_order_raw_and_decoded_values()
    {
        var m = Parse("Received: from a\n\tby b\nReceived: from c\nSubject:  Hello\n  world  \n\nbody\n");
        Assert.Equal(["Received", "Received", "Subject"], m.Headers.Select(h => h.Key));
        Assert.Equal("from a by b", m.Headers[0].Value);
        Assert.Equal("Hello world", m.Headers[2].Value);
        Assert.Equal("from a by b\nfrom c\n", m.GetHeader("Received"));
        Assert.Equal("from c\n", m.GetHeader("Received:last"));
        Assert.Equal("from a by b\n", m.GetHeader("Received:first"));
        Assert.Equal("  Hello\n  world  \n", m.GetHeader("Subject:raw"));
        Assert.Null(m.GetHeader("X-Missing"));
    }

    [Fact]
    public void Encoded_words_decode_to_utf8_octets_and_bad_ones_stay()
    {
        var m = Parse("Subject: =?UTF-8?B?SsO2cmc=?= =?ISO-8859-1?Q?M=FCller_x?= =?bogus?Q?ok?= =?UTF-8?B?broken\n\nx\n");
        // whitespace between adjacent encoded words goes (RFC 2047 and SpamAssassin)
        var expected = Octets.FromText("JörgMüller x") + "ok =?UTF-8?B?broken";
        Assert.Equal(expected, m.Headers[0].Value);
    }

    [Fact]
    public void Encoded_words_in_windows_and_asian_charsets()
    {
        var m = Parse("Subject: =?windows-1251?B?z/Do4uXy?= =?shift_jis?B?grGC8YLJgr+CzQ==?=\n\nx\n");
        Assert.Equal(Octets.FromText("Приветこんにちは"), m.Headers[0].Value);
    }

    [Fact]
    public void Address_modifiers_follow_spamassassin()
    {
        var m = Parse("From: \"Doe, John\" <john@example.com>\nTo: a@b.com, Group: c@d.org (Cee);, 'Eve' <e@f.net>\n" +
                      "Cc: =?UTF-8?Q?J=C3=B6rg?= <j@x.de>\nReply-To: kragen@pobox.com (Kragen Sitaker)\n\nx\n");
        Assert.Equal("john@example.com", m.GetHeader("From:addr"));
        Assert.Equal("Doe, John", m.GetHeader("From:name"));
        Assert.Equal(["a@b.com", "c@d.org", "e@f.net"], m.GetHeaderValues("To:addr"));
        Assert.Equal(Octets.FromText("Jörg"), m.GetHeader("Cc:name"));
        Assert.Equal("Kragen Sitaker", m.GetHeader("Reply-To:name"));
        Assert.Equal(["a@b.com", "c@d.org", "e@f.net", "j@x.de"], m.GetHeaderValues("ToCc:addr"));
        Assert.Equal("example.com", m.GetHeader("From:addr:host"));
    }

    [Fact]
    public void Pseudo_headers_all_messageid_and_envelope_from()
    {
        var m = Parse("Return-Path: <bounce@lists.example.org>\nMessage-Id: <1@x>\nSubject: s\n\nx\n");
        Assert.Equal("Return-Path: <bounce@lists.example.org>\nMessage-Id: <1@x>\nSubject: s\n", m.GetHeader("ALL"));
        Assert.Equal("<1@x>\n", m.GetHeader("MESSAGEID"));
        Assert.Equal("bounce@lists.example.org", m.GetHeader("EnvelopeFrom"));
        Assert.Equal("Return-Path: <bounce@lists.example.org>\nMessage-Id: <1@x>\nSubject: s\n", m.GetHeader("ALL:raw"));
    }

    [Fact]
    public void Ip_modifier_finds_the_first_ipv4()
    {
        var m = Parse("X-Originating-IP: [192.168.10.7]\n\nx\n");
        Assert.Equal("192.168.10.7", m.GetHeader("X-Originating-IP:ip"));
        Assert.Equal("7.10.168.192", m.GetHeader("X-Originating-IP:revip"));
    }

    private const string Multipart =
        "From: a@b.c\nSubject: Test\nContent-Type: multipart/mixed; boundary=\"XX\"\n\npreamble\n--XX\n" +
        "Content-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: quoted-printable\n\nCaf=E9 au lait=\n here\n\n" +
        "--XX\nContent-Type: text/html\n\n<html><body><p>Hello <b>big</b>&amp;bold<br>world</p><script>var x=1;</script>" +
        "<a href=\"http://example.com/x?a=1\">click</a><img src=\"http://img.example.net/a.gif\" width=10 height=20></body></html>\n" +
        "--XX\nContent-Type: application/octet-stream; name=\"a.bin\"\nContent-Disposition: attachment; filename*=UTF-8''%E2%82%AC.bin\n" +
        "Content-Transfer-Encoding: base64\n\nAAECAwQ=\n--XX--\nepilogue\n";

    [Fact]
    public void Multipart_parts_list_with_types_charsets_names_and_sizes()
    {
        var m = Parse(Multipart);
        Assert.Equal(["multipart/mixed", "text/plain", "text/html", "application/octet-stream"], m.Parts.Select(p => p.ContentType));
        Assert.False(m.Parts[0].IsLeaf);
        Assert.Equal("iso-8859-1", m.Parts[1].Charset);
        Assert.Equal("€.bin", m.Parts[3].FileName);
        Assert.Equal(5, m.Parts[3].DecodedSize);
        Assert.Equal([0, 1, 2, 3, 4], m.Parts[3].DecodedBody.ToArray());
        Assert.Equal(MimeLimitFlags.MimeEpilogue, m.LimitFlags); // "epilogue" after the closing boundary
    }

    [Fact]
    public void Body_text_has_subject_first_decoded_and_rendered_paragraphs()
    {
        var m = Parse(Multipart);
        Assert.Equal("Test\n", m.BodyText[0]);
        Assert.Equal(Octets.FromText("Café au lait here\n"), m.BodyText[1]);
        Assert.Equal(["Hello big&bold world\n", "click "], m.BodyText.Skip(2));
    }

    [Fact]
    public void Raw_body_is_decoded_but_not_rendered()
    {
        var m = Parse(Multipart);
        Assert.Equal(2, m.RawBodyText.Count);
        Assert.Equal("Caf\u00E9 au lait here\n", m.RawBodyText[0]);
        Assert.StartsWith("<html><body><p>Hello", m.RawBodyText[1]);
    }

    [Fact]
    public void Uris_from_html_attributes_with_canonical_variants()
    {
        var m = Parse(Multipart);
        Assert.Contains("http://example.com/x?a=1", m.Uris);
        Assert.Contains("http://img.example.net/a.gif", m.Uris);
        var html = Assert.Single(m.HtmlParts);
        Assert.Equal(200, html.ImageArea);
        Assert.Equal(1, html.ImageCount);
        Assert.Contains("script", html.TagsSeen);
        Assert.Equal(new HtmlAnchor("http://example.com/x?a=1", "click"), Assert.Single(html.Anchors));
        Assert.True(html.MarkupRatio > 0.5);
    }

    [Fact]
    public void Uris_from_plain_text_schemes_www_mail_and_bare_domains()
    {
        var m = Parse("Subject: s\n\nsee http://Example.COM:80/a, www.foo.org or mail me at joe@bar.net.\n" +
                      "also shop.example.co.uk/path and http://1249763876/x and not.a.realtld\n");
        var uris = m.Uris;
        Assert.Contains("http://Example.COM:80/a", uris);
        Assert.Contains("http://Example.COM/a", uris);
        Assert.Contains("http://www.foo.org", uris);
        Assert.Contains("mailto:joe@bar.net", uris);
        Assert.Contains("http://shop.example.co.uk/path", uris);
        Assert.Contains("http://74.125.226.36/x", uris);
        Assert.DoesNotContain(uris, u => u.Contains("realtld"));
    }

    [Fact]
    public void Raw_header_values_made_on_first_use_drop_crs_and_keep_the_cut()
    {
        var limits = MimeLimits.Default with { MaxHeaderValueLength = 30 };
        var raw = Encoding.ASCII.GetBytes(
            "Subject: short\r\nX-Long: 0123456789\r\n 0123456789\r\n 0123456789\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n" +
            "--b\r\nContent-Type: text/plain;\r\n charset=\"us-ascii\"\r\nX-Part: abc\r\n\r\nbody\r\n--b--\r\n");
        var m = MailMessage.Parse(raw, limits);
        Assert.Equal(" short\n", m.HeaderFields[0].RawValue);
        // 36 characters once the CRs go: cut at 30 and flagged, as an eager copy would be
        Assert.Equal(" 0123456789\n 0123456789\n 01234", m.HeaderFields[1].RawValue);
        Assert.True(m.LimitFlags.HasFlag(MimeLimitFlags.HeaderTruncated));
        var part = m.Parts[1];
        Assert.Equal("Content-Type", part.Headers[0].Name);
        Assert.Equal("text/plain;\n charset=\"us-ascii", part.Headers[0].RawValue);
        Assert.Equal("abc\n", part.Headers[1].RawValue);
        Assert.Equal("text/plain", part.ContentType);

        // 31 octets but 30 characters: not cut
        var exact = MailMessage.Parse(Encoding.ASCII.GetBytes("X-Exact: 0123456789012345678901234567\r\n\r\nx\r\n"), limits);
        Assert.Equal(" 0123456789012345678901234567\n", exact.HeaderFields[0].RawValue);
        Assert.False(exact.LimitFlags.HasFlag(MimeLimitFlags.HeaderTruncated));
    }

    [Fact]
    public void Redirector_targets_are_extracted()
    {
        var m = Parse("Subject: s\n\ngo http://www.google.com/url?q=http://evil.example.biz/landing&sa=D\n");
        Assert.Contains(m.Uris, u => u.StartsWith("http://evil.example.biz/landing", StringComparison.Ordinal));
    }

    [Fact]
    public void Redirector_prefilter_skips_only_uris_no_pattern_can_match()
    {
        var zdnet = new Regex(@"^http://chkpt\.zdnet\.com/chkpt/\w+/(.*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        var options = new UriOptions(["com", "net"], [zdnet]);
        Assert.True(options.MayBeRedirector("http://CHKPT.ZDNET.COM/chkpt/x/www.target.net/"));
        Assert.False(options.MayBeRedirector("http://www.example.com/page"));
        // case-insensitive regexes pair the Kelvin sign with 'k': non-ASCII URIs always take the regexes
        Assert.True(options.MayBeRedirector("http://ch\u212Apt.zdnet.com/chkpt/x/y"));
        Assert.Contains(UriCanonicalizer.Canonicalize("http://chkpt.zdnet.com/chkpt/abc/www.target.net/page", options),
            u => u.StartsWith("http://www.target.net/page", StringComparison.Ordinal));
        // a pattern without a literal to require turns the prefilter off
        var anything = new UriOptions(["com"], [zdnet, new Regex(@"^(.*)$")]);
        Assert.True(anything.MayBeRedirector("http://www.example.com/page"));
    }

    [Fact]
    public void Missing_closing_boundary_and_headerless_parts_are_tolerated()
    {
        var m = Parse("Content-Type: multipart/alternative; boundary=b\n\n--b\n\nno headers here\n--b\nContent-Type: text/html\n\n<p>x");
        Assert.Equal(["multipart/alternative", "text/plain", "text/html"], m.Parts.Select(p => p.ContentType));
        Assert.True(m.LimitFlags.HasFlag(MimeLimitFlags.UnclosedBoundary));
        Assert.Equal("no headers here", Encoding.Latin1.GetString(m.Parts[1].DecodedBody.Span));
        Assert.Equal(["\n", "no headers here\n", "x"], m.BodyText);
    }

    [Fact]
    public void Nested_message_rfc822_is_walked_and_its_text_rendered()
    {
        var m = Parse("Subject: outer\nContent-Type: multipart/mixed; boundary=o\n\n--o\nContent-Type: message/rfc822\n\n" +
                      "Subject: inner\nContent-Type: text/plain\n\ninner body\n--o--\n");
        Assert.Equal(["multipart/mixed", "message/rfc822", "text/plain"], m.Parts.Select(p => p.ContentType));
        Assert.Equal(2, m.Parts[2].Depth);
        Assert.Equal("inner", m.Parts[2].GetHeader("subject"));
        Assert.Equal(["outer\n", "inner body"], m.BodyText);
    }

    [Fact]
    public void Crlf_messages_read_like_lf_messages()
    {
        var lf = Parse(Multipart);
        var crlf = Parse(Multipart.Replace("\n", "\r\n"));
        Assert.Equal(lf.BodyText, crlf.BodyText);
        Assert.Equal(lf.RawBodyText, crlf.RawBodyText);
        Assert.Equal(lf.Headers, crlf.Headers);
    }

    [Fact]
    public void Html_rendering_drops_style_and_decodes_entities_with_block_breaks()
    {
        var (text, facts) = HtmlRenderer.Render("<style>p{}</style><div>a&nbsp;b</div><ul><li>one<li>two</ul><p>caf&eacute; &#8364;5 &lt;x&gt;</p>", 80);
        Assert.Equal("\na b\n one two\n\ncafé €5 <x>\n\n", text);
        Assert.Equal(0, facts.ScriptCount);
        Assert.Contains("li", facts.TagsSeen);
    }

    [Fact]
    public void Unknown_charset_falls_back_without_throwing()
    {
        var m = MailMessage.Parse(Encoding.Latin1.GetBytes("Content-Type: text/plain; charset=x-nonsense\n\nna\u00EFve\n"));
        Assert.Equal(Octets.FromText("\n"), m.BodyText[0]);
        Assert.Equal(Octets.FromText("naïve "), m.BodyText[1]);
    }

    [Fact]
    public void Renderings_are_computed_once()
    {
        var m = Parse(Multipart);
        Assert.Same(m.BodyText, m.BodyText);
        Assert.Same(m.Uris, m.Uris);
        Assert.Same(m.RawBodyText, m.RawBodyText);
        Assert.Same(m.FullText, m.FullText);
    }

    [Fact]
    public void Invisible_html_text_is_split_out_and_keeps_its_spaces()
    {
        var m = Parse("Subject: s\nContent-Type: text/html\n\n<p>Buy now</p><font color=\"#ffffff\">hidden words </font><p>" +
                      "<span style=\"display:none\">also hidden</span> end</p>\n");
        // as SpamAssassin 4.0.1 renders it (checked with tests/oracle/sa_render.pl)
        Assert.Equal(["s\n", "\n", "Buy now\n", "hidden words \n", "also hidden end\n"], m.BodyText);
        Assert.Equal(["s\n", "\n", "Buy now\n", " end\n"], m.VisibleBodyText);
        Assert.Equal(["hidden words also hidden"], m.InvisibleBodyText);
    }

    [Fact]
    public void All_raw_keeps_crlf_and_the_quirky_crlf_separator_line()
    {
        // as SpamAssassin 4.0.1 returns get("ALL:raw") for this message (checked with Mail::SpamAssassin)
        var m = Parse("Subject: a\r\n b\r\nFrom: x@y\r\n\r\nbody\r\n");
        Assert.Equal(["Subject: a\r\n b\r\n", "From: x@y\r\n", "\r\n"], m.GetHeaderValues("ALL:raw"));
        Assert.Equal("a b", m.Headers[0].Value);
    }

    [Fact]
    public void Host_and_domain_modifiers_use_the_registry_boundaries()
    {
        // as SpamAssassin 4.0.1's get() answers for this message (checked with Mail::SpamAssassin)
        var m = Parse("To: x@mail.example.co.uk, y@a.b.ca.us\nFrom: Joe <joe@sub.domain.example.com>\n\nx\n");
        Assert.Equal(["a.b.ca.us"], m.GetHeaderValues("To:domain"));
        Assert.Equal(["example.co.uk", "a.b.ca.us"], m.GetHeaderValues("To:addr:domain"));
        Assert.Equal(["example.com"], m.GetHeaderValues("From:addr:domain"));
        Assert.Equal(["sub.domain.example.com"], m.GetHeaderValues("From:host"));
        Assert.Equal(["mail.example.co.uk", "a.b.ca.us"], m.GetHeaderValues("To:addr:host"));
    }
}
