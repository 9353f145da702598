using Spamd.Engine.Scanning;

namespace Spamd.Engine.Rules;

/// <summary>An eval function: answers whether the rule hits for this message, given the rule's arguments.</summary>
public delegate bool EvalFunction(RuleContext context, IReadOnlyList<string> arguments);

/// <summary>
/// One compiled rule. A flat, immutable record rather than a class per type keeps the scan loops tight;
/// only the fields of its <see cref="Kind"/> are set.
/// </summary>
public sealed record Rule
{
    public required int Index { get; init; }
    public required string Name { get; init; }
    public required RuleKind Kind { get; init; }
    public required string Description { get; init; }
    public required RuleArea Area { get; init; }

    /// <summary>Scores for score sets 0-3 as configured (or the default 1.0 / 0.01 / negative for nice).</summary>
    public required double[] Scores { get; init; }

    public required int Priority { get; init; }
    public required RuleFlags Flags { get; init; }

    public bool IsSubRule => Name.StartsWith("__", StringComparison.Ordinal);

    // header/body/rawbody/full/uri
    public RuleRegex? Regex { get; init; }

    /// <summary>A Perl regex with <c>%{TAG}</c> placeholders, compiled per message once its tags are known.</summary>
    public string? TemplatePattern { get; init; }

    public string[] TemplateTags { get; init; } = [];

    /// <summary>A body rule sa-compile compiled (Rule2XSBody): it runs first in its priority, line by line.</summary>
    public bool OneLine { get; init; }

    // header
    public string? HeaderSpec { get; init; }
    public bool Negated { get; init; }
    public bool ExistsTest { get; init; }
    public string? IfUnset { get; init; }

    // eval
    public string? EvalName { get; init; }
    public EvalFunction? Eval { get; init; }
    public IReadOnlyList<string> EvalArguments { get; init; } = [];

    // meta
    public Func<double[], double>? Meta { get; init; }
    public int[] Dependencies { get; init; } = [];

    /// <summary>A meta naming an undefined rule: SpamAssassin only evaluates it at the very end.</summary>
    public bool WaitsForEnd { get; init; }

    /// <summary>Literals one of which must occur (case-folded) for the regex to match; null when none is known.</summary>
    public string[]? RequiredLiterals { get; init; }

    public override string ToString() => $"{Kind} {Name}";
}
