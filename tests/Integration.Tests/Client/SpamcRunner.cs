using System.Text;
using System.Text.RegularExpressions;
using Spamd.Integration.Tests.Infrastructure;

namespace Spamd.Integration.Tests.Client;

/// <summary>Runs SpamAssassin's spamc and ours with the same arguments and input, and compares what they did.</summary>
public static partial class SpamcRunner
{
    public static Task<ProcessOutcome> Real(IEnumerable<string> args, byte[]? stdin = null, IDictionary<string, string>? env = null) =>
        ProcessRunner.RunAsync(TestPaths.RealSpamc, args, stdin ?? [], env, timeout: TimeSpan.FromSeconds(30));

    public static Task<ProcessOutcome> Ours(IEnumerable<string> args, byte[]? stdin = null, IDictionary<string, string>? env = null)
    {
        if (!File.Exists(TestPaths.OurSpamc)) throw new FileNotFoundException("our spamc was not built", TestPaths.OurSpamc);
        return ProcessRunner.RunAsync(TestPaths.OurSpamc, args, stdin ?? [], env, timeout: TimeSpan.FromSeconds(30));
    }

    /// <summary>Runs both (real first) and asserts identical exit status and stdout bytes (after normalisation).</summary>
    public static async Task<(ProcessOutcome Real, ProcessOutcome Ours)> AssertSameAsync(
        string[] args, byte[] stdin, Func<byte[], string>? normalise = null, bool compareStderr = false)
    {
        var real = await Real(args, stdin);
        var ours = await Ours(args, stdin);
        AssertSame(args, real, ours, normalise, compareStderr);
        return (real, ours);
    }

    public static void AssertSame(string[] args, ProcessOutcome real, ProcessOutcome ours, Func<byte[], string>? normalise = null, bool compareStderr = false)
    {
        normalise ??= NormaliseRunSpecific;
        string context = $"spamc {string.Join(' ', args)}\nreal stderr: {real.Stderr}\nour stderr: {ours.Stderr}";
        Assert.True(real.ExitCode == ours.ExitCode, $"exit status: real {real.ExitCode}, ours {ours.ExitCode}\n{context}");
        Assert.Equal(normalise(real.Stdout), normalise(ours.Stdout));
        if (compareStderr) Assert.Equal(real.Stderr, ours.Stderr);
    }

    /// <summary>
    /// Only what differs between two scans of the same message: the report_safe MIME boundary and the date in the
    /// Received header spamd adds. Everything else is compared byte for byte (Latin-1 keeps every byte).
    /// </summary>
    public static string NormaliseRunSpecific(byte[] stdout)
    {
        var text = Encoding.Latin1.GetString(stdout);
        text = Boundary().Replace(text, "=_BOUNDARY");
        return ReceivedDate().Replace(text, "\tDATE$1");
    }

    /// <summary>For usage output: our version lines and the -z line (Debian's spamc is built without zlib) differ.</summary>
    public static string NormaliseUsage(byte[] stdout)
    {
        var lines = Encoding.Latin1.GetString(stdout).Split('\n').ToList();
        lines.RemoveAll(l => l.StartsWith("SpamAssassin Client version") || l.StartsWith("  compiled with") ||
                             l.StartsWith("  compatible") || l.StartsWith("  -z "));
        return string.Join('\n', lines);
    }

    [GeneratedRegex(@"=_[0-9A-F]{8}\.[0-9A-F]{8}")]
    private static partial Regex Boundary();

    [GeneratedRegex(@"\t\w{3}, \d{1,2} \w{3} \d{4} \d\d:\d\d:\d\d [+-]\d{4}(\r?)$", RegexOptions.Multiline)]
    private static partial Regex ReceivedDate();
}
