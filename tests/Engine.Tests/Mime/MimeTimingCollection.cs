namespace Spamd.Engine.Tests.Mime;

/// <summary>
/// The timing tests of the MIME reader and the corpus-wide fingerprint run one after the other: the fingerprint
/// keeps a core busy for seconds, which would skew the linear-time measurement next to it.
/// </summary>
[CollectionDefinition(Name)]
public sealed class MimeTimingCollection
{
    public const string Name = "MIME timing";
}
