namespace Spamd.Engine.Scanning;

/// <summary>Where a rule looked; it prefixes the description in reports ("BODY: ", "URI: ", ...).</summary>
public enum RuleArea
{
    /// <summary>header, meta, header-eval and full-eval rules: no prefix.</summary>
    None,
    Body,
    RawBody,
    Uri,
    Full,
}

/// <summary>One rule that hit, with the score it contributed.</summary>
public readonly record struct RuleHit(string Name, double Score, string Description, RuleArea Area)
{
    /// <summary>
    /// Notes the rule's eval left for the report (SpamAssassin's test_log), e.g. the freemail address; each is
    /// shown in brackets under the rule's line. Null when there are none.
    /// </summary>
    public IReadOnlyList<string>? Log { get; init; }

    /// <summary>
    /// The step of SpamAssassin's check loop in which the rule hit: priority level, rule type (compiled body
    /// rules by text line) or meta pass. Hits are reported in step order; within one step SpamAssassin's own
    /// order is Perl hash order, which changes from run to run.
    /// </summary>
    public long Step { get; init; }

    /// <summary>The report prefix for <see cref="Area"/>, as SpamAssassin writes it.</summary>
    public string AreaPrefix => Area switch
    {
        RuleArea.Body => "BODY: ",
        RuleArea.RawBody => "RAW: ",
        RuleArea.Uri => "URI: ",
        RuleArea.Full => "FULL: ",
        _ => "",
    };
}
