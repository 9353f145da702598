namespace Spamd.Engine.Bayes;

/// <summary>
/// The stock BAYES_* rules: <c>check_bayes(min, max)</c> hits when min &lt; p &lt;= max (min 0 includes 0).
/// BAYES_999 hits together with BAYES_99.
/// </summary>
public static class BayesRuleBuckets
{
    public static IReadOnlyList<(string Rule, double Min, double Max)> Stock { get; } =
    [
        ("BAYES_00", 0.00, 0.01), ("BAYES_05", 0.01, 0.05), ("BAYES_20", 0.05, 0.20), ("BAYES_40", 0.20, 0.40),
        ("BAYES_50", 0.40, 0.60), ("BAYES_60", 0.60, 0.80), ("BAYES_80", 0.80, 0.95), ("BAYES_95", 0.95, 0.99),
        ("BAYES_99", 0.99, 1.00), ("BAYES_999", 0.999, 1.00),
    ];

    /// <summary>SpamAssassin's check_bayes test for one rule; <paramref name="max"/> null means no upper bound.</summary>
    public static bool Hits(double probability, double min, double? max) =>
        (min == 0 || probability > min) && (max == null || probability <= max.Value);

    public static IEnumerable<string> RulesHit(double probability)
    {
        foreach (var (rule, min, max) in Stock)
            if (Hits(probability, min, max)) yield return rule;
    }
}
