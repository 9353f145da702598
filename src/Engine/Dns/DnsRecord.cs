namespace Spamd.Engine.Dns;

/// <summary>
/// One answer record, its data already in text form: a dotted quad for A, the canonical IPv6 text for AAAA,
/// the character-strings joined for TXT (as SpamAssassin joins txtdata), a host name for NS, CNAME and MX.
/// Types the tests do not read keep an empty <see cref="Data"/>.
/// </summary>
public readonly record struct DnsRecord(string Name, DnsRecordType Type, uint TimeToLive, string Data);
