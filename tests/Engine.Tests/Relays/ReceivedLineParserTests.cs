using Spamd.Engine.Relays;
using Xunit;

namespace Spamd.Engine.Tests.Relays;

/// <summary>
/// Single Received lines in the common MTA formats, classified with inferred trust; the expected texts are
/// what Mail::SpamAssassin 4.0.1 produced for the same header (tests/oracle/relays.pl).
/// </summary>
public sealed class ReceivedLineParserTests
{
    [Theory]
        [InlineData("from mail.example.org (mail.example.org [203.0.113.5]) by mx.example.net (Postfix) with ESMTP id 4F1A2B3C4D for <user@example.net>; Mon, 3 Mar 2003 10:00:00 +0000 (GMT)",
            "",
            "[ ip=203.0.113.5 rdns=mail.example.org helo=mail.example.org by=mx.example.net ident= envfrom= intl=0 id=4F1A2B3C4D auth= msa=0 ]", 0)]
        [InlineData("from unknown (HELO friend) (198.51.100.7) by mail.example.com with SMTP; 14 Mar 2003 07:24:34 -0000",
            "",
            "[ ip=198.51.100.7 rdns= helo=friend by=mail.example.com ident= envfrom= intl=0 id= auth= msa=0 ]", 0)]
        [InlineData("from host.example.org ([198.51.100.9] helo=workstation) by mx1.example.com with esmtp (Exim 4.50) id 1GFbZc-0006QV-L8 for x@example.com; Tue, 22 Aug 2006 21:06:04 +0200",
            "",
            "[ ip=198.51.100.9 rdns=host.example.org helo=workstation by=mx1.example.com ident= envfrom= intl=0 id=1GFbZc-0006QV-L8 auth= msa=0 ]", 0)]
        [InlineData("from relay.example.org (relay.example.org [203.0.113.20]) by mail.example.com (8.12.8/8.12.8) with ESMTP id h2FH0Zx11330 for <x@example.com>; Sat, 15 Mar 2003 17:00:41 GMT",
            "",
            "[ ip=203.0.113.20 rdns=relay.example.org helo=relay.example.org by=mail.example.com ident= envfrom= intl=0 id=h2FH0Zx11330 auth= msa=0 ]", 0)]
        [InlineData("from laptop ([203.0.113.44]) by smtp.example.com with Microsoft SMTPSVC(5.0.2195.6713); Tue, 21 Sep 2004 08:59:06 +0300",
            "",
            "[ ip=203.0.113.44 rdns= helo=laptop by=smtp.example.com ident= envfrom= intl=0 id= auth= msa=0 ]", 0)]
        [InlineData("from [192.168.1.10] (dsl.example.net [198.51.100.77]) (authenticated bits=0) by mail.example.com (8.13.1/8.13.1) with ESMTP id j2K1dGh0012345; Sun, 20 Mar 2005 01:39:16 GMT",
            "[ ip=198.51.100.77 rdns=dsl.example.net helo=!192.168.1.10! by=mail.example.com ident= envfrom= intl=1 id=j2K1dGh0012345 auth=Sendmail msa=0 ]",
            "", 0)]
        [InlineData("from localhost (localhost [127.0.0.1]) by mail.example.com (Postfix) with ESMTP id 123456; Mon, 3 Mar 2003 10:00:00 +0000",
            "[ ip=127.0.0.1 rdns=localhost helo=localhost by=mail.example.com ident= envfrom= intl=1 id=123456 auth= msa=0 ]",
            "", 0)]
        [InlineData("from unknown (unknown [198.51.100.3]) by mx.example.net (Postfix) with SMTP id ABCDEF; Mon, 3 Mar 2003 10:00:00 +0000",
            "",
            "[ ip=198.51.100.3 rdns= helo=unknown by=mx.example.net ident= envfrom= intl=0 id=ABCDEF auth= msa=0 ]", 0)]
        [InlineData("from mx.example.com by mail.example.org with IMAP (fetchmail-5.9.0) for jm@localhost (single-drop); Thu, 13 Mar 2003 20:39:56 -0800 (PST)",
            "",
            "", 0)]
        [InlineData("from 10.0.0.5 by webmail.example.com with HTTP; Sat, 3 Apr 2004 10:33:43 -0500",
            "[ ip=10.0.0.5 rdns= helo= by=webmail.example.com ident= envfrom= intl=1 id= auth=HTTP msa=0 ]",
            "", 0)]
        [InlineData("from EXC-01.corp.example.com (10.45.252.152) by EXC-02.corp.example.com (10.45.252.153) with Microsoft SMTP Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256) id 15.1.1261.35; Mon, 29 Oct 2018 11:17:19 +0100",
            "[ ip=10.45.252.152 rdns=EXC-01.corp.example.com helo=EXC-01.corp.example.com by=EXC-02.corp.example.com ident= envfrom= intl=1 id=15.1.1261.35 auth= msa=0 ]",
            "", 0)]
        [InlineData("from client.example.org (client.example.org [2001:db8::25]) by mx.example.net (Postfix) with ESMTPS id 4Xyz for <u@example.net>; Mon, 3 Mar 2003 10:00:00 +0000",
            "",
            "[ ip=2001:db8::25 rdns=client.example.org helo=client.example.org by=mx.example.net ident= envfrom= intl=0 id=4Xyz auth= msa=0 ]", 0)]
        [InlineData("from garbage that has no structure at all",
            "",
            "", 1)]
    public void OneReceivedLineMatchesSpamAssassin(string received, string trusted, string untrusted, int unparseable)
    {
        var path = RelayPath.Classify([received], [], []);
        Assert.Equal(trusted, path.TrustedText);
        Assert.Equal(untrusted, path.UntrustedText);
        Assert.Equal(unparseable, path.Unparseable);
    }

    [Fact]
    public void TrustEndsAtTheFirstPublicRelayAndNeverResumes()
    {
        var path = RelayPath.Classify(
        [
            "from localhost (localhost [127.0.0.1]) by mx.example.net (Postfix) with ESMTP id A1; Mon, 3 Mar 2003 10:00:00 +0000",
            "from mail.example.org (mail.example.org [203.0.113.5]) by mx.example.net (Postfix) with ESMTP id A2; Mon, 3 Mar 2003 10:00:00 +0000",
            "from inner (inner [10.1.2.3]) by mail.example.org (Postfix) with ESMTP id A3; Mon, 3 Mar 2003 10:00:00 +0000",
        ], [], []);
        Assert.Equal(["127.0.0.1"], path.Trusted.Select(r => r.Ip));
        Assert.Equal(["203.0.113.5", "10.1.2.3"], path.Untrusted.Select(r => r.Ip));
        Assert.Equal(path.Trusted, path.Internal);
        Assert.StartsWith("[ ip=127.0.0.1 rdns=localhost helo=localhost by=mx.example.net ident= envfrom= intl=1 ", path.TrustedText);
    }

    [Fact]
    public void ConfiguredTrustedNetworksReplaceTheInference()
    {
        string[] lines =
        [
            "from mail.example.org (mail.example.org [203.0.113.5]) by mx.example.net (Postfix) with ESMTP id A2; Mon, 3 Mar 2003 10:00:00 +0000",
            "from far.example.com (far.example.com [198.51.100.1]) by mail.example.org (Postfix) with ESMTP id A3; Mon, 3 Mar 2003 10:00:00 +0000",
        ];
        var path = RelayPath.Classify(lines, ["203.0.113.0/24"], []);
        Assert.Equal(["203.0.113.5"], path.Trusted.Select(r => r.Ip));
        Assert.Equal(["198.51.100.1"], path.Untrusted.Select(r => r.Ip));
        Assert.True(path.Trusted[0].Internal);

        var narrower = RelayPath.Classify(lines, ["203.0.113."], ["!203.0.113.5", "203.0.113/24"]);
        Assert.Single(narrower.Trusted);
        Assert.Empty(narrower.Internal);
    }

    [Fact]
    public void HeaderRangesSplitAtTheTrustBoundary()
    {
        var path = RelayPath.Classify(
        [
            "from localhost (localhost [127.0.0.1]) by mx.example.net (Postfix) with ESMTP id A1; Mon, 3 Mar 2003 10:00:00 +0000",
            "from mail.example.org (mail.example.org [203.0.113.5]) by mx.example.net (Postfix) with ESMTP id A2; Mon, 3 Mar 2003 10:00:00 +0000",
        ], [], []);
        string[] all = ["X-Top: 1\n", "Received: first\n", "X-Mid: 2\n", "Received: second\n", "Subject: s\n"];
        Assert.Equal("X-Top: 1\nReceived: first\nX-Mid: 2\nReceived: second\n", path.HeaderRange("ALL-TRUSTED", all));
        Assert.Equal("Received: second\nSubject: s\n", path.HeaderRange("ALL-EXTERNAL", all));
    }
}
