namespace Spamd.Engine.Dns;

/// <summary>
/// A DNS message reduced to what a DNSBL client and a test responder need: the header's id, flags and
/// response code, the first question, and the answer section.
/// </summary>
public sealed record DnsMessage
{
    public required ushort Id { get; init; }
    public required bool IsResponse { get; init; }
    public DnsResponseCode ResponseCode { get; init; }
    public bool RecursionDesired { get; init; } = true;
    public bool Truncated { get; init; }

    /// <summary>The question's name without a trailing dot, as written (DNS names compare case-insensitively).</summary>
    public required string QuestionName { get; init; }
    public required DnsRecordType QuestionType { get; init; }
    public IReadOnlyList<DnsRecord> Answers { get; init; } = [];
}

/// <summary>Bytes that are not a well-formed DNS message (or not one we asked for).</summary>
public sealed class DnsFormatException(string message) : Exception(message);
