using Spamd.Engine.Mime;

namespace Spamd.Engine.Tests.Rules;

/// <summary>An IMailMessage whose renderings a test sets directly.</summary>
internal sealed class FakeMailMessage : IMailMessage
{
    public Dictionary<string, string> HeaderValues { get; } = new(StringComparer.OrdinalIgnoreCase);

    public ReadOnlyMemory<byte> Raw { get; init; } = ReadOnlyMemory<byte>.Empty;

    public string? GetHeader(string spec) => HeaderValues.TryGetValue(spec, out var value) ? value : null;

    public IReadOnlyList<KeyValuePair<string, string>> Headers => HeaderValues.ToList();

    public IReadOnlyList<string> BodyText { get; init; } = [];

    public IReadOnlyList<string> RawBodyText { get; init; } = [];

    public string FullText { get; init; } = "";

    public IReadOnlyList<string> Uris { get; init; } = [];

    public FakeMailMessage With(string spec, string value)
    {
        HeaderValues[spec] = value;
        return this;
    }
}
