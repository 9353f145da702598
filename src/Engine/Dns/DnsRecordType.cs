namespace Spamd.Engine.Dns;

/// <summary>The resource record types the DNS tests ask for or read (RFC 1035 / RFC 3596 codes).</summary>
public enum DnsRecordType : ushort
{
    A = 1,
    NS = 2,
    CNAME = 5,
    MX = 15,
    TXT = 16,
    AAAA = 28,
}

/// <summary>Response codes the tests distinguish (RFC 1035 4.1.1).</summary>
public enum DnsResponseCode : byte
{
    NoError = 0,
    FormatError = 1,
    ServerFailure = 2,
    NameError = 3,
    NotImplemented = 4,
    Refused = 5,
}
