using System.Text.RegularExpressions;

namespace Spamd.Engine.Rules.Evals;

/// <summary>Eval argument lists as SpamAssassin packs them: quoted strings or bare words/numbers, comma separated.</summary>
public static partial class EvalArguments
{
    [GeneratedRegex(@"\G\s*(?:(['""])(.*?)\1|([\d.:A-Za-z-]+?))\s*(?:,\s*|$)", RegexOptions.Singleline)]
    private static partial Regex Argument();

    /// <summary>The arguments, or null when the text is not a valid argument list.</summary>
    public static string[]? Parse(string text)
    {
        if (text.Trim().Length == 0) return [];
        var arguments = new List<string>();
        int position = 0;
        while (position < text.Length)
        {
            var match = Argument().Match(text, position);
            if (!match.Success || match.Length == 0) return null;
            arguments.Add(match.Groups[2].Success ? match.Groups[2].Value : match.Groups[3].Value);
            position += match.Length;
        }
        return arguments.ToArray();
    }
}
