namespace Spamd.Engine.Rules;

/// <summary>
/// The bookkeeping of one scan's meta passes (<see cref="RuleRun"/>): the metas still pending, in meta order,
/// the dependency that last kept each one waiting, and the lists and stamps of the rounds, reused from round
/// to round so a pass allocates nothing.
/// </summary>
internal sealed class MetaState(RuleSet rules)
{
    /// <summary>Rule indices of the metas not yet done, in <see cref="RuleSet.MetaOrder"/>; the first <see cref="PendingCount"/> are live.</summary>
    public int[] Pending { get; } = Array.ConvertAll(rules.MetaOrder, meta => meta.Index);

    public int PendingCount { get; set; } = rules.MetaOrder.Length;

    /// <summary>Per rule index: 1 + the dependency that was not done when the meta was last looked at; 0 for none.</summary>
    public int[] BlockedBy { get; } = new int[rules.Rules.Length];

    /// <summary>Per rule index: the round stamp when it was last considered for a round.</summary>
    public int[] CheckedIn { get; } = new int[rules.Rules.Length];

    public int RoundStamp { get; set; }

    public List<Rule> Round { get; set; } = [];

    public List<Rule> Next { get; set; } = [];

    /// <summary>Meta order, as spamd evaluates a round's metas.</summary>
    public Comparison<Rule> ByPosition { get; } = (a, b) => rules.MetaPositions[a.Index].CompareTo(rules.MetaPositions[b.Index]);
}
