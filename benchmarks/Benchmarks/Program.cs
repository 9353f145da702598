using BenchmarkDotNet.Running;

// "mime-cpu [passes]": the MIME measures by CPU time (see Mime/MimeCpuTimer.cs); anything else goes to BenchmarkDotNet.
if (args is ["mime-cpu", ..])
{
    Spamd.Benchmarks.Mime.MimeCpuTimer.Run(args.Length > 1 ? int.Parse(args[1]) : 30);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
