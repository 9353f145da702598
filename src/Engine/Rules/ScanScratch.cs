namespace Spamd.Engine.Rules;

/// <summary>
/// The arrays a <see cref="RuleRun"/> needs per scan, sized by the ruleset (~120 KB for the stock rules: done
/// flags, the prefilter's candidate texts per rule for each text class, the meta bookkeeping, header values),
/// kept by each thread for its next scan of the same ruleset instead of allocated per scan.
/// </summary>
internal sealed class ScanScratch
{
    [ThreadStatic] private static ScanScratch? spare;

    private readonly List<int>?[]?[] textsOfRule = new List<int>?[]?[TextClasses];
    private readonly bool[] textsUsed = new bool[TextClasses];

    private ScanScratch(RuleSet rules)
    {
        Rules = rules;
        Done = new bool[rules.Rules.Length];
        Metas = new MetaState(rules);
        Layout = ScanLayout.Of(rules);
        HeaderValues = new string?[Layout.HeaderSlots];
        HeaderKnown = new bool[Layout.HeaderSlots];
    }

    public RuleSet Rules { get; }

    /// <summary>Per rule index: ran (or counts as run) in this scan.</summary>
    public bool[] Done { get; }

    public MetaState Metas { get; }

    public ScanLayout Layout { get; }

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
}
