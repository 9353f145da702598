using System.ComponentModel;
using System.Diagnostics;

namespace Spamd.Client;

/// <summary>The <c>-e</c> command, fed with spamc's output on its stdin (kept apart so that only -e loads Process).</summary>
internal sealed class PipedCommand
{
    private readonly Process process;

    private PipedCommand(Process process) => this.process = process;

    public Stream Input => process.StandardInput.BaseStream;

    /// <summary>Starts the command, or logs and returns null when it cannot be executed.</summary>
    public static PipedCommand? Start(string[] command)
    {
        // execv: no PATH search, a relative name is relative to the working directory. (An absolute path also
        // keeps .NET from looking next to the program and along PATH.)
        var psi = new ProcessStartInfo(Path.GetFullPath(command[0]))
        {
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        for (int i = 1; i < command.Length; i++) psi.ArgumentList.Add(command[i]);
        try
        {
            return new PipedCommand(Process.Start(psi)!);
        }
        catch (Win32Exception e)
        {
            ClientLog.Error($"exec failed: {e.Message}");
            return null;
        }
    }

    /// <summary>Closes the command's input and returns its exit status.</summary>
    public int Finish()
    {
        try { process.StandardInput.Close(); } catch (IOException) { }
        process.WaitForExit();
        return process.ExitCode;
    }
}
