using System.Text;
using Spamd.Engine.Output;

namespace Spamd.Engine.Tests.Output;

/// <summary>Expected values printed by SpamAssassin 4.0.1's own mime_encode_header.</summary>
public class MimeHeaderEncoderTests
{
    private static string Octets(string text) => Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(text));

    [Theory]
    [InlineData("Grüße von vm, schöne Tage = ja?", "=?UTF-8?B?R3LDvMOfZSB2b24gdm0sIHNjaMO2bmU=?= Tage = ja?")]
    [InlineData("ÄÖÜäöüß_x", "=?UTF-8?B?w4TDlsOcw6TDtsO8w59feA==?=")]
    [InlineData("plain ascii", "plain ascii")]
    [InlineData("a\tb é\n\tsecond line été ok\n\tthird", "a\tb =?UTF-8?B?w6k=?=\n\tsecond line =?UTF-8?B?w6l0w6k=?= ok\n\tthird")]
    [InlineData("café", "=?UTF-8?Q?caf=C3=A9?=")]
    public void Encodes_utf8_text_like_spamassassin(string text, string expected) =>
        Assert.Equal(expected, MimeHeaderEncoder.Encode(Octets(text)));

    [Theory]
    [InlineData("x\ry", "=?UTF-8?Q?x=0Dy?=")]
    [InlineData("\xff\xfe\xfd\xfc\xfb\xfa\xf9", "=?UTF-8?B?//79/Pv6+Q==?=")]
    [InlineData("Re: caf\xe9 = ok?\r\n", "Re: =?UTF-8?Q?caf=E9?= = ok?\r\n")]
    [InlineData("a_b=c?d \xe9 e", "a_b=c?d =?UTF-8?Q?=E9?= e")]
    public void Encodes_raw_octets_like_spamassassin(string octets, string expected) =>
        Assert.Equal(expected, MimeHeaderEncoder.Encode(octets));
}
