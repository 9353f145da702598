using System.Collections.Immutable;
using Spamd.Engine.Config;

namespace Spamd.Engine.Scanning;

/// <summary>The settings the rule engine reads beyond the output ones (additions owned by the rule engine).</summary>
public sealed partial record ScanSettings
{
    /// <summary>
    /// Four-value score overrides (score sets 0-3) from configuration or user_prefs; they win over
    /// <see cref="ScoreOverrides"/> and the ruleset's own scores.
    /// </summary>
    public ImmutableDictionary<string, ImmutableArray<double>> ScoreSetOverrides { get; init; } =
        ImmutableDictionary.Create<string, ImmutableArray<double>>(StringComparer.Ordinal);

    /// <summary>welcomelist_from, blocklist_from, ..., and enlist_addrlist lists.</summary>
    public AddressLists AddressLists { get; init; } = AddressLists.Empty;

    /// <summary>allow_user_rules (system configuration only).</summary>
    public bool AllowUserRules { get; init; }

    /// <summary>
    /// The ruleset compiled for one user whose preferences define rules (allow_user_rules); scans under these
    /// settings run on it instead of the site's. Null for everyone else.
    /// </summary>
    public IScanner? UserRuleScanner { get; init; }

    public bool UseBayesRules { get; init; } = true;
    public bool BayesAutoLearn { get; init; } = true;
    public double BayesAutoLearnThresholdNonspam { get; init; } = 0.1;
    public double BayesAutoLearnThresholdSpam { get; init; } = 12.0;
    public int BayesMinHamNum { get; init; } = 200;
    public int BayesMinSpamNum { get; init; } = 200;

    /// <summary>bayes_ignore_header names (lower-cased).</summary>
    public ImmutableArray<string> BayesIgnoreHeaders { get; init; } = ImmutableArray<string>.Empty;

    /// <summary>trusted_networks / internal_networks entries as written (CIDR, address or prefix); empty = inferred.</summary>
    public ImmutableArray<string> TrustedNetworks { get; init; } = ImmutableArray<string>.Empty;
    public ImmutableArray<string> InternalNetworks { get; init; } = ImmutableArray<string>.Empty;
}
