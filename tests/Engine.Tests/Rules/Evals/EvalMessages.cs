using System.Text;
using Spamd.Engine.Config;
using Spamd.Engine.Mime;
using Spamd.Engine.Rules;

namespace Spamd.Engine.Tests.Rules.Evals;

/// <summary>Runs a few rules over a message read by the MIME reader and returns the names that hit.</summary>
internal static class EvalMessages
{
    public static string[] Hits(string rules, string message)
    {
        var scanner = RuleScanner.FromText(rules, new RuleLoadOptions { Locale = "C", CompileRegexesInBackground = false });
        var parsed = MailMessage.Parse(Encoding.Latin1.GetBytes(message.Replace("\r\n", "\n")));
        return scanner.Scan(parsed, scanner.DefaultSettings, CancellationToken.None).Hits.Select(h => h.Name).Order().ToArray();
    }

    public static string Html(string html, string subject = "hello") =>
        $"From: a@b.test\nTo: c@d.test\nSubject: {subject}\nMIME-Version: 1.0\nContent-Type: text/html; charset=us-ascii\n\n{html}\n";

    public static string Alternative(string text, string html, string extraPart = "") =>
        "From: a@b.test\nSubject: hi\nMIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=\"B\"\n\n" +
        $"--B\nContent-Type: text/plain; charset=us-ascii\n\n{text}\n" +
        $"--B\nContent-Type: text/html; charset=us-ascii\n\n{html}\n" +
        extraPart +
        "--B--\n";
}
