using System.Globalization;

namespace Spamd.Engine.Rules;

/// <summary>A rule's <c>tflags</c>, parsed once.</summary>
public readonly record struct RuleFlags(
    bool Multiple,
    int MaxHits,
    bool Nice,
    bool Net,
    bool Learn,
    bool UserConf,
    bool NoAutoLearn,
    bool NoSubject,
    bool AutoLearnForce)
{
    /// <summary>Report notes (test_log) of the rule are shown as *REDACTED*.</summary>
    public bool NoLog { get; init; }

    public static RuleFlags Parse(string? text)
    {
        var flags = new RuleFlags();
        if (string.IsNullOrWhiteSpace(text)) return flags;
        foreach (var word in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (word.StartsWith("maxhits=", StringComparison.Ordinal) &&
                int.TryParse(word.AsSpan("maxhits=".Length), NumberStyles.None, CultureInfo.InvariantCulture, out int max))
            {
                flags = flags with { MaxHits = max };
                continue;
            }
            flags = word switch
            {
                "multiple" => flags with { Multiple = true },
                "nice" => flags with { Nice = true },
                "net" => flags with { Net = true },
                "learn" => flags with { Learn = true },
                "userconf" => flags with { UserConf = true },
                "noautolearn" => flags with { NoAutoLearn = true },
                "nosubject" => flags with { NoSubject = true },
                "autolearn_force" => flags with { AutoLearnForce = true },
                "nolog" => flags with { NoLog = true },
                _ => flags,
            };
        }
        return flags;
    }
}
