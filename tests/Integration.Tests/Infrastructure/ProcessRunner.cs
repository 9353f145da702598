using System.Diagnostics;

namespace Spamd.Integration.Tests.Infrastructure;

/// <summary>What a finished process left behind.</summary>
public sealed record ProcessOutcome(int ExitCode, byte[] Stdout, string Stderr)
{
    public string StdoutText => System.Text.Encoding.Latin1.GetString(Stdout);
}

/// <summary>Runs a program with stdin bytes and collects its stdout bytes, stderr text and exit status.</summary>
public static class ProcessRunner
{
    public static async Task<ProcessOutcome> RunAsync(
        string fileName, IEnumerable<string> args, byte[]? stdin = null,
        IDictionary<string, string>? environment = null, string? workingDirectory = null,
        TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (environment != null) foreach (var (k, v) in environment) psi.Environment[k] = v;
        if (workingDirectory != null) psi.WorkingDirectory = workingDirectory;

        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {fileName}");
        var stdoutTask = CopyAllAsync(p.StandardOutput.BaseStream);
        var stderrTask = p.StandardError.ReadToEndAsync();
        try
        {
            if (stdin != null) await p.StandardInput.BaseStream.WriteAsync(stdin);
        }
        catch (IOException) { /* the program may exit without reading all of its input */ }
        finally
        {
            try { p.StandardInput.Close(); } catch (IOException) { }
        }

        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', args)} did not finish in time");
        }
        return new ProcessOutcome(p.ExitCode, await stdoutTask, await stderrTask);
    }

    private static async Task<byte[]> CopyAllAsync(Stream s)
    {
        var ms = new MemoryStream();
        await s.CopyToAsync(ms);
        return ms.ToArray();
    }
}
