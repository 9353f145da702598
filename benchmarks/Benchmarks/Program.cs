using BenchmarkDotNet.Running;

if (args.Length > 0 && args[0] == "rule-profile")
{
    Spamd.Benchmarks.Rules.RuleScanProfiler.Run(args[1..]);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
