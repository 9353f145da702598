using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Spamd.Engine.Tests.Bayes;

/// <summary>examples/train-maildir/train-maildir.sh on a real Maildir tree, with our sa-learn.</summary>
public class TrainMaildirExampleTests
{
    private static string Script([CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "../../../examples/train-maildir/train-maildir.sh"));

    private static string Message(int i) =>
        $"From: someone{i}@example.com\nTo: user@example.org\nSubject: message {i}\nMessage-ID: <{i}@example.com>\n\nBody number {i} with some words.\n";

    private static void Deliver(string folder, string sub, int i)
    {
        foreach (string s in new[] { "cur", "new", "tmp" }) Directory.CreateDirectory(Path.Combine(folder, s));
        File.WriteAllText(Path.Combine(folder, sub, $"{1000 + i}.M{i}.host" + (sub == "cur" ? ":2,S" : "")), Message(i));
    }

    private static (int ExitCode, string Output) RunScript(TempDirectory dir, string maildir)
    {
        var info = new ProcessStartInfo("/bin/bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Script());
        info.ArgumentList.Add(maildir);
        info.Environment["SA_LEARN"] = SaLearnProcess.Path;
        info.Environment["SA_LEARN_ARGS"] = $"-C {dir.Path} --siteconfigpath {dir.Path} --dbpath {dir.File("bayes")}";
        using var process = Process.Start(info)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }

    private static int Count(string folder, string sub) =>
        Directory.Exists(Path.Combine(folder, sub)) ? Directory.GetFiles(Path.Combine(folder, sub)).Length : 0;

    [Fact]
    public void Learns_training_folders_and_moves_the_mail_on()
    {
        using var dir = new TempDirectory();
        string maildir = dir.File("Maildir");
        string trainSpam = Path.Combine(maildir, ".Train.Spam"), trainHam = Path.Combine(maildir, ".Train.Ham");
        Deliver(maildir, "cur", 0);                         // ordinary inbox mail, untouched
        Deliver(trainSpam, "cur", 1); Deliver(trainSpam, "cur", 2); Deliver(trainSpam, "new", 3);
        Deliver(trainHam, "cur", 4); Deliver(trainHam, "new", 5);
        File.WriteAllText(Path.Combine(trainSpam, "tmp", "9.host"), Message(9));   // still being written

        var (exitCode, output) = RunScript(dir, maildir);
        Assert.True(exitCode == 0, output);
        Assert.Contains("Learned tokens from 3 message(s) (3 message(s) examined)", output);
        Assert.Contains("Learned tokens from 2 message(s) (2 message(s) examined)", output);

        Assert.Equal((0, 0, 1), (Count(trainSpam, "cur"), Count(trainSpam, "new"), Count(trainSpam, "tmp")));
        Assert.Equal((0, 0), (Count(trainHam, "cur"), Count(trainHam, "new")));
        string junk = Path.Combine(maildir, ".Junk");
        Assert.Equal((2, 1), (Count(junk, "cur"), Count(junk, "new")));
        Assert.Equal((2, 1), (Count(maildir, "cur"), Count(maildir, "new")));   // inbox: its own + ham back

        var dump = SaLearnProcess.Run(["-C", dir.Path, "--siteconfigpath", dir.Path, "--dbpath", dir.File("bayes"), "--dump", "magic"]).Stdout;
        Assert.Contains("0.000          0          3          0  non-token data: nspam", dump);
        Assert.Contains("0.000          0          2          0  non-token data: nham", dump);

        // A second run finds nothing to do.
        var again = RunScript(dir, maildir);
        Assert.Equal(0, again.ExitCode);
        Assert.DoesNotContain("Learned", again.Output);
    }
}
