using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Spamd.Engine.Bayes;
using Spamd.Engine.Mime;

namespace Spamd.Benchmarks.Bayes;

/// <summary>
/// One line per corpus message: its file, token count and a digest of its sorted tokens (key and text), with and
/// without word pairs, plus its learned ids and receive time. Two builds' outputs compared with diff show whether a
/// tokenizer change kept every token of every message.
/// Run: dotnet run -c Release --project benchmarks/Benchmarks -- bayes-token-digest OUTPUT [groups...]
/// </summary>
public static class TokenDigest
{
    public static int Run(string[] args)
    {
        string[] groups = args.Length > 1 ? args[1..] : ["easy-ham-1", "easy-ham-2", "spam-1", "spam-2", "hard-ham-1"];
        var tokenizers = new[] { new BayesTokenizer(), new BayesTokenizer(BayesOptions.Default with { BodyBigrams = false }) };
        using var output = new StreamWriter(args[0]);
        foreach (string group in groups)
            foreach (string file in BayesAccuracy.Files(group))
            {
                var message = MailMessage.Parse(File.ReadAllBytes(file));
                var line = new StringBuilder(Path.Combine(group, Path.GetFileName(file)));
                foreach (var tokenizer in tokenizers)
                {
                    var tokens = tokenizer.Tokenize(message);
                    var text = string.Join('\n', tokens.OrderBy(t => t.Key).Select(t => TokenKey.ToHex(t.Key) + " " + t.Value));
                    line.Append(CultureInfo.InvariantCulture, $" {tokens.Count} {Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(text)))[..16]}");
                }
                line.Append(' ').Append(string.Join(',', MessageIdentity.Ids(message))).Append(' ').Append(MessageIdentity.ReceiveTime(message, now: 4_000_000_000));
                output.WriteLine(line);
            }
        return 0;
    }
}
