using Spamd.Protocol;

namespace Spamd.Client;

/// <summary>
/// Where spamc's result goes: stdout, or with <c>-e command [args]</c> the stdin of that command, whose exit status
/// then becomes spamc's (spamc execs the command; here it runs as a child and its status is passed on).
/// </summary>
internal sealed class OutputTarget
{
    private readonly string[]? command;
    private PipedCommand? piped;
    private Stream? stream;
    private bool failed;

    public OutputTarget(string[]? command) => this.command = command;

    /// <summary>libspamc's <c>get_output_fd</c>: from here on the output is committed.</summary>
    public void Open()
    {
        if (stream != null || failed) return;
        if (command == null)
        {
            stream = StandardStreams.Output;
            return;
        }
        piped = PipedCommand.Start(command);
        if (piped == null) failed = true;
        else stream = piped.Input;
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        Open();
        if (stream == null) return;
        try { stream.Write(bytes); }
        catch (IOException) { }
    }

    /// <summary>Copies what is left on stdin (after an oversized message) to the output.</summary>
    public void CopyRest(Stream input)
    {
        Open();
        var chunk = new byte[8192];
        try
        {
            int n;
            while ((n = input.Read(chunk, 0, chunk.Length)) > 0) Write(chunk.AsSpan(0, n));
        }
        catch (IOException) { }
    }

    /// <summary>The process exit status: the piped command's if one was started, else spamc's own.</summary>
    public int Finish(int exitCode)
    {
        if (failed) return ExitCode.OsErr;
        return piped != null ? piped.Finish() : exitCode;
    }
}
