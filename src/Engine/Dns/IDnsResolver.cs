namespace Spamd.Engine.Dns;

/// <summary>
/// Asks DNS one question. Answers null when no usable response came (timeout, network error, malformed or
/// mismatched reply, cancellation); a NXDOMAIN is a response with <see cref="DnsResponseCode.NameError"/>.
/// Implementations are thread-safe: one scan runs many questions at once.
/// </summary>
public interface IDnsResolver
{
    Task<DnsMessage?> QueryAsync(string name, DnsRecordType type, CancellationToken cancellationToken);
}

/// <summary>
/// Carries one query datagram to a server and returns the first reply datagram (the socket side, which the
/// engine does not own: the daemon supplies a UDP implementation, tests may supply an in-memory one).
/// </summary>
public interface IDnsTransport
{
    Task<byte[]> ExchangeAsync(System.Net.IPEndPoint server, ReadOnlyMemory<byte> query, CancellationToken cancellationToken);
}
