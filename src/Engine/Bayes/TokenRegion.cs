namespace Spamd.Engine.Bayes;

/// <summary>Where a line comes from; SpamAssassin splits header, body and URI text slightly differently.</summary>
internal enum TokenRegion { Header = 0, Body = 1, Uri = 2 }
