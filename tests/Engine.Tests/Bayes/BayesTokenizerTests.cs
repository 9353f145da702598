using FsCheck;
using FsCheck.Fluent;
using Spamd.Engine.Bayes;

namespace Spamd.Engine.Tests.Bayes;

public class BayesTokenizerTests
{
    private static HashSet<string> Tokens(FakeMailMessage message) => new BayesTokenizer().Tokenize(message).Values.ToHashSet();

    private static FakeMailMessage Body(params string[] lines) => new([], lines);

    [Fact]
    public void Body_words_are_split_trimmed_and_decomposed()
    {
        var tokens = Tokens(Body("Buy CHEAP pills!! \"now\" or never--ok"));
        Assert.Contains("buy", tokens);          // sentence-start title case lowered
        Assert.Contains("CHEAP", tokens);
        Assert.Contains("cheap", tokens);        // lower-cased variant
        Assert.Contains("pills!!", tokens);
        Assert.Contains("pills", tokens);        // punctuation-free variant
        Assert.Contains("never", tokens);        // "--" between words splits them
        Assert.DoesNotContain("now", tokens);    // stop word
        Assert.DoesNotContain("or", tokens);     // shorter than 3
    }

    [Fact]
    public void Long_tokens_become_skip_tokens_and_domains_become_UD_tokens()
    {
        var tokens = Tokens(Body("see abcdefghijklmnopqrstuvwxyz and www.example.co.uk"));
        Assert.Contains("sk:abcdefg", tokens);
        Assert.Contains("UD:www.example.co.uk", tokens);
        Assert.Contains("UD:example.co.uk", tokens);
        Assert.Contains("UD:co.uk", tokens);
        Assert.Contains("UD:uk", tokens);
        Assert.Contains("sk:www.exa", tokens);   // the domain itself is longer than 15
    }

    [Fact]
    public void Body_addresses_give_user_and_domain_tokens()
    {
        var tokens = Tokens(Body("write to john.doe@mail.example.com today"));
        Assert.Contains("U*john.doe", tokens);
        Assert.Contains("D*mail.example.com", tokens);
        Assert.Contains("D*example.com", tokens);
        Assert.Contains("D*com", tokens);
    }

    [Fact]
    public void Headers_are_prefixed_chewed_and_filtered()
    {
        var message = new FakeMailMessage(
        [
            ("From", "\"Robert Elz\" <kre@munnari.OZ.AU>"),
            ("Subject", "ignored entirely"),
            ("X-Mailer", "Mutt 1.4"),
            ("Received", "from mail.example.com (mail.example.com [192.168.1.20]) by mx.example.org with ESMTP id g7MBkTZ05087 for <a@b.c>; Thu, 22 Aug 2002 12:46:18 +0100"),
        ], []);
        var tokens = Tokens(message);
        Assert.Contains("H*F:N*Robert", tokens);
        Assert.Contains("H*F:U*kre", tokens);
        Assert.Contains("H*F:D*munnari.OZ.AU", tokens);
        Assert.Contains("H*Ad:D*OZ.AU", tokens);
        Assert.Contains("H*x:Mutt", tokens);
        Assert.Contains("H*UA:Mutt", tokens);
        Assert.Contains("H*r:192.168.1", tokens);
        Assert.Contains("H*r:ip*192.168.1.20", tokens);
        Assert.DoesNotContain(tokens, t => t.StartsWith("HSubject:"));
        Assert.DoesNotContain(tokens, t => t.StartsWith("H*r:") && t.Contains("g7MBkTZ05087"));
        Assert.DoesNotContain(tokens, t => t.Contains("Aug"));
        // The relay metadata, parsed from the same line (the relay is private, so trusted).
        Assert.Contains("H*RT:192.168.1.20", tokens);
        Assert.Contains("H*RT:g7MBkTZ05087", tokens);
    }

    [Fact]
    public void Ignored_headers_from_configuration_make_no_tokens()
    {
        var message = new FakeMailMessage([("Precedence", "bulk"), ("X-Other", "kept")], []);
        var options = BayesOptions.Default with { IgnoredHeaders = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "precedence" } };
        var tokens = new BayesTokenizer(options).Tokenize(message).Values;
        Assert.DoesNotContain("HPrecedence:bulk", tokens);
        Assert.Contains("HX-Other:kept", tokens);
    }

    [Fact]
    public void Long_UTF8_text_becomes_one_token_per_wide_character()
    {
        // "日本語日本語" as UTF-8 octets in the one-char-per-byte view.
        string octets = System.Text.Encoding.Latin1.GetString(System.Text.Encoding.UTF8.GetBytes("日本語日本語"));
        var tokens = Tokens(Body(octets));
        Assert.Contains("u8:" + octets[..3], tokens);
        Assert.Contains("u8:" + octets[3..6], tokens);
    }

    [Fact]
    public void Keys_are_the_last_five_bytes_of_SHA1()
    {
        // sha1("hello") = aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d
        Assert.Equal("d9aea9434d", TokenKey.ToHex(TokenKey.Compute("hello")));
    }

    [Fact]
    public void Body_bigrams_are_extra_tokens_on_by_default()
    {
        var message = Body("Cheap Viagra pills here");
        var plain = new BayesTokenizer(BayesOptions.Default with { BodyBigrams = false }).Tokenize(message).Values.ToHashSet();
        var withPairs = new BayesTokenizer().Tokenize(message).Values.ToHashSet();
        Assert.DoesNotContain(plain, t => t.StartsWith("B*:"));
        Assert.Contains("B*:viagra pills", withPairs);
        Assert.Contains("B*:pills here", withPairs);
        Assert.Subset(withPairs, plain);
    }

    [Fact]
    public void Any_input_tokenizes_without_throwing()
    {
        // Octet strings (one char per byte) in every place the tokenizer reads.
        var octets = ArbMap.Default.GeneratorFor<byte[]>().Select(b => System.Text.Encoding.Latin1.GetString(b));
        FsCheck.Fluent.Prop.ForAll(octets.ToArbitrary(), octets.ToArbitrary(), (header, body) =>
        {
            var message = new FakeMailMessage(
                [("From", header), ("To", header + ", <" + header + "@x>"), ("Received", header), ("Content-Type", "text/plain; boundary=\"" + header + "\""),
                 ("Message-Id", "<" + header + ">"), ("X-" + header.Length, header)],
                [body, header], [body]);
            return new BayesTokenizer(BayesOptions.Default with { BodyBigrams = true }).Tokenize(message).Count >= 0;
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData("a@b")]
    [InlineData("@")]
    [InlineData("x@")]
    [InlineData("@@@")]
    public void Address_tokens_handle_degenerate_addresses(string address)
    {
        var output = new List<string>();
        AddressTokens.Add(address, output);
        Assert.Equal(address == "a@b" ? ["U*a", "D*b"] : address == "@@@" ? ["U*@", "D*@"] : [], output);
    }
}
