using System.Runtime.CompilerServices;

namespace Spamd.Engine.Rules;

/// <summary>
/// The arrays a <see cref="RuleRun"/> needs per scan, sized by the ruleset (~120 KB for the stock rules: done
/// flags, the prefilter's candidate texts per rule for each text class, the meta bookkeeping, header values),
/// kept by each thread for its next scan of the same ruleset instead of allocated per scan.
/// </summary>
internal sealed class ScanScratch
{
    [ThreadStatic] private static ScanScratch? spare;

    // Per ruleset: each header rule's slot among the distinct header specs (computed once per ruleset).
    private static readonly ConditionalWeakTable<RuleSet, HeaderSlots> SlotsOf = new();

    private readonly List<int>?[]?[] textsOfRule = new List<int>?[]?[TextClasses];
    private readonly bool[] textsUsed = new bool[TextClasses];

    private ScanScratch(RuleSet rules)
    {
        Rules = rules;
        Done = new bool[rules.Rules.Length];
        Metas = new MetaState(rules);
        var slots = SlotsOf.GetValue(rules, HeaderSlots.Of);
        HeaderSlotOf = slots.SlotOf;
        HeaderValues = new string?[slots.Count];
        HeaderKnown = new bool[slots.Count];
    }

    public RuleSet Rules { get; }

    /// <summary>Per rule index: ran (or counts as run) in this scan.</summary>
    public bool[] Done { get; }

    public MetaState Metas { get; }

    /// <summary>Per rule index: the slot of a header rule's spec in <see cref="HeaderValues"/>, -1 for other rules.</summary>
    public int[] HeaderSlotOf { get; }

    public string?[] HeaderValues { get; }

    public bool[] HeaderKnown { get; }

    /// <summary>Body, rawbody, full and uri texts.</summary>
    public const int TextClasses = 4;

    /// <summary>An empty candidate-text array (one entry per rule) for one text class, cleared at the next scan.</summary>
    public List<int>?[] TextsOfRule(int textClass)
    {
        textsUsed[textClass] = true;
        return textsOfRule[textClass] ??= new List<int>?[Done.Length];
    }

    /// <summary>This thread's scratch for the ruleset, reset; a new one when the thread has none to spare.</summary>
    public static ScanScratch Rent(RuleSet rules)
    {
        var scratch = spare;
        if (scratch is null || scratch.Rules != rules) return new ScanScratch(rules);
        spare = null; // a scan within a scan (none today) gets its own
        scratch.Reset();
        return scratch;
    }

    /// <summary>Keeps the scratch for this thread's next scan (the last ruleset scanned wins).</summary>
    public static void Return(ScanScratch scratch) => spare = scratch;

    private void Reset()
    {
        Array.Clear(Done);
        for (int i = 0; i < TextClasses; i++)
        {
            if (!textsUsed[i]) continue;
            Array.Clear(textsOfRule[i]!);
            textsUsed[i] = false;
        }
        Array.Clear(HeaderKnown);
        Array.Clear(HeaderValues);
        Metas.StartScan();
    }

    /// <summary>Header rules share a slot per distinct spec, so a scan looks each spec up once, not once per rule.</summary>
    private sealed class HeaderSlots
    {
        public required int[] SlotOf { get; init; }
        public required int Count { get; init; }

        public static HeaderSlots Of(RuleSet rules)
        {
            var slotOf = new int[rules.Rules.Length];
            var slotBySpec = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var rule in rules.Rules)
            {
                slotOf[rule.Index] = -1;
                if (rule.Kind != RuleKind.Header || rule.HeaderSpec is not { } spec) continue;
                if (!slotBySpec.TryGetValue(spec, out int slot)) slotBySpec[spec] = slot = slotBySpec.Count;
                slotOf[rule.Index] = slot;
            }
            return new HeaderSlots { SlotOf = slotOf, Count = slotBySpec.Count };
        }
    }
}
