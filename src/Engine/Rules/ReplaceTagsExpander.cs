using System.Text.RegularExpressions;
using Spamd.Engine.Config;

namespace Spamd.Engine.Rules;

/// <summary>
/// The ReplaceTags plugin: in rules listed by <c>replace_rules</c>, <c>&lt;TAG&gt;</c> becomes the
/// <c>replace_tag</c> text, <c>&lt;pre N&gt;</c>/<c>&lt;post N&gt;</c>/<c>&lt;inter N&gt;</c> put text before, after
/// and between tags; replacements containing tags are expanded again, up to 5 passes, as the plugin does.
/// </summary>
public static class ReplaceTagsExpander
{
    private static readonly Regex TagSplit = new("(<[^<>]+>)", RegexOptions.CultureInvariant);

    public static string Expand(string regex, ConfigBuilder config)
    {
        string start = Regex.Escape(config.ReplaceStart);
        string end = Regex.Escape(config.ReplaceEnd);
        var pre = new Regex(start + "pre (.+?)" + end, RegexOptions.CultureInvariant);
        var post = new Regex(start + "post (.+?)" + end, RegexOptions.CultureInvariant);
        var inter = new Regex(start + "inter (.+?)" + end, RegexOptions.CultureInvariant);
        var anyTag = new Regex(start + "(.+?)" + end, RegexOptions.CultureInvariant);

        int passes = 0;
        bool again;
        do
        {
            again = false;
            string? preName = TakeFirst(pre, ref regex);
            string? postName = TakeFirst(post, ref regex);
            string? interName = TakeFirst(inter, ref regex);

            var pieces = PerlSplit(regex);
            if (preName is not null && config.ReplacePre.TryGetValue(preName, out var preText) && preText.Length > 0)
                for (int i = 0; i < pieces.Count; i++) pieces[i] = anyTag.Replace(pieces[i], m => preText + m.Value, 1);
            if (postName is not null && config.ReplacePost.TryGetValue(postName, out var postText) && postText.Length > 0)
                for (int i = 0; i < pieces.Count; i++) pieces[i] = anyTag.Replace(pieces[i], m => m.Value + postText);
            if (interName is not null && config.ReplaceInter.TryGetValue(interName, out var interText) && interText.Length > 0)
                for (int i = 0; i < pieces.Count; i++) if (pieces[i].Length == 0) pieces[i] = interText;

            for (int i = 0; i < pieces.Count; i++)
            {
                var tag = anyTag.Match(pieces[i]);
                if (!tag.Success) continue;
                string name = tag.Groups[1].Value;
                if (!config.ReplaceTags.TryGetValue(name, out var replacement) || replacement.Length == 0) continue;
                pieces[i] = pieces[i].Replace(config.ReplaceStart + name + config.ReplaceEnd, replacement);
                if (!again && Regex.IsMatch(replacement, "<[^>]+>")) again = true;
            }
            regex = string.Concat(pieces);
            passes++;
        } while (again && passes <= 5);
        return regex;
    }

    private static string? TakeFirst(Regex pattern, ref string text)
    {
        var match = pattern.Match(text);
        if (!match.Success) return null;
        text = text.Remove(match.Index, match.Length);
        return match.Groups[1].Value;
    }

    /// <summary>Perl's split with a capturing separator: leading empty field kept, trailing empty fields dropped.</summary>
    private static List<string> PerlSplit(string text)
    {
        var pieces = TagSplit.Split(text).ToList();
        while (pieces.Count > 0 && pieces[^1].Length == 0) pieces.RemoveAt(pieces.Count - 1);
        return pieces;
    }
}
