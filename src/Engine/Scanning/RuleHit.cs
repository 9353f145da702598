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
