using System.Diagnostics;
using Spamd.Engine.Mime;
using Spamd.Engine.Relays;
using Spamd.Engine.Scanning;
using Spamd.Engine.Tests.Bayes;
using Spamd.Engine.Tests.Mime;
using Xunit;
using Xunit.Abstractions;

namespace Spamd.Engine.Tests.Relays;

/// <summary>
/// Our four X-Spam-Relays-* texts against Mail::SpamAssassin's own (tests/oracle/relays.pl) on a sample of the
/// dev corpus (every 8th message of easy-ham-2 and spam-2).
/// </summary>
public sealed class RelayOracleAgreementTests(ITestOutputHelper output)
{
    private const double AgreementFloor = 0.95;

    [Fact]
    public void RelayTextsAgreeWithSpamAssassin()
    {
        var files = new[] { "easy-ham-2", "spam-2" }
            .SelectMany(g => Directory.GetFiles(Path.Combine(CorpusFiles.Dir, g), "*.txt").Order(StringComparer.Ordinal).Where((_, i) => i % 8 == 0))
            .ToList();
        var oracle = RunOracle(files);
        Assert.True(oracle.Count >= files.Count * 9 / 10, $"oracle answered for {oracle.Count} of {files.Count}");

        Assert.True(oracle.Values.Count(e => e.Texts[1].Length > 0) > oracle.Count / 2, "the oracle saw no untrusted relays");
        int agree = 0, unparseableAgree = 0;
        foreach (var (file, expected) in oracle)
        {
            var path = RelayPath.Parse(MailMessage.Parse(File.ReadAllBytes(file)), new ScanSettings());
            string[] ours = [path.TrustedText, path.UntrustedText, path.InternalText, path.ExternalText];
            if (ours.SequenceEqual(expected.Texts)) agree++;
            else output.WriteLine($"{Path.GetFileName(file)}\n  ours:   {string.Join(" | ", ours)}\n  theirs: {string.Join(" | ", expected.Texts)}");
            if (path.Unparseable == expected.Unparseable) unparseableAgree++;
        }
        double rate = (double)agree / oracle.Count;
        output.WriteLine($"relay texts identical: {agree}/{oracle.Count} ({rate:P1}); unparseable count identical: {unparseableAgree}/{oracle.Count}");
        Assert.True(rate >= AgreementFloor, $"relay agreement {rate:P1} below {AgreementFloor:P0}");
    }

    private static Dictionary<string, (string[] Texts, int Unparseable)> RunOracle(List<string> files)
    {
        var psi = new ProcessStartInfo("perl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(MimeCorpus.OracleScript("relays.pl"));
        foreach (var f in files) psi.ArgumentList.Add(f);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start perl");
        var stderr = process.StandardError.ReadToEndAsync();
        var lines = process.StandardOutput.ReadToEnd().Split('\n');
        if (!process.WaitForExit(120_000)) { process.Kill(); throw new TimeoutException("relays.pl"); }
        _ = stderr.Result;

        var result = new Dictionary<string, (string[], int)>();
        for (int i = 0; i + 5 < lines.Length; i += 7)
        {
            if (!lines[i + 5].StartsWith("unparseable=", StringComparison.Ordinal)) throw new FormatException($"oracle output out of step at line {i}");
            result[lines[i]] = (lines[(i + 1)..(i + 5)], int.Parse(lines[i + 5]["unparseable=".Length..]));
        }
        return result;
    }
}
