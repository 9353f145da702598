using System.Runtime.CompilerServices;

namespace Spamd.Engine.Rules;

/// <summary>
/// What a scan looks up per rule, laid out once per ruleset in flat arrays: the header rules' shared value slots
/// and the metas' dependencies. The meta passes look at ~2,500 metas per scan; reading these compact arrays
/// instead of each <see cref="Rule"/> object (scattered over the heap, a cache miss each) is what makes them cheap.
/// </summary>
internal sealed class ScanLayout
{
    private static readonly ConditionalWeakTable<RuleSet, ScanLayout> Layouts = new();

    public static ScanLayout Of(RuleSet rules) => Layouts.GetValue(rules, rules => new ScanLayout(rules));

    private ScanLayout(RuleSet rules)
    {
        int count = rules.Rules.Length;
        HeaderSlotOf = new int[count];
        var slotBySpec = new Dictionary<string, int>(StringComparer.Ordinal);
        Flags = new MetaFlags[count];
        Programs = new Func<double[], double>?[count];
        MetaAt = Array.ConvertAll(rules.MetaOrder, meta => meta.Index);
        DependencyStart = new int[count + 1];
        var dependencies = new List<int>();
        foreach (var rule in rules.Rules)
        {
            int index = rule.Index;
            HeaderSlotOf[index] = -1;
            if (rule.Kind == RuleKind.Header && rule.HeaderSpec is { } spec)
            {
                if (!slotBySpec.TryGetValue(spec, out int slot)) slotBySpec[spec] = slot = slotBySpec.Count;
                HeaderSlotOf[index] = slot;
            }
            Programs[index] = rule.Meta;
            Flags[index] = (rule.Kind == RuleKind.Meta ? MetaFlags.IsMeta : 0) |
                           (rule.Meta is not null ? MetaFlags.HasProgram : 0) |
                           (rule.WaitsForEnd ? MetaFlags.WaitsForEnd : 0);
        }
        // Rules are indexed by position, so the dependency lists follow one another in rule order.
        for (int i = 0; i < count; i++)
        {
            DependencyStart[i] = dependencies.Count;
            dependencies.AddRange(rules.Rules[i].Dependencies);
        }
        DependencyStart[count] = dependencies.Count;
        Dependencies = [.. dependencies];
        HeaderSlots = slotBySpec.Count;
    }

    /// <summary>Per rule index: the slot of a header rule's spec (rules of one spec share it), -1 for other rules.</summary>
    public int[] HeaderSlotOf { get; }

    public int HeaderSlots { get; }

    [Flags]
    public enum MetaFlags : byte
    {
        IsMeta = 1,
        /// <summary>Has a compiled expression (<see cref="Rule.Meta"/>).</summary>
        HasProgram = 2,
        /// <summary><see cref="Rule.WaitsForEnd"/>.</summary>
        WaitsForEnd = 4,
    }

    public MetaFlags[] Flags { get; }

    /// <summary>Per rule index: the meta's compiled expression (<see cref="Rule.Meta"/>), null for other rules.</summary>
    public Func<double[], double>?[] Programs { get; }

    /// <summary>Per position in <see cref="RuleSet.MetaOrder"/>: the meta's rule index.</summary>
    public int[] MetaAt { get; }

    /// <summary>Every rule's <see cref="Rule.Dependencies"/>, one after another: rule i's run from DependencyStart[i] to DependencyStart[i + 1].</summary>
    public int[] Dependencies { get; }

    public int[] DependencyStart { get; }
}
