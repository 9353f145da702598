namespace Spamd.Integration.Tests.Agreement;

/// <summary>What a scanner said about one message: the score and the rules that hit.</summary>
public sealed record SpamdVerdict(double Score, bool IsSpam, IReadOnlySet<string> Rules)
{
    /// <summary>Parses a cached or received "score|spam|RULE,RULE" line.</summary>
    public static SpamdVerdict Parse(string line)
    {
        var parts = line.Split('|');
        var rules = parts[2].Length == 0 ? new HashSet<string>() : new HashSet<string>(parts[2].Split(','));
        return new SpamdVerdict(double.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture),
            parts[1] == "1", rules);
    }

    public string Format() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{Score}|{(IsSpam ? 1 : 0)}|{string.Join(',', Rules.Order(StringComparer.Ordinal))}");
}
