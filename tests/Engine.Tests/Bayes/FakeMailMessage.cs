using System.Text;
using Spamd.Engine.Mime;

namespace Spamd.Engine.Tests.Bayes;

/// <summary>A hand-built message for tokenizer and classifier tests.</summary>
internal sealed class FakeMailMessage : IMailMessage
{
    public FakeMailMessage(IEnumerable<(string Name, string Value)> headers, IEnumerable<string> body, IEnumerable<string>? uris = null)
    {
        Headers = headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value)).ToList();
        BodyText = body.ToList();
        Uris = (uris ?? []).ToList();
        FullText = string.Concat(Headers.Select(h => $"{h.Key}: {h.Value}\n")) + "\n" + string.Join("\n", BodyText);
        Raw = Encoding.Latin1.GetBytes(FullText);
    }

    public ReadOnlyMemory<byte> Raw { get; }
    public string? GetHeader(string spec)
    {
        var values = Headers.Where(h => h.Key.Equals(spec, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value + "\n").ToList();
        return values.Count == 0 ? null : string.Concat(values);
    }
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }
    public IReadOnlyList<string> BodyText { get; }
    public IReadOnlyList<string> RawBodyText => BodyText;
    public string FullText { get; }
    public IReadOnlyList<string> Uris { get; }
}
