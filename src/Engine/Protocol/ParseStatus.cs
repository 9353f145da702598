namespace Spamd.Engine.Protocol;

/// <summary>Outcome of one parsing step over the bytes received so far.</summary>
public enum ParseStatus
{
    /// <summary>More bytes are needed; call again when they arrive (or when the input is complete).</summary>
    NeedMoreData,
    /// <summary>This part of the request is complete.</summary>
    Done,
    /// <summary>The request is malformed; answer with the error and close.</summary>
    Error,
}
