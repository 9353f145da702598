using Spamd.Engine.Scanning;

namespace Spamd.Integration.Tests.Output;

/// <summary>
/// Extra rules of several kinds (header, body, rawbody, full), run in a fixed order by priority, and the one
/// message they hit: many hits, long descriptions, awkward scores.
/// </summary>
internal static class ZooRules
{
    private const string LongDescription =
        "This description is deliberately long so that it has to be wrapped at the report width of seventy-five columns";

    private static readonly (string Kind, string Name, string Pattern, double Score, string Description, RuleArea Area)[] Rules =
    [
        ("header", "ZOO_SUBJECT", "Subject =~ /zebra/", 1.05, "Subject mentions a zebra", RuleArea.None),
        ("body", "ZOO_BODY_LONG_DESCRIPTION", "/\\bgiraffe\\b/", 2.25, LongDescription, RuleArea.Body),
        ("rawbody", "ZOO_RAW", "/okapi/", -12.5, "Okapi gesichtet — schön und selten", RuleArea.RawBody),
        ("full", "ZOO_FULL", "/Received: from zoo/", 10.5, "Came from the zoo", RuleArea.Full),
        .. Enumerable.Range(1, 8).Select(i =>
            ("body", $"ZOO_MANY_HITS_NUMBER_{i:00}", $"/lemur{i}/", 0.1 * i, $"Lemur number {i} was seen", RuleArea.Body)),
    ];

    public static string Config => string.Concat(Rules.Select((r, i) =>
        $"{r.Kind} {r.Name} {r.Pattern}\ndescribe {r.Name} {r.Description}\nscore {r.Name} {r.Score.ToString(System.Globalization.CultureInfo.InvariantCulture)}\npriority {r.Name} {i + 1}\n"));

    /// <summary>The hits SpamAssassin reports for <see cref="Message"/>, in its hit order.</summary>
    public static RuleHit[] Hits => Rules.Select(r => new RuleHit(r.Name, r.Score, r.Description, r.Area)).ToArray();

    public static readonly string Message =
        "Received: from zoo.example.org by mx.example.net; Tue, 10 Nov 2026 10:00:00 +0000\n" +
        "From: Keeper <keeper@zoo.example.org>\nTo: Visitor <visitor@example.net>\nSubject: The zebra escaped\n" +
        "Message-ID: <zoo-1@zoo.example.org>\nDate: Tue, 10 Nov 2026 10:00:00 +0000\n" +
        "Content-Type: text/plain; charset=us-ascii\n\n" +
        "A giraffe and an okapi walked past the lemur1 lemur2 lemur3 lemur4 lemur5 lemur6 lemur7 lemur8 enclosure.\n" +
        "See http://zoo.example.com/page for details.\n";
}
