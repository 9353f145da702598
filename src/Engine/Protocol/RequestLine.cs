using Spamd.Protocol;

namespace Spamd.Engine.Protocol;

/// <summary>A recognised request line: the method and the client's protocol version.</summary>
/// <param name="VersionText">The rest of the line after "SPAMC/", as sent (Latin-1).</param>
/// <param name="Version">That text read as a Perl number ("1.10" is 1.1, "abc" is 0).</param>
public readonly record struct RequestLine(SpamdMethod Method, double Version, string VersionText)
{
    /// <summary>Scanning methods read request headers only from clients newer than 1.0.</summary>
    public bool ReadsHeaders => Method switch
    {
        SpamdMethod.Tell => true,
        SpamdMethod.Ping or SpamdMethod.Skip => Version >= 1.5,
        _ => Version > 1.0,
    };

    public bool IsScan => Method is not (SpamdMethod.Tell or SpamdMethod.Ping or SpamdMethod.Skip);
}
