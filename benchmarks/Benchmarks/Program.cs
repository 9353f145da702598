using BenchmarkDotNet.Running;
using Spamd.Benchmarks.Bayes;

// The dev-split accuracy report is a plain run over the corpus, not a BenchmarkDotNet suite.
if (args is ["bayes-accuracy", .. var rest]) return DevSplitAccuracy.Run(rest);
if (args is ["bayes-learn-speed", .. var speedArgs]) return LearnSpeed.Run(speedArgs);

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
