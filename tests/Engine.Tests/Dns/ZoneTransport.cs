using System.Collections.Concurrent;
using System.Net;
using Spamd.Engine.Dns;

namespace Spamd.Engine.Tests.Dns;

/// <summary>
/// An in-memory DNS server behind the <see cref="IDnsTransport"/> seam: decodes each query with the real codec,
/// answers from its zone (NXDOMAIN otherwise) with encoded bytes, and records every question it was asked.
/// </summary>
internal sealed class ZoneTransport : IDnsTransport
{
    private readonly Dictionary<(string, DnsRecordType), List<string>> zone = [];

    public ConcurrentQueue<(IPEndPoint Server, string Name, DnsRecordType Type)> Asked { get; } = new();

    /// <summary>Delay before each answer (to test the deadline).</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>When the last question came in (Stopwatch timestamp): the scan's wait counts from there.</summary>
    public long LastAskedAt { get; private set; }

    /// <summary>The response code of answers for known names (NOERROR unless a test wants a failure).</summary>
    public DnsResponseCode AnswerCode { get; init; } = DnsResponseCode.NoError;

    /// <summary>Servers that never answer (their questions are still recorded).</summary>
    public HashSet<IPEndPoint> Silent { get; } = [];

    /// <summary>Names that never get an answer (lower case).</summary>
    public HashSet<string> SilentNames { get; } = [];

    public ZoneTransport Add(string name, DnsRecordType type, params string[] data)
    {
        var key = (name.TrimEnd('.').ToLowerInvariant(), type);
        if (!zone.TryGetValue(key, out var list)) zone[key] = list = [];
        list.AddRange(data);
        return this;
    }

    public IEnumerable<string> Names => Asked.Select(q => q.Name.ToLowerInvariant());

    public async Task<byte[]> ExchangeAsync(IPEndPoint server, ReadOnlyMemory<byte> query, CancellationToken cancellationToken)
    {
        var question = DnsWire.Parse(query.Span);
        Asked.Enqueue((server, question.QuestionName, question.QuestionType));
        LastAskedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        if (Silent.Contains(server) || SilentNames.Contains(question.QuestionName.ToLowerInvariant()))
            await Task.Delay(Timeout.Infinite, cancellationToken);
        if (Delay > TimeSpan.Zero) await Task.Delay(Delay, cancellationToken);
        return DnsWire.Build(Answer(question));
    }

    public DnsMessage Answer(DnsMessage question)
    {
        var key = (question.QuestionName.ToLowerInvariant(), question.QuestionType);
        bool exists = zone.Keys.Any(k => k.Item1 == key.Item1);
        var records = zone.GetValueOrDefault(key) ?? [];
        return question with
        {
            IsResponse = true,
            ResponseCode = exists ? AnswerCode : DnsResponseCode.NameError,
            Answers = records.Select(d => new DnsRecord(question.QuestionName, question.QuestionType, 300, d)).ToList(),
        };
    }
}
