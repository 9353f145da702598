namespace Spamd.Engine.Rules.Evals;

/// <summary>Body-level evals that need only the renderings: Bayes bands, body length, blank lines, spacing.</summary>
public static class BodyEvals
{
    public static void Register(Dictionary<string, EvalFunction> functions)
    {
        functions["check_bayes"] = CheckBayes;
        functions["check_body_length"] = BodyLength;
        functions["check_blank_line_ratio"] = BlankLineRatio;
        functions["tvd_vertical_words"] = VerticalWords;
    }

    /// <summary>Bayes::check_bayes: probability in (min, max], min 0 inclusive, max "undef" open.</summary>
    private static bool CheckBayes(RuleContext context, IReadOnlyList<string> args)
    {
        if (context.BayesProbability is not { } probability || args.Count < 2) return false;
        double min = HeaderEvals.Number(args[0]);
        if (!((min == 0 || probability > min) && (args[1] == "undef" || probability <= HeaderEvals.Number(args[1])))) return false;
        context.TestLog("score: " + Output.PerlFormat.Fixed(probability, 4, 3)); // "%3.4f"
        return true;
    }

    /// <summary>BodyEval::check_body_length: the undecoded body (after the header block) is at most min bytes.</summary>
    private static bool BodyLength(RuleContext context, IReadOnlyList<string> args)
    {
        if (args.Count < 1) return false;
        var raw = context.Message.Raw.Span;
        int separator = raw.IndexOf("\n\n"u8);
        int crlf = raw.IndexOf("\r\n\r\n"u8);
        int bodyStart = separator < 0 && crlf < 0 ? raw.Length
            : crlf >= 0 && (separator < 0 || crlf < separator) ? crlf + 4 : separator + 2;
        return raw.Length - bodyStart <= HeaderEvals.Number(args[0]);
    }

    /// <summary>BodyEval::check_blank_line_ratio: percentage of blank lines in the decoded text parts.</summary>
    private static bool BlankLineRatio(RuleContext context, IReadOnlyList<string> args)
    {
        if (args.Count < 2) return false;
        double min = HeaderEvals.Number(args[0]), max = HeaderEvals.Number(args[1]);
        double minLines = args.Count > 2 ? Math.Max(1, HeaderEvals.Number(args[2])) : 1;
        int blank = 0, lines = 0;
        foreach (var chunk in context.Message.RawBodyText)
        {
            foreach (var line in SplitKeepingNewlines(chunk))
            {
                lines++;
                if (line.All(c => c is ' ' or '\t' or '\n' or '\r' or '\f' or '\v')) blank++;
            }
        }
        double ratio = lines < minLines ? -1 : 100.0 * blank / lines;
        return (min == 0 && ratio <= max) || (ratio > min && ratio <= max);
    }

    /// <summary>Perl's split(/^/m, $text, -1): lines with their newlines, nothing dropped.</summary>
    private static IEnumerable<string> SplitKeepingNewlines(string text)
    {
        int start = 0;
        while (start < text.Length)
        {
            int newline = text.IndexOf('\n', start);
            int end = newline < 0 ? text.Length : newline + 1;
            yield return text[start..end];
            start = end;
        }
    }

    /// <summary>BodyEval::tvd_vertical_words: the highest spaces-to-letters percentage of any rendered line.</summary>
    private static bool VerticalWords(RuleContext context, IReadOnlyList<string> args)
    {
        if (args.Count < 2) return false;
        double min = HeaderEvals.Number(args[0]), max = HeaderEvals.Number(args[1]);
        if (max >= 100) max = 101;
        int highest = -1;
        foreach (var line in context.Message.BodyText)
        {
            if (line.Length <= 5) continue;
            int spaces = line.Count(c => c == ' ');
            int others = line.Length - spaces;
            int percent = spaces > others || others == 0 ? 100 : 100 * spaces / others;
            highest = Math.Max(highest, percent);
        }
        return highest >= min && highest < max;
    }
}
