using System.Collections.Concurrent;
using System.Net.Sockets;

namespace Spamd.LoadDriver;

/// <summary>Names of the ways a request can fail, as they appear in the report.</summary>
public static class ErrorKinds
{
    public const string Connect = "connect";
    public const string Timeout = "timeout";
    public const string ClosedEarly = "closed-early";
    public const string BadStatus = "bad-status";
    public const string BadHeader = "bad-header";
    public const string NoSpamHeader = "no-spam-header";
    public const string NoContentLength = "no-content-length";
    public const string ReplyTooLarge = "reply-too-large";

    private static readonly ConcurrentDictionary<int, string> CodeNames = new();
    private static readonly ConcurrentDictionary<SocketError, string> SocketNames = new();

    /// <summary>A non-zero status code from the server, e.g. <c>server-76</c> for "Bad header line".</summary>
    public static string ServerCode(int code) => CodeNames.GetOrAdd(code, c => "server-" + c);

    /// <summary>A socket failure after the connection was up, e.g. <c>socket-ConnectionReset</c>.</summary>
    public static string Socket(SocketError error) => SocketNames.GetOrAdd(error, e => "socket-" + e);
}
