namespace Spamd.Daemon.Options;

/// <summary>A command line spamd would refuse; the daemon prints the message and exits with 64 (EX_USAGE).</summary>
public sealed class OptionException(string message) : Exception(message);
