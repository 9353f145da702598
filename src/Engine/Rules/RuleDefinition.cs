namespace Spamd.Engine.Rules;

/// <summary>The rule types of the configuration language (eval forms are separate kinds, as in SpamAssassin).</summary>
public enum RuleKind
{
    Header,
    HeaderEval,
    Body,
    BodyEval,
    RawBody,
    RawBodyEval,
    Full,
    FullEval,
    Uri,
    Meta,
    MimeHeader,
    /// <summary>A name with no test (reuse, askdns, DNS lists): never hits, but exists for metas.</summary>
    Empty,
}

/// <summary>A rule as read from the configuration, before compilation. Later definitions replace earlier ones.</summary>
public sealed record RuleDefinition(string Name, RuleKind Kind, string Text, string Source)
{
    public bool IsSubRule => Name.StartsWith("__", StringComparison.Ordinal);
    public bool IsTesting => Name.StartsWith("T_", StringComparison.Ordinal);
}
