using Spamd.Engine.Mime;

namespace Spamd.Engine.Rules.Evals;

/// <summary>
/// BodyEval's comparison of the text and HTML halves of each multipart/alternative: the share of HTML words
/// (in per cent) the text half lacks, and the word counts of the last alternative that had HTML words.
/// </summary>
internal sealed class AlternativeDifference
{
    public double Percent { get; private set; }
    public int HtmlWords { get; private set; }
    public int TextWords { get; private set; }

    public static void Register(Dictionary<string, EvalFunction> functions)
    {
        functions["multipart_alternative_difference"] = (context, args) =>
        {
            if (args.Count < 2) return false;
            double min = HeaderEvals.Number(args[0]);
            double diff = Of(context).Percent;
            return (min == 0 || diff > min) && (args[1] == "undef" || diff <= HeaderEvals.Number(args[1]));
        };
        functions["multipart_alternative_difference_count"] = (context, args) =>
        {
            if (args.Count < 2) return false;
            var d = Of(context);
            return d.HtmlWords > HeaderEvals.Number(args[1]) && d.TextWords / (double)d.HtmlWords > HeaderEvals.Number(args[0]);
        };
    }

    private static AlternativeDifference Of(RuleContext context) => context.State(c => Compute(c.Message));

    private static AlternativeDifference Compute(IMailMessage message)
    {
        var result = new AlternativeDifference();
        if (message is not MailMessage mail) return result;
        var parts = mail.Parts;
        if (IsMeetingRequest(parts)) return result;
        foreach (var alternative in parts)
        {
            if (!alternative.ContentType.StartsWith("multipart/alternative", StringComparison.Ordinal)) continue;
            var html = new Dictionary<string, int>(StringComparer.Ordinal);
            var text = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var part in parts)
            {
                if (!part.IsLeaf || !part.ContentType.StartsWith("text", StringComparison.Ordinal) || !IsWithin(parts, part, alternative)) continue;
                var (rendered, facts) = mail.Rendering(part);
                if (rendered is null) continue;
                bool isHtml = part.EffectiveType == "text/html";
                CountWords(rendered, isHtml ? html : text);
                if (isHtml && html.Count == 0 && facts is not null && facts.Inside.ContainsKey("img")) html["\n"] = 1;
            }
            int original = html.Count;
            if (original == 0) continue;
            result.HtmlWords = original;
            result.TextWords = text.Count;
            foreach (var (word, count) in text)
                if (html.TryGetValue(word, out int inHtml) && inHtml - count < 1) html.Remove(word);
            result.Percent = Math.Max(result.Percent, html.Count * 100.0 / original);
        }
        return result;
    }

    /// <summary>Exchange meeting requests (alternative of text/html and text/calendar) are left alone.</summary>
    private static bool IsMeetingRequest(IReadOnlyList<MimePart> parts)
    {
        var children = parts.Where(p => p.ParentIndex == 0).ToList();
        return parts[0].ContentType == "multipart/alternative" && children.Count == 2 &&
               children[0].ContentType == "text/html" && children[0].IsLeaf &&
               children[1].ContentType == "text/calendar" && children[1].IsLeaf;
    }

    private static bool IsWithin(IReadOnlyList<MimePart> parts, MimePart part, MimePart ancestor)
    {
        for (int i = part.ParentIndex; i >= 0; i = parts[i].ParentIndex)
            if (i == ancestor.Index) return true;
        return false;
    }

    private static void CountWords(string rendered, Dictionary<string, int> words)
    {
        foreach (var word in rendered.Split([' ', '\t', '\n', '\r', '\f', '\v'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (!word.Any(c => char.IsAsciiLetterOrDigit(c) || c == '_' || c > '\u00FF' && char.IsLetterOrDigit(c))) continue;
            words[word] = words.GetValueOrDefault(word) + 1;
        }
    }
}
