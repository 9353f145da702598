using BenchmarkDotNet.Running;

// "mime-cpu [passes]": the MIME measures by CPU time (see Mime/MimeCpuTimer.cs); "rule-profile [messages] [passes]":
// the rule scan by CPU time, shortcuts off and on (see Rules/RuleScanProfiler.cs); anything else goes to BenchmarkDotNet.
if (args is ["mime-cpu", ..])
{
    Spamd.Benchmarks.Mime.MimeCpuTimer.Run(args.Length > 1 ? int.Parse(args[1]) : 30);
    return;
}
if (args is ["rule-profile", ..])
{
    Spamd.Benchmarks.Rules.RuleScanProfiler.Run(args[1..]);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
