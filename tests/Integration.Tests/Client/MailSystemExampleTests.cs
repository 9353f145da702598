using System.Text;
using Spamd.Integration.Tests.Infrastructure;

namespace Spamd.Integration.Tests.Client;

/// <summary>The examples against SpamAssassin's spamd.</summary>
public sealed class MailSystemExamplesWithSpamAssassin(ExampleSpamdFixture.SpamAssassin spamd)
    : MailSystemExampleTests(spamd), IClassFixture<ExampleSpamdFixture.SpamAssassin>;

/// <summary>The examples against our spamd: mail systems work unchanged with both pieces replaced.</summary>
public sealed class MailSystemExamplesWithOurDaemon(ExampleSpamdFixture.Ours spamd)
    : MailSystemExampleTests(spamd), IClassFixture<ExampleSpamdFixture.Ours>;

/// <summary>
/// The examples under examples/ run for real with Debian's maildrop and procmail, with our spamc in place of
/// spamc, against a running spamd: where does each message end up, and with which exit status.
/// </summary>
public abstract class MailSystemExampleTests : IDisposable
{
    private readonly ExampleSpamdFixture spamd;
    private readonly string root = TestPaths.NewTempDir("spamc-examples");
    private readonly string spamc;
    private readonly string mailbox;

    protected MailSystemExampleTests(ExampleSpamdFixture spamd)
    {
        this.spamd = spamd;
        // Our spamc, first on PATH under the name spamc.
        var bin = Directory.CreateDirectory(Path.Combine(root, "bin")).FullName;
        spamc = Path.Combine(bin, "spamc");
        File.CreateSymbolicLink(spamc, TestPaths.OurSpamc);
        mailbox = Path.Combine(root, "Maildir") + "/";
        foreach (var folder in new[] { "", ".Spam/" })
            foreach (var sub in new[] { "cur", "new", "tmp" })
                Directory.CreateDirectory(mailbox + folder + sub);
    }

    public void Dispose()
    {
        Directory.Delete(root, recursive: true);
        GC.SuppressFinalize(this);
    }

    private string SpamcFlags(int? port = null) => $"-d 127.0.0.1 -p {port ?? spamd.Server.Port}";

    private Dictionary<string, string> Environment(string? flags = null) => new()
    {
        ["PATH"] = Path.GetDirectoryName(spamc) + ":" + System.Environment.GetEnvironmentVariable("PATH"),
        ["SPAMC"] = spamc,
        ["SPAMC_FLAGS"] = flags ?? SpamcFlags(),
        ["MAILBOX"] = mailbox,
    };

    /// <summary>maildrop insists that a filter file belongs to the user and is private to them.</summary>
    private string PrivateCopy(string example)
    {
        var copy = Path.Combine(root, Path.GetFileName(example));
        File.Copy(Path.Combine(TestPaths.RepoRoot, "examples", example), copy, overwrite: true);
        FileModes.Set(copy, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return copy;
    }

    private Task<ProcessOutcome> MaildropAsync(string example, byte[] message, string? flags = null) =>
        ProcessRunner.RunAsync("maildrop", [PrivateCopy(example)], message, Environment(flags), root, TimeSpan.FromSeconds(60));

    /// <summary>procmail clears the environment: its settings go on the command line.</summary>
    private Task<ProcessOutcome> ProcmailAsync(byte[] message) =>
        ProcessRunner.RunAsync("procmail",
            ["-m", "SPAMC=" + spamc, "SPAMC_FLAGS=" + SpamcFlags(), "MAILBOX=" + mailbox, PrivateCopy("procmail/procmailrc")],
            message, Environment(), root, TimeSpan.FromSeconds(60));

    private string[] Delivered(string folder) => Directory.GetFiles(mailbox + folder + "new");

    private static string Text(string file) => Encoding.Latin1.GetString(File.ReadAllBytes(file));

    private static byte[] WithBypassWord(byte[] message) =>
        Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(message).Replace("XJS*", "please-let-this-through\nXJS*"));

    [Fact]
    public async Task Courier_smtp_filter_refuses_spam_with_exit_code_97()
    {
        var outcome = await MaildropAsync("maildrop/courier-smtp-filter", TestMessages.Gtube());
        Assert.True(outcome.ExitCode == 97, $"exit {outcome.ExitCode}: {outcome.StdoutText} {outcome.Stderr}");
        Assert.Contains("refused as spam", outcome.StdoutText);
        Assert.Empty(Delivered(""));
    }

    [Fact]
    public async Task Courier_smtp_filter_accepts_ham()
    {
        var outcome = await MaildropAsync("maildrop/courier-smtp-filter", TestMessages.Ham());
        Assert.True(outcome.ExitCode == 0, $"exit {outcome.ExitCode}: {outcome.StdoutText} {outcome.Stderr}");
        Assert.Empty(outcome.Stdout);
    }

    [Fact]
    public async Task Courier_smtp_filter_skips_the_scan_when_the_body_has_the_bypass_word()
    {
        var outcome = await MaildropAsync("maildrop/courier-smtp-filter", WithBypassWord(TestMessages.Gtube()));
        Assert.True(outcome.ExitCode == 0, $"exit {outcome.ExitCode}: {outcome.StdoutText} {outcome.Stderr}");
    }

    [Fact]
    public async Task Courier_smtp_filter_accepts_mail_when_spamd_is_down()
    {
        var outcome = await MaildropAsync("maildrop/courier-smtp-filter", TestMessages.Gtube(),
            SpamcFlags(FreePort.Next()) + " --connect-retries 1");
        Assert.True(outcome.ExitCode == 0, $"exit {outcome.ExitCode}: {outcome.StdoutText} {outcome.Stderr}");
    }

    [Fact]
    public async Task Maildrop_xfilter_files_spam_into_the_Spam_folder()
    {
        var outcome = await MaildropAsync("maildrop/mailfilter-xfilter", TestMessages.Gtube());
        Assert.True(outcome.ExitCode == 0, $"exit {outcome.ExitCode}: {outcome.Stderr}");
        var spam = Assert.Single(Delivered(".Spam/"));
        Assert.Empty(Delivered(""));
        Assert.Contains("X-Spam-Flag: YES", Text(spam));
    }

    [Fact]
    public async Task Maildrop_xfilter_files_ham_into_the_inbox()
    {
        var outcome = await MaildropAsync("maildrop/mailfilter-xfilter", TestMessages.Ham());
        Assert.True(outcome.ExitCode == 0, $"exit {outcome.ExitCode}: {outcome.Stderr}");
        var ham = Assert.Single(Delivered(""));
        Assert.Empty(Delivered(".Spam/"));
        Assert.Contains("X-Spam-Status: No", Text(ham));
    }

    [Fact]
    public async Task Procmail_files_spam_into_the_Spam_folder()
    {
        var outcome = await ProcmailAsync(TestMessages.Gtube());
        Assert.True(outcome.ExitCode == 0, $"exit {outcome.ExitCode}: {outcome.Stderr}");
        var spam = Assert.Single(Delivered(".Spam/"));
        Assert.Empty(Delivered(""));
        Assert.Contains("X-Spam-Status: Yes", Text(spam));
    }

    [Fact]
    public async Task Procmail_files_ham_into_the_inbox()
    {
        var outcome = await ProcmailAsync(TestMessages.Crlf(TestMessages.Ham()));
        Assert.True(outcome.ExitCode == 0, $"exit {outcome.ExitCode}: {outcome.Stderr}");
        var ham = Assert.Single(Delivered(""));
        Assert.Empty(Delivered(".Spam/"));
        Assert.Contains("X-Spam-Status: No", Text(ham));
    }
}
