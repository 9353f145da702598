namespace Spamd.Engine.Scanning;

/// <summary>Which messages an add_header line applies to.</summary>
public enum HeaderAudience { Spam, Ham, All }

/// <summary>One add_header line: X-Spam-<see cref="Name"/> with a template value (tags like _SCORE_).</summary>
public sealed record AddedHeader(HeaderAudience Audience, string Name, string Template);
