using System.Globalization;
using System.Text.RegularExpressions;
using Spamd.Engine.Mime;

namespace Spamd.Engine.Rules.Evals;

/// <summary>
/// HTMLEval's functions: tests over the facts HTML.pm records for each HTML part. Each hits when any HTML part
/// of the message passes.
/// </summary>
public static partial class HtmlEvals
{
    public static void Register(Dictionary<string, EvalFunction> functions)
    {
        functions["html_test"] = (context, args) => args.Count > 0 && Any(context, html => Flag(html, args[0]));
        functions["html_tag_exists"] = (context, args) => args.Count > 0 && Any(context, html => html.Inside.ContainsKey(args[0]));
        functions["html_tag_balance"] = TagBalance;
        functions["html_eval"] = Eval;
        functions["html_range"] = Range;
        functions["html_image_only"] = ImageOnly;
        functions["html_image_ratio"] = ImageRatio;
        functions["html_text_match"] = TextMatch;
        functions["html_title_subject_ratio"] = TitleSubjectRatio;
        functions["check_iframe_src"] = (context, _) => Any(context, html => html.Uris.Values.Any(tags => tags.Contains("iframe")));
        // ok_locales defaults to "all" (and is not configurable here): no HTML charset is far away
        functions["html_charset_faraway"] = (_, _) => false;
    }

    private static bool Any(RuleContext context, Func<HtmlFacts, bool> test)
    {
        foreach (var html in context.Message.HtmlParts)
            if (test(html)) return true;
        return false;
    }

    /// <summary>The true/false results HTML.pm stores (<c>html_test</c>).</summary>
    internal static bool Flag(HtmlFacts html, string name) => name switch
    {
        "html" => true,
        "font_low_contrast" => html.FontLowContrast,
        "font_invalid_color" => html.FontInvalidColor,
        "font_face_bad" => html.FontFaceBad,
        "form_action_mailto" => html.FormActionMailto,
        "embeds" => html.Embeds,
        "uri_truncated" => html.UriTruncated,
        "closed_html" => html.ClosedHtml,
        "closed_body" => html.ClosedBody,
        _ => Value(html, name) is { } value && value != 0,
    };

    /// <summary>The numeric results HTML.pm stores, null where it stores none.</summary>
    internal static double? Value(HtmlFacts html, string name) => name switch
    {
        "length" => html.SourceLength,
        "image_area" => html.ImageArea,
        "max_size" => html.MaxFontSize,
        "min_size" => html.MinFontSize,
        "html_length" => html.RenderedLength,
        "non_space_len" => html.NonSpaceLength,
        "ratio" => html.SourceLength == 0 ? null : (html.SourceLength - html.RenderedLength) / (double)html.SourceLength,
        "closed_extra_ratio" => html.TagCount == 0 ? null : html.ClosedExtraRatio,
        "bad_tag_ratio" => html.TagCount == 0 ? null : html.BadTagRatio,
        "non_element_ratio" => html.TagsSeenCount == 0 ? null : html.NonElementRatio,
        "obfuscation_ratio" => html.TagCount == 0 ? null : html.ObfuscationRatio,
        _ => null,
    };

    /// <summary>html_tag_balance(tag, expr): the tag's open count compared as the expression says.</summary>
    private static bool TagBalance(RuleContext context, IReadOnlyList<string> args)
    {
        if (args.Count < 2 || !TagName().IsMatch(args[0]) || Comparison.Parse(args[1]) is not { } comparison) return false;
        return Any(context, html => html.Inside.TryGetValue(args[0], out int open) && comparison.Holds(open));
    }

    private static bool Eval(RuleContext context, IReadOnlyList<string> args)
    {
        if (args.Count < 2 || Comparison.Parse(args[1]) is not { } comparison) return false;
        return Any(context, html => Value(html, args[0]) is { } value && comparison.Holds(value));
    }

    /// <summary>html_range(test, min, max): value in (min, max], max "inf" or absent meaning no upper bound.</summary>
    private static bool Range(RuleContext context, IReadOnlyList<string> args)
    {
        if (args.Count < 2) return false;
        double min = HeaderEvals.Number(args[1]);
        bool unbounded = args.Count < 3 || args[2] == "inf";
        double max = unbounded ? double.PositiveInfinity : HeaderEvals.Number(args[2]);
        return Any(context, html => Value(html, args[0]) is { } value && value > min && (unbounded || value <= max));
    }

    /// <summary>An HTML part with an img tag whose source length is in (min, max].</summary>
    private static bool ImageOnly(RuleContext context, IReadOnlyList<string> args)
    {
        if (args.Count < 2) return false;
        double min = HeaderEvals.Number(args[0]), max = HeaderEvals.Number(args[1]);
        return Any(context, html => html.Inside.ContainsKey("img") && html.SourceLength > min && html.SourceLength <= max);
    }

    /// <summary>Visible characters per pixel of stated image area, in (min, max].</summary>
    private static bool ImageRatio(RuleContext context, IReadOnlyList<string> args)
    {
        if (args.Count < 2) return false;
        double min = HeaderEvals.Number(args[0]), max = HeaderEvals.Number(args[1]);
        return Any(context, html =>
        {
            if (html.ImageArea <= 0) return false;
            double ratio = html.NonSpaceLength / (double)html.ImageArea;
            return ratio > min && ratio <= max;
        });
    }

    private static bool TextMatch(RuleContext context, IReadOnlyList<string> args)
    {
        if (args.Count < 2) return false;
        var regex = context.State(_ => new TextMatchPatterns()).For(args[1]);
        if (regex is null) return false;
        return Any(context, html => Texts(html, args[0]).Any(text => regex.IsMatch(text, ref context.RegexTimeouts)));
    }

    /// <summary>The string lists HTML.pm stores: comments, titles, anchor texts, scripts (not kept).</summary>
    private static IEnumerable<string> Texts(HtmlFacts html, string name) => name switch
    {
        "comment" => html.Comments,
        "title" => html.Titles,
        "anchor" => html.Anchors.Select(a => a.Text),
        _ => [],
    };

    /// <summary>Any title longer than ratio × the Subject's length.</summary>
    private static bool TitleSubjectRatio(RuleContext context, IReadOnlyList<string> args)
    {
        if (args.Count < 1) return false;
        string subject = context.Header("Subject") ?? "";
        if (subject.Length == 0) return false;
        double limit = HeaderEvals.Number(args[0]);
        return Any(context, html => html.Titles.Where(t => t.Length > 0 && t != "0")
            .Select(t => t.Length / (double)subject.Length).DefaultIfEmpty(0).Max() > limit);
    }

    /// <summary>Regexes of html_text_match, compiled once per scan (the argument is a bare pattern).</summary>
    private sealed class TextMatchPatterns
    {
        private readonly Dictionary<string, RuleRegex?> compiled = new(StringComparer.Ordinal);

        public RuleRegex? For(string pattern)
        {
            if (!compiled.TryGetValue(pattern, out var regex))
            {
                regex = RuleRegex.Create(pattern, "", TimeSpan.FromSeconds(1), allowNonBacktracking: false, out _);
                compiled[pattern] = regex;
            }
            return regex;
        }
    }

    /// <summary>The comparison a rule writes after the value: "&lt; 384", "!= 0", "== 2", ...</summary>
    private readonly record struct Comparison(string Operator, double Operand)
    {
        public static Comparison? Parse(string text)
        {
            var m = ComparisonText().Match(text);
            if (!m.Success) return null;
            return new Comparison(m.Groups[1].Value, double.Parse(m.Groups[2].Value.Replace(" ", ""), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
        }

        public bool Holds(double value) => Operator switch
        {
            "<" => value < Operand,
            "<=" => value <= Operand,
            ">" => value > Operand,
            ">=" => value >= Operand,
            "==" => value == Operand,
            _ => value != Operand,
        };
    }

    [GeneratedRegex(@"^\s*(<=|>=|==|!=|<|>)\s*([-+]?\s*\d+)\s*$")]
    private static partial Regex ComparisonText();

    [GeneratedRegex("^[a-zA-Z0-9]+$")]
    private static partial Regex TagName();
}
