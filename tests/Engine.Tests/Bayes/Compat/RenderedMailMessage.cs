using System.Text;
using System.Text.Json;
using Spamd.Engine.Bayes;
using Spamd.Engine.Mime;

namespace Spamd.Engine.Tests.Bayes.Compat;

/// <summary>
/// A message as SpamAssassin itself rendered it (from sa-renderings.pl): isolates our tokenizer from
/// differences in MIME parsing when comparing tokens.
/// </summary>
internal sealed class RenderedMailMessage : IMailMessage
{
    private readonly Dictionary<string, string> metadata;

    public RenderedMailMessage(JsonElement json)
    {
        File = json.GetProperty("file").GetString()!;
        Headers = Pairs(json.GetProperty("headers")).ToList();
        metadata = Pairs(json.GetProperty("metadata")).ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);
        BodyText = Strings(json.GetProperty("body"));
        InvisibleBodyText = Strings(json.GetProperty("invisible"));
        Uris = Strings(json.GetProperty("uris"));
        Raw = System.IO.File.ReadAllBytes(File);
        FullText = Encoding.Latin1.GetString(Raw.Span);
    }

    public string File { get; }
    public ReadOnlyMemory<byte> Raw { get; }
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }
    public IReadOnlyList<string> BodyText { get; }
    public IReadOnlyList<string> InvisibleBodyText { get; }
    public IReadOnlyList<string> RawBodyText => BodyText;
    public string FullText { get; }
    public IReadOnlyList<string> Uris { get; }

    public string? GetHeader(string spec)
    {
        if (metadata.TryGetValue(spec, out string? value)) return value + "\n";
        var values = Headers.Where(h => h.Key.Equals(spec, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value + "\n").ToList();
        return values.Count == 0 ? null : string.Concat(values);
    }

    private static IEnumerable<KeyValuePair<string, string>> Pairs(JsonElement array) =>
        array.EnumerateArray().Select(p => new KeyValuePair<string, string>(p[0].GetString()!, p[1].GetString()!));

    private static List<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToList();
}
