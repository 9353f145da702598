using BenchmarkDotNet.Running;
using Spamd.Benchmarks.Bayes;

// The dev-split accuracy report is a plain run over the corpus, not a BenchmarkDotNet suite.
if (args is ["bayes-accuracy", .. var rest]) return DevSplitAccuracy.Run(rest);
if (args is ["bayes-learn-speed", .. var speedArgs]) return LearnSpeed.Run(speedArgs);
if (args is ["bayes-token-digest", .. var digestArgs]) return TokenDigest.Run(digestArgs);

// "mime-cpu [passes]": the MIME measures by CPU time (see Mime/MimeCpuTimer.cs); "rule-profile [messages] [passes]":
// the rule scan by CPU time, shortcuts off and on (see Rules/RuleScanProfiler.cs); anything else goes to BenchmarkDotNet.
if (args is ["mime-cpu", ..])
{
    Spamd.Benchmarks.Mime.MimeCpuTimer.Run(args.Length > 1 ? int.Parse(args[1]) : 30);
    return 0;
}
if (args is ["rule-profile", ..])
{
    Spamd.Benchmarks.Rules.RuleScanProfiler.Run(args[1..]);
    return 0;
}
if (args is ["relay-parse", ..]) { Spamd.Benchmarks.Rules.RelayParseTimer.Run(args[1..]); return 0; }
if (args is ["body-lab", ..]) { Spamd.Benchmarks.Rules.BodyLab.Run(args[1..]); return 0; }
if (args is ["rule-values", ..]) { Spamd.Benchmarks.Rules.RuleValueDump.Run(args[1..]); return 0; }
if (args is ["rule-phases", ..])
{
    Spamd.Benchmarks.Rules.RulePhaseBreakdown.Run(args[1..]);
    return 0;
}
if (args is ["daemon-cpu", ..])
{
    Spamd.Benchmarks.Hosting.DaemonCpuProfile.Run(args[1..]);
    return 0;
}
if (args is ["daemon-memory", ..])
{
    Spamd.Benchmarks.Hosting.DaemonMemoryProfile.Run(args[1..]);
    return 0;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
