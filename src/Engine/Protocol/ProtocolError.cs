using System.Text;

namespace Spamd.Engine.Protocol;

/// <summary>
/// An error answer: <c>SPAMD/1.0 &lt;code&gt; &lt;text&gt;\r\n</c>, after which the connection is closed.
/// The text is kept as a Latin-1 string so bytes echoed from the request go back unchanged.
/// </summary>
public sealed record ProtocolError(int Code, string Text)
{
    /// <summary>76 EX_PROTOCOL: "Bad header line: <paramref name="detail"/>".</summary>
    public static ProtocolError BadHeader(string detail) => new(Spamd.Protocol.ExitCode.Protocol, "Bad header line: " + detail);

    /// <summary>69 EX_UNAVAILABLE: "Service Unavailable: <paramref name="detail"/>".</summary>
    public static ProtocolError Unavailable(string detail) => new(Spamd.Protocol.ExitCode.Unavailable, "Service Unavailable: " + detail);

    /// <summary>79 (spamd's timeout code): "Timeout: <paramref name="detail"/>".</summary>
    public static ProtocolError Timeout(string detail) => new(Spamd.Protocol.ExitCode.Timeout, "Timeout: " + detail);

    public static ProtocolError ClosedBeforeHeaders { get; } = BadHeader("(closed before headers)");
    public static ProtocolError EofDuringHeaders { get; } = BadHeader("(EOF during headers)");
    public static ProtocolError NotNameValue { get; } = BadHeader("(header not in 'Name: value' format)");
    public static ProtocolError TooManyHeaders { get; } = BadHeader("(too many headers)");
    public static ProtocolError NonNumericContentLength { get; } = BadHeader("(Content-Length contains non-numeric bytes)");
    public static ProtocolError UserControlChars { get; } = BadHeader("(User header contains control chars)");
    public static ProtocolError TellNotEnabled { get; } = Unavailable("TELL commands are not enabled, set the --allow-tell switch.");
    public static ProtocolError CompressNeedsLength { get; } = Unavailable("Compress requires Content-length header");
    /// <summary>spamd's text ends with the "\n" of Perl's die message, so the line ends "\n\r\n".</summary>
    public static ProtocolError ZlibNoStreamEnd { get; } = Unavailable("zlib: failed to find end of zlib stream\n");
    public static ProtocolError SetAndRemoveLocal { get; } = BadHeader("Unable to set local and remove local in the same operation.");
    public static ProtocolError SetAndRemoveRemote { get; } = BadHeader("Unable to set remote and remove remote in the same operation.");

    /// <summary>Our own: no learner (Bayes store) is configured, so TELL cannot learn.</summary>
    public static ProtocolError LearningUnavailable { get; } = Unavailable("learning unavailable: no Bayes store is configured");

    public static ProtocolError UnknownRequestLine(ReadOnlySpan<byte> line) => BadHeader(Encoding.Latin1.GetString(line));

    public static ProtocolError CompressionNotSupported(string value) => BadHeader($"(compression type not supported: {value})");

    public static ProtocolError LengthMismatch(string expected, long actual) =>
        BadHeader($"(Content-Length mismatch: Expected {expected} bytes, got {actual} bytes)");

    public static ProtocolError RequestLineTimeout(int seconds) =>
        Timeout($"({seconds} second socket timeout reading input from client)");

    public static ProtocolError RequestTimeout(int seconds, string method) =>
        Timeout($"({seconds} second timeout while trying to {method})");

    /// <summary>Our own limit (spamd has none): the message is larger than --max-message-size.</summary>
    public static ProtocolError MessageTooLarge(long limit) =>
        Unavailable($"message exceeds the maximum message size of {limit} bytes");

    /// <summary>Our own limit: the zlib body inflates to more than --max-message-size.</summary>
    public static ProtocolError InflatedTooLarge(long limit) =>
        Unavailable($"zlib: inflated message exceeds the maximum message size of {limit} bytes");

    /// <summary>Our own limit (spamd has none): a request or header line longer than we buffer.</summary>
    public static ProtocolError LineTooLong { get; } = BadHeader("(line too long)");

    public override string ToString() => $"SPAMD/1.0 {Code} {Text}";
}
