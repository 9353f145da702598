using System.Globalization;

namespace Spamd.Engine.Bayes;

/// <summary>
/// Reads the Bayes settings out of SpamAssassin configuration files (<c>bayes_path</c>,
/// <c>bayes_ignore_header</c>, <c>bayes_min_*_num</c>, trusted/internal networks ..., and the Subject tag
/// sa-learn removes) for tools that run without the rule engine, such as sa-learn. Other lines are ignored; conditionals are taken as true, as they are for the stock files.
/// </summary>
public sealed class BayesConfig
{
    public BayesOptions Options { get; private set; } = BayesOptions.Default;

    /// <summary><c>bayes_path</c>, a file prefix; null when not configured.</summary>
    public string? BayesPath { get; private set; }

    /// <summary><c>rewrite_header Subject</c>: the tag sa-learn takes off tagged mail before learning it.</summary>
    public string? RewriteSubjectTag { get; private set; }

    private readonly HashSet<string> ignoredHeaders = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Reads every <c>*.cf</c> file of each directory (in name order) or the file itself.</summary>
    public void Load(string path)
    {
        IEnumerable<string> files = Directory.Exists(path)
            ? Directory.GetFiles(path, "*.cf").Order(StringComparer.Ordinal)
            : File.Exists(path) ? [path] : [];
        foreach (string file in files)
            foreach (string line in File.ReadLines(file)) Apply(line);
    }

    public void Apply(string line)
    {
        string trimmed = line.Trim();
        int hash = trimmed.IndexOf('#');
        // "\#" escapes a hash in SpamAssassin configuration; Bayes settings never contain one.
        if (hash >= 0) trimmed = trimmed[..hash].Trim();
        if (trimmed.Length == 0) return;
        string[] parts = trimmed.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries);
        string key = parts[0].ToLowerInvariant();
        string value = parts.Length > 1 ? parts[1].Trim() : "";
        switch (key)
        {
            case "bayes_path": BayesPath = value; break;
            case "rewrite_header":
                string[] rewrite = value.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries);
                if (rewrite.Length == 2 && rewrite[0].Equals("subject", StringComparison.OrdinalIgnoreCase)) RewriteSubjectTag = rewrite[1];
                break;
            case "bayes_ignore_header":
                foreach (string name in value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)) ignoredHeaders.Add(name);
                Options = Options with { IgnoredHeaders = new HashSet<string>(ignoredHeaders, StringComparer.OrdinalIgnoreCase) };
                break;
            case "trusted_networks": Options = Options with { TrustedNetworks = [.. Options.TrustedNetworks, .. Words(value)] }; break;
            case "internal_networks": Options = Options with { InternalNetworks = [.. Options.InternalNetworks, .. Words(value)] }; break;
            case "clear_trusted_networks": Options = Options with { TrustedNetworks = [] }; break;
            case "clear_internal_networks": Options = Options with { InternalNetworks = [] }; break;
            case "bayes_min_spam_num" when TryInt(value, out int n): Options = Options with { MinSpamCount = n }; break;
            case "bayes_min_ham_num" when TryInt(value, out int n): Options = Options with { MinHamCount = n }; break;
            case "bayes_max_token_length" when TryInt(value, out int n): Options = Options with { MaxTokenLength = n }; break;
            case "bayes_use_hapaxes" when TryInt(value, out int n): Options = Options with { UseHapaxes = n != 0 }; break;
            case "bayes_expiry_max_db_size" when TryInt(value, out int n): Options = Options with { ExpiryMaxDbSize = n }; break;
            // Beyond SpamAssassin (which does not know the setting): learn and use pairs of adjacent body words.
            case "bayes_word_pairs" when TryInt(value, out int n): Options = Options with { BodyBigrams = n != 0 }; break;
            // Beyond SpamAssassin: how token probabilities combine.
            case "bayes_combining" when TryCombining(value, out BayesCombining combining): Options = Options with { Combining = combining }; break;
            case "bayes_auto_expire" when TryInt(value, out int n): Options = Options with { AutoExpire = n != 0 }; break;
            case "bayes_stopword_languages" when value.Equals("disable", StringComparison.OrdinalIgnoreCase):
                Options = Options with { StopWords = new HashSet<string>() };
                break;
        }
    }

    private static string[] Words(string value) => value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    private static bool TryCombining(string value, out BayesCombining combining)
    {
        combining = value.ToLowerInvariant() switch
        {
            "spamassassin" => BayesCombining.SpamAssassin,
            "tail_ratio" => BayesCombining.TailRatio,
            _ => (BayesCombining)(-1),
        };
        return Enum.IsDefined(combining);
    }

    private static bool TryInt(string value, out int n) => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out n);
}
