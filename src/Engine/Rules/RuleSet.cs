using System.Collections.Frozen;
using Spamd.Engine.Config;
using Spamd.Engine.Scanning;

namespace Spamd.Engine.Rules;

/// <summary>The order SpamAssassin's Check plugin runs rule types in, within one priority.</summary>
public enum RulePhase
{
    /// <summary>Body rules sa-compile compiled (Rule2XSBody): run first, line by line.</summary>
    OneLineBody,
    Header,
    HeaderEval,
    Body,
    Uri,
    BodyEval,
    RawBody,
    RawBodyEval,
    Full,
    FullEval,
}

/// <summary>The rules of one priority level, grouped by phase in run order.</summary>
public sealed class PriorityLevel(int priority, Rule[][] phases)
{
    public int Priority { get; } = priority;

    /// <summary>Indexed by <see cref="RulePhase"/>.</summary>
    public Rule[][] Phases { get; } = phases;
}

/// <summary>
/// A compiled, immutable ruleset: rules by index and name, priority levels in run order, the settings the
/// configuration produced, the prefilters, and the load report. Safe to share between threads; a reload
/// builds a new one.
/// </summary>
public sealed class RuleSet
{
    public required Rule[] Rules { get; init; }
    public required FrozenDictionary<string, int> IndexByName { get; init; }
    public required PriorityLevel[] Levels { get; init; }

    /// <summary>Every compiled meta rule, dependencies first.</summary>
    public required Rule[] MetaOrder { get; init; }

    public required ScanSettings Settings { get; init; }
    public required LoadReport Report { get; init; }

    /// <summary>enlist_uri_host lists.</summary>
    public required FrozenDictionary<string, FrozenSet<string>> UriHostLists { get; init; }

    /// <summary>What URI extraction reads from this configuration (util_rb_tld ..., redirector_pattern).</summary>
    public required Mime.UriOptions UriOptions { get; init; }

    /// <summary>URIDNSBL rules (uridnsbl, urirhssub ...) by rule name.</summary>
    public FrozenDictionary<string, Evals.UriDnsBlRule> UriDnsBls { get; init; } = FrozenDictionary<string, Evals.UriDnsBlRule>.Empty;

    /// <summary>freemail_domains and freemail_welcomelist (FreeMail plugin).</summary>
    public required Evals.FreeMailDomains FreeMail { get; init; }

    /// <summary>Prefilters per regex class (header values are short and run their regexes directly).</summary>
    public required Prefilter BodyPrefilter { get; init; }
    public required Prefilter RawBodyPrefilter { get; init; }
    public required Prefilter FullPrefilter { get; init; }
    public required Prefilter UriPrefilter { get; init; }

    /// <summary>The header rules' literals in one automaton (with the fast paths; else each rule checks its own).</summary>
    internal HeaderLiteralFilter? HeaderLiterals { get; set; }

    /// <summary>Base strings of the sa-compile'd body rules (null when none are in use).</summary>
    public BaseStringScanner? OneLineBases { get; init; }

    /// <summary>For each rule, the metas naming it (indices into <see cref="Rules"/>), in <see cref="MetaOrder"/>.</summary>
    internal int[][] MetaDependents => metaDependents ??= FindMetaDependents();
    private int[][]? metaDependents;

    /// <summary>For each rule, its position in <see cref="MetaOrder"/> (metas only).</summary>
    internal int[] MetaPositions => metaPositions ??= FindMetaPositions();
    private int[]? metaPositions;

    private int[] FindMetaPositions()
    {
        var positions = new int[Rules.Length];
        for (int i = 0; i < MetaOrder.Length; i++) positions[MetaOrder[i].Index] = i;
        return positions;
    }

    private int[][] FindMetaDependents()
    {
        var dependents = new List<int>?[Rules.Length];
        foreach (var meta in MetaOrder)
            foreach (int dependency in meta.Dependencies)
                (dependents[dependency] ??= []).Add(meta.Index);
        return dependents.Select(d => d?.Distinct().ToArray() ?? []).ToArray();
    }

    /// <summary>The compiled rule of that name (tflags, area, scores: what autolearn and reports need), or null.</summary>
    public Rule? Find(string name) => IndexByName.TryGetValue(name, out int index) ? Rules[index] : null;

    /// <summary>Site-configured scores of a rule (for relative scores in user preferences).</summary>
    public double[]? ScoresOf(string name) =>
        IndexByName.TryGetValue(name, out int index) ? (double[])Rules[index].Scores.Clone() : null;
}
