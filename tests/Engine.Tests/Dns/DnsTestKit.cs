using System.Text;
using Spamd.Engine.Config;
using Spamd.Engine.Mime;
using Spamd.Engine.Rules;
using Spamd.Engine.Scanning;

namespace Spamd.Engine.Tests.Dns;

/// <summary>Scans messages read by the MIME reader with network tests on, over an in-memory zone.</summary>
internal static class DnsTestKit
{
    /// <summary>Never reached: the transport is in memory. Named so that no test can fall back to resolv.conf.</summary>
    public const string Server = "dns_server 127.0.0.1:5399\n";

    /// <summary>Two untrusted hops: 198.51.100.7 handed the message to us, 203.0.113.9 sent it.</summary>
    public const string Relayed = """
        Received: from mail.sender.example (mail.sender.example [198.51.100.7])
        	by mx.example.net with ESMTP id 1; Mon, 2 Nov 2026 10:00:00 +0000
        Received: from client.sender.example (client.sender.example [203.0.113.9])
        	by mail.sender.example with ESMTP id 2; Mon, 2 Nov 2026 09:59:00 +0000
        From: Sender <someone@sender.example>
        To: someone@example.net
        Subject: hello
        Message-ID: <dns-test@sender.example>
        Date: Mon, 2 Nov 2026 10:00:00 +0000

        Hello there.

        """;

    public static RuleScanner Scanner(string config, ZoneTransport? zone) =>
        RuleScanner.FromText(Server + config, new RuleLoadOptions { Locale = "C", CompileRegexesInBackground = false, DnsTransport = zone });

    public static ScanResult Scan(string config, ZoneTransport? zone, string message = Relayed)
    {
        var scanner = Scanner(config, zone);
        return scanner.Scan(Parse(message), scanner.DefaultSettings, CancellationToken.None);
    }

    public static IMailMessage Parse(string message) => MailMessage.Parse(Encoding.Latin1.GetBytes(message.Replace("\r\n", "\n")));

    public static string[] Names(this ScanResult result) => result.Hits.Select(h => h.Name).Order(StringComparer.Ordinal).ToArray();

    public static string WithBody(string body) => Relayed.Replace("Hello there.", body);
}
