using Spamd.Daemon.Hosting;
using Spamd.Daemon.Lifecycle;
using Spamd.Daemon.Options;
using Spamd.Protocol;

namespace Spamd.Daemon;

/// <summary>spamd's entry point: parse the command line, maybe detach, run the daemon.</summary>
public static class DaemonProgram
{
    public static int Main(string[] args)
    {
        DaemonOptions options;
        try
        {
            options = OptionParser.Parse(args);
        }
        catch (OptionException e)
        {
            Console.Error.WriteLine("spamd: " + e.Message);
            Console.Error.WriteLine("Usage: spamd [options]   (see `spamd --help`)");
            return ExitCode.Usage;
        }

        if (options.ShowHelp)
        {
            Console.WriteLine(Usage.Text);
            return ExitCode.Ok;
        }
        if (options.ShowVersion)
        {
            Console.WriteLine($"SpamAssassin Server version {DaemonHost.Version} (.NET spamd)");
            return ExitCode.Ok;
        }
        if (options.Daemonize && Daemonizer.ReadyFile == null)
            return Daemonizer.StartDetachedCopy(args, TimeSpan.FromSeconds(60));

        try
        {
            return DaemonHost.Run(options);
        }
        catch (Exception e) when (e is StartupException or OptionException)
        {
            Console.Error.WriteLine(e.Message.StartsWith("spamd:") ? e.Message : "spamd: " + e.Message);
            return ExitCode.Usage;
        }
        catch (IOException e)
        {
            // Typically: the address is already in use.
            Console.Error.WriteLine("spamd: could not start: " + e.Message);
            return ExitCode.OsErr;
        }
    }
}
