using System.Text.RegularExpressions;

namespace Spamd.Engine.Tests.Bayes;

public class SaLearnCliTests
{
    private static string Message(int i, string topic = "garden") =>
        $"From: Sender {i} <sender{i}@example.com>\nTo: someone@example.org\nSubject: note {i} about the {topic}\n" +
        $"Date: Thu, 22 Aug 2002 12:{i % 60:00}:00 +0100\nMessage-ID: <msg{i}.{topic}@example.com>\n\n" +
        $"Hello, message number {i} talks about tomatoes and the {topic} shed.\nRegards, sender{i}\n";

    private static string[] Db(TempDirectory dir) => ["-C", dir.Path, "--siteconfigpath", dir.Path, "--dbpath", dir.File("bayes")];

    private static string DumpMagic(TempDirectory dir) => SaLearnProcess.Run([.. Db(dir), "--dump", "magic"]).Stdout;

    private static long Magic(string dump, string label) =>
        long.Parse(dump.Split('\n').Single(l => l.EndsWith("non-token data: " + label)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[2]);

    [Fact]
    public void Learns_files_once_and_forgets_them()
    {
        using var dir = new TempDirectory();
        string[] files = Enumerable.Range(1, 3).Select(i => { string f = dir.File($"m{i}.eml"); File.WriteAllText(f, Message(i)); return f; }).ToArray();

        var first = SaLearnProcess.Run([.. Db(dir), "--ham", .. files]);
        Assert.Equal(0, first.ExitCode);
        Assert.Equal("Learned tokens from 3 message(s) (3 message(s) examined)\n", first.Stdout);
        Assert.Equal("Learned tokens from 0 message(s) (3 message(s) examined)\n", SaLearnProcess.Run([.. Db(dir), "--ham", .. files]).Stdout);
        Assert.Equal("Learned tokens from 1 message(s) (1 message(s) examined)\n", SaLearnProcess.Run([.. Db(dir), "--spam", files[0]]).Stdout);
        Assert.Equal((1, 2), (Magic(DumpMagic(dir), "nspam"), Magic(DumpMagic(dir), "nham")));

        Assert.Equal("Forgot tokens from 3 message(s) (3 message(s) examined)\n", SaLearnProcess.Run([.. Db(dir), "--forget", .. files]).Stdout);
        string dump = DumpMagic(dir);
        Assert.Equal((0, 0, 0), (Magic(dump, "nspam"), Magic(dump, "nham"), Magic(dump, "ntokens")));
    }

    [Fact]
    public void Reads_mbox_Maildir_and_stdin()
    {
        using var dir = new TempDirectory();
        string mbox = dir.File("spam.mbox");
        File.WriteAllText(mbox, string.Concat(Enumerable.Range(1, 3).Select(i => $"From sender{i}@example.com Thu Aug 22 12:00:00 2002\n{Message(i, "mbox")}\n")));
        Assert.Equal("Learned tokens from 3 message(s) (3 message(s) examined)\n", SaLearnProcess.Run([.. Db(dir), "--spam", "--mbox", mbox]).Stdout);

        string maildir = dir.File("Maildir/.Train.Ham");
        foreach (string sub in new[] { "cur", "new", "tmp" }) Directory.CreateDirectory(Path.Combine(maildir, sub));
        File.WriteAllText(Path.Combine(maildir, "cur", "1.host:2,S"), Message(10, "maildir"));
        File.WriteAllText(Path.Combine(maildir, "new", "2.host"), Message(11, "maildir"));
        File.WriteAllText(Path.Combine(maildir, "tmp", "3.host"), Message(12, "maildir"));   // still being delivered
        Assert.Equal("Learned tokens from 2 message(s) (2 message(s) examined)\n", SaLearnProcess.Run([.. Db(dir), "--ham", maildir]).Stdout);

        Assert.Equal("Learned tokens from 1 message(s) (1 message(s) examined)\n", SaLearnProcess.Run([.. Db(dir), "--ham"], stdin: Message(20, "stdin")).Stdout);
        string dump = DumpMagic(dir);
        Assert.Equal((3, 3), (Magic(dump, "nspam"), Magic(dump, "nham")));
    }

    [Fact]
    public void Backup_restore_and_clear()
    {
        using var dir = new TempDirectory();
        string file = dir.File("m.eml");
        File.WriteAllText(file, Message(1));
        SaLearnProcess.Run([.. Db(dir), "--spam", file]);
        var backup = SaLearnProcess.Run([.. Db(dir), "--backup"]);
        Assert.StartsWith("v\t3\tdb_version # this must be the first line!!!\nv\t1\tnum_spam\nv\t0\tnum_nonspam\nt\t1\t0\t", backup.Stdout);
        Assert.Matches(new Regex(@"\ns\ts\t[0-9a-f]{40}@sa_generated\n$"), backup.Stdout);

        Assert.Equal(0, SaLearnProcess.Run([.. Db(dir), "--clear"]).ExitCode);
        Assert.Equal(0, Magic(DumpMagic(dir), "nspam"));

        File.WriteAllText(dir.File("backup.txt"), backup.Stdout);
        Assert.Equal(0, SaLearnProcess.Run([.. Db(dir), "--restore", dir.File("backup.txt")]).ExitCode);
        Assert.Equal(backup.Stdout.Split('\n').Order(), SaLearnProcess.Run([.. Db(dir), "--backup"]).Stdout.Split('\n').Order());
    }

    [Fact]
    public void Dump_magic_has_sa_learn_layout()
    {
        using var dir = new TempDirectory();
        string file = dir.File("m.eml");
        File.WriteAllText(file, Message(1));
        SaLearnProcess.Run([.. Db(dir), "--ham", file]);
        string[] lines = DumpMagic(dir).TrimEnd('\n').Split('\n');
        string[] labels =
        [
            "bayes db version", "nspam", "nham", "ntokens", "oldest atime", "newest atime", "last journal sync atime",
            "last expiry atime", "last expire atime delta", "last expire reduction count",
        ];
        Assert.Equal(labels.Length, lines.Length);
        for (int i = 0; i < labels.Length; i++)
            Assert.Matches(new Regex($"^0\\.000 {{10}}0 [ 0-9]{{10}} {{10}}0  non-token data: {Regex.Escape(labels[i])}$"), lines[i]);
        Assert.Equal("0.000          0          3          0  non-token data: bayes db version", lines[0]);
        // The Date header (12:01 +0100, no Received) is the message's time.
        Assert.Equal(1030014060, Magic(string.Join('\n', lines), "oldest atime"));
    }

    [Fact]
    public void Without_an_action_it_prints_usage_and_exits_64()
    {
        using var dir = new TempDirectory();
        var result = SaLearnProcess.Run(Db(dir));
        Assert.Equal(64, result.ExitCode);
        Assert.Contains("Please select either --spam, --ham", result.Stderr);
    }
}
