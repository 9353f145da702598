namespace Spamd.Engine.Rules;

/// <summary>
/// The bookkeeping of one scan's meta passes (<see cref="RuleRun"/>): the metas still pending, in meta order,
/// the dependency that last kept each one waiting, and the lists and stamps of the rounds. Reused from scan to
/// scan (see <see cref="ScanScratch"/>): pass numbers and round stamps keep counting up across scans, so the
/// arrays they mark need no clearing.
/// </summary>
internal sealed class MetaState
{
    private readonly int[] metaIndices;

    public MetaState(RuleSet rules)
    {
        metaIndices = Array.ConvertAll(rules.MetaOrder, meta => meta.Index);
        Pending = (int[])metaIndices.Clone();
        PendingCount = Pending.Length;
        BlockedBy = new int[rules.Rules.Length];
        BlockedAt = new int[rules.Rules.Length];
        CheckedIn = new int[rules.Rules.Length];
        PassOf = new int[rules.Rules.Length];
    }

    /// <summary>Rule indices of the metas not yet done, in <see cref="RuleSet.MetaOrder"/>; the first <see cref="PendingCount"/> are live.</summary>
    public int[] Pending { get; }

    public int PendingCount { get; set; }

    /// <summary>Per rule index: 1 + the dependency that was not done when the meta was last looked at; 0 for none.</summary>
    public int[] BlockedBy { get; }

    /// <summary>
    /// Per rule index: where in the meta's dependencies that one is. Those before it were done then, and stay
    /// done, so the next look starts there.
    /// </summary>
    public int[] BlockedAt { get; }

    /// <summary>Per rule index: the round stamp when it was last considered for a round.</summary>
    public int[] CheckedIn { get; }

    public int RoundStamp { get; private set; }

    /// <summary>Per rule index: the meta pass that last evaluated it.</summary>
    public int[] PassOf { get; }

    /// <summary>The current meta pass (counting over every scan that used this state).</summary>
    public int Pass { get; private set; }

    /// <summary>Positions in <see cref="RuleSet.MetaOrder"/> of the metas evaluated in the last round, and of the next one's.</summary>
    public List<int> Round { get; set; } = [];

    public List<int> Next { get; set; } = [];

    /// <summary>Makes the state that of a scan that has evaluated no meta yet.</summary>
    public void StartScan()
    {
        metaIndices.CopyTo(Pending, 0);
        PendingCount = Pending.Length;
        Array.Clear(BlockedBy);
        Array.Clear(BlockedAt);
    }

    public void NextPass()
    {
        if (Pass == int.MaxValue)
        {
            Array.Clear(PassOf);
            Pass = 0;
        }
        Pass++;
    }

    public int NextRoundStamp()
    {
        if (RoundStamp == int.MaxValue)
        {
            Array.Clear(CheckedIn);
            RoundStamp = 0;
        }
        return ++RoundStamp;
    }
}
