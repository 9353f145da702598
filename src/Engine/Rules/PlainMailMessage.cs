using System.Text;
using System.Text.RegularExpressions;
using Spamd.Engine.Mime;

namespace Spamd.Engine.Rules;

/// <summary>
/// A deliberately simple <see cref="IMailMessage"/> used when no MIME parser is plugged in (and by tests and
/// benchmarks): top-level headers unfolded, the body taken as one undecoded text part. It gives the rule
/// engine something sound to run on; the real renderings come from the MIME parser.
/// </summary>
public sealed partial class PlainMailMessage : IMailMessage
{
    private readonly List<KeyValuePair<string, string>> headers = [];
    private readonly string body;
    private string[]? bodyText;
    private string[]? rawBodyText;
    private string[]? uris;

    public PlainMailMessage(ReadOnlyMemory<byte> raw)
    {
        Raw = raw;
        FullText = Encoding.Latin1.GetString(raw.Span);
        string text = FullText.Replace("\r\n", "\n");
        int separator = text.StartsWith('\n') ? 0 : text.IndexOf("\n\n", StringComparison.Ordinal);
        string head = separator < 0 ? text : text[..separator];
        body = separator < 0 ? "" : text[(separator + (separator == 0 ? 1 : 2))..];
        foreach (var line in Unfold(head).Split('\n'))
        {
            int colon = line.IndexOf(':');
            if (colon <= 0 || line.AsSpan(0, colon).ContainsAny(" \t")) continue;
            headers.Add(new(line[..colon], line[(colon + 1)..].TrimStart(' ', '\t')));
        }
    }

    public PlainMailMessage(string message) : this(Encoding.Latin1.GetBytes(message)) { }

    public ReadOnlyMemory<byte> Raw { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers => headers;

    public string FullText { get; }

    public IReadOnlyList<string> BodyText => bodyText ??= RenderBody();

    public IReadOnlyList<string> RawBodyText => rawBodyText ??= body.Length == 0 ? [] : [body];

    public IReadOnlyList<string> Uris => uris ??= UriPattern().Matches(body).Select(m => m.Value).Distinct().ToArray();

    public string? GetHeader(string spec)
    {
        string name = spec;
        string? modifier = null;
        int colon = spec.IndexOf(':');
        if (colon > 0)
        {
            name = spec[..colon];
            modifier = spec[(colon + 1)..].ToLowerInvariant();
        }
        if (name == "ALL")
            return headers.Count == 0 ? null : string.Concat(headers.Select(h => h.Key + ": " + h.Value + "\n"));
        if (name == "ToCc")
        {
            var to = GetHeader("To" + (modifier is null ? "" : ":" + modifier));
            var cc = GetHeader("Cc" + (modifier is null ? "" : ":" + modifier));
            return to is null && cc is null ? null : (to ?? "") + (cc ?? "");
        }
        if (name == "MESSAGEID") name = "Message-Id";
        var values = headers.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).ToList();
        if (values.Count == 0) return null;
        if (modifier is not null && modifier.Contains("first")) values = values.Take(1).ToList();
        if (modifier is not null && modifier.Contains("last")) values = values.TakeLast(1).ToList();
        // Address and name forms come without the trailing newline of raw values, as in SpamAssassin.
        if (modifier is not null && modifier.Contains("addr")) return string.Join("\n", values.Select(Address));
        if (modifier is not null && modifier.Contains("name")) return string.Join("\n", values.Select(DisplayName));
        return string.Concat(values.Select(v => v + "\n"));
    }

    private string[] RenderBody()
    {
        var lines = new List<string> { (GetHeader("Subject") ?? "").TrimEnd('\n') };
        foreach (var paragraph in body.Split("\n\n"))
        {
            string collapsed = Whitespace().Replace(paragraph, " ").Trim();
            if (collapsed.Length > 0) lines.Add(collapsed);
        }
        return lines.ToArray();
    }

    private static string Unfold(string head) => Regex.Replace(head, @"\n(?=[ \t])", "");

    private static string Address(string value)
    {
        var angle = Regex.Match(value, "<([^>]*)>");
        if (angle.Success) return angle.Groups[1].Value.Trim();
        var bare = Regex.Match(value, @"[^\s<>""(),;]+@[^\s<>""(),;]+");
        return bare.Success ? bare.Value : value.Trim();
    }

    private static string DisplayName(string value)
    {
        int angle = value.IndexOf('<');
        if (angle > 0) return value[..angle].Trim().Trim('"');
        var comment = Regex.Match(value, @"\(([^)]*)\)");
        return comment.Success ? comment.Groups[1].Value : "";
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"(?:https?://|www\.)[^\s<>""']+", RegexOptions.IgnoreCase)]
    private static partial Regex UriPattern();
}
