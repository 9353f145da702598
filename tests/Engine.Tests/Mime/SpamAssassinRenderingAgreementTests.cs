using System.Text.Json;
using Spamd.Engine.Mime;
using Xunit.Abstractions;

namespace Spamd.Engine.Tests.Mime;

/// <summary>
/// Our body rendering and URI list against SpamAssassin 4.0.1's own (tests/oracle/sa_render.pl driving
/// Mail::SpamAssassin), on a deterministic corpus sample.
/// </summary>
public class SpamAssassinRenderingAgreementTests(ITestOutputHelper output)
{
    [Fact]
    public void Body_rendering_and_uri_list_agree_with_spamassassin_on_a_corpus_sample()
    {
        var files = MimeCorpus.Sample(step: 7);
        var oracle = MimeCorpus.RunOracle("perl", MimeCorpus.OracleScript("sa_render.pl"), files, TimeSpan.FromSeconds(120));
        int bodySame = 0, rawSame = 0, uriSame = 0, headerSame = 0, visibleSame = 0, compared = 0, shown = 0;
        foreach (var file in files)
        {
            if (!oracle.TryGetValue(file, out var expected) || expected.TryGetProperty("error", out _)) continue;
            compared++;
            var message = MailMessage.Parse(File.ReadAllBytes(file));
            var body = Strings(expected.GetProperty("body"));
            var raw = Strings(expected.GetProperty("rawbody"));
            var uris = Strings(expected.GetProperty("uris"));
            bool b = body.SequenceEqual(message.BodyText);
            bool v = Strings(expected.GetProperty("visible")).SequenceEqual(message.VisibleBodyText) &&
                     Strings(expected.GetProperty("invisible")).SequenceEqual(message.InvisibleBodyText);
            if (v) visibleSame++;
            else if (shown < 60) output.WriteLine($"VISIBLE/INVISIBLE DIFF {Path.GetFileName(file)}");
            bool r = raw.SequenceEqual(message.RawBodyText);
            var ourUris = message.Uris.Order(StringComparer.Ordinal).ToList();
            bool u = uris.SequenceEqual(ourUris);
            bool h = Same(expected, "subject", message.GetHeader("Subject")) && Same(expected, "from_addr", message.GetHeader("From:addr")) &&
                     Same(expected, "from_name", message.GetHeader("From:name")) && Same(expected, "msgid", message.GetHeader("MESSAGEID")) &&
                     Strings(expected.GetProperty("to_addr")).SequenceEqual(message.GetHeaderValues("To:addr"));
            if (b) bodySame++;
            if (r) rawSame++;
            if (u) uriSame++;
            if (h) headerSame++;
            if ((!b || !u || !r || !h) && shown++ < 60)
            {
                output.WriteLine($"DIFF {Path.GetFileName(Path.GetDirectoryName(file))}/{Path.GetFileName(file)} body={b} raw={r} uris={u} headers={h}");
                if (!b) ShowFirstDifference("body", body, message.BodyText);
                if (!r) ShowFirstDifference("rawbody", raw, message.RawBodyText);
                if (!u)
                {
                    output.WriteLine("  SA only:  " + string.Join(" ", uris.Except(ourUris).Take(6)));
                    output.WriteLine("  ours only: " + string.Join(" ", ourUris.Except(uris).Take(6)));
                }
                if (!h)
                    output.WriteLine($"  headers SA: {expected.GetProperty("subject")} | {expected.GetProperty("from_addr")} | {expected.GetProperty("from_name")} | {expected.GetProperty("msgid")} ; ours: {message.GetHeader("Subject")} | {message.GetHeader("From:addr")} | {message.GetHeader("From:name")} | {message.GetHeader("MESSAGEID")}");
            }
        }
        double Rate(int n) => compared == 0 ? 0 : 100.0 * n / compared;
        output.WriteLine($"compared {compared}: body {Rate(bodySame):F1}%  rawbody {Rate(rawSame):F1}%  uris {Rate(uriSame):F1}%  headers {Rate(headerSame):F1}%  visible+invisible {Rate(visibleSame):F1}%");
        Assert.True(compared >= files.Count * 9 / 10, $"oracle answered for {compared} of {files.Count}");
        Assert.True(Rate(bodySame) >= 98, $"body agreement {Rate(bodySame):F1}%");
        Assert.True(Rate(visibleSame) >= 95, $"visible/invisible agreement {Rate(visibleSame):F1}%");
        Assert.True(Rate(rawSame) >= 98, $"rawbody agreement {Rate(rawSame):F1}%");
        Assert.True(Rate(uriSame) >= 98, $"uri agreement {Rate(uriSame):F1}%");
        Assert.True(Rate(headerSame) >= 98, $"header agreement {Rate(headerSame):F1}%");
    }

    /// <summary>
    /// The messages of the dev groups that hold a URI one of the stock redirector_pattern lines (written as /.../ or
    /// m'...') can take apart: their URI lists, redirect targets included, are SpamAssassin's.
    /// </summary>
    [Fact]
    public void Redirector_targets_agree_with_spamassassin()
    {
        var looksRedirected = new System.Text.RegularExpressions.Regex(
            @"google\.[a-z.]+/(?:url|search|translate|pagead)\?|redirect\.php\?|[?&]URL=|aol\.com/redir|facebook\.com/l/|emf\d\.com/r\.cfm",
            System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        var files = MimeCorpus.Sample(step: 1, "easy-ham-1", "easy-ham-2", "spam-1", "spam-2")
            .Where(f => looksRedirected.IsMatch(File.ReadAllText(f))).ToList();
        var oracle = MimeCorpus.RunOracle("perl", MimeCorpus.OracleScript("sa_render.pl"), files, TimeSpan.FromSeconds(120));
        int same = 0, compared = 0;
        foreach (var file in files)
        {
            if (!oracle.TryGetValue(file, out var expected) || expected.TryGetProperty("error", out _)) continue;
            compared++;
            var uris = Strings(expected.GetProperty("uris"));
            var ours = MailMessage.Parse(File.ReadAllBytes(file)).Uris.Order(StringComparer.Ordinal).ToList();
            if (uris.SequenceEqual(ours)) same++;
            else output.WriteLine($"DIFF {Path.GetFileName(file)}\n  SA only:  {string.Join(" ", uris.Except(ours).Take(6))}\n  ours only: {string.Join(" ", ours.Except(uris).Take(6))}");
        }
        output.WriteLine($"{files.Count} messages with redirector-like URIs, {compared} compared, {same} identical URI lists");
        Assert.True(compared >= 10, $"only {compared} messages compared");
        Assert.Equal(compared, same);
    }

    private static bool Same(JsonElement expected, string key, string? ours)
    {
        var e = expected.GetProperty(key);
        var theirs = e.ValueKind == JsonValueKind.Null ? "" : e.GetString() ?? "";
        return theirs == (ours ?? "");
    }

    private static List<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString() ?? "").ToList();

    private void ShowFirstDifference(string what, IReadOnlyList<string> expected, IReadOnlyList<string> actual)
    {
        int i = 0;
        while (i < expected.Count && i < actual.Count && expected[i] == actual[i]) i++;
        string Show(IReadOnlyList<string> l) => i < l.Count ? Trunc(l[i]) : "<end>";
        output.WriteLine($"  {what}[{i}] of {expected.Count}/{actual.Count}\n    SA:   {Show(expected)}\n    ours: {Show(actual)}");
    }

    private static string Trunc(string s) => (s.Length > 300 ? s[..300] + "…" : s).Replace("\n", "\\n");
}
