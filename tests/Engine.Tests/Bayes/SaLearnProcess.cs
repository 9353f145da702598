using System.Diagnostics;

namespace Spamd.Engine.Tests.Bayes;

/// <summary>Runs our sa-learn (its apphost lands next to the test assembly).</summary>
internal static class SaLearnProcess
{
    public static string Path
    {
        get
        {
            string path = System.IO.Path.Combine(AppContext.BaseDirectory, "sa-learn");
            if (!File.Exists(path)) throw new InvalidOperationException($"sa-learn was not built next to the tests: {path}");
            return path;
        }
    }

    public static Process Start(IEnumerable<string> args, string? stdin = null)
    {
        var info = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin != null,
            UseShellExecute = false,
        };
        foreach (string arg in args) info.ArgumentList.Add(arg);
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start sa-learn");
        if (stdin != null)
        {
            process.StandardInput.Write(stdin);
            process.StandardInput.Close();
        }
        return process;
    }

    /// <summary>Runs to completion; returns exit code, stdout and stderr.</summary>
    public static (int ExitCode, string Stdout, string Stderr) Run(IEnumerable<string> args, string? stdin = null, int timeoutMs = 60_000)
    {
        using var process = Start(args, stdin);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeoutMs))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("sa-learn did not finish");
        }
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
