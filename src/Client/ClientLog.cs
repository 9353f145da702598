using System.Net.Sockets;
using System.Text;

namespace Spamd.Client;

/// <summary>
/// spamc's logging: <c>spamc: &lt;message&gt;</c> on stderr with <c>-l</c>, otherwise syslog (facility mail,
/// ident <c>spamc[pid]</c>) through the <c>/dev/log</c> datagram socket, best effort.
/// </summary>
internal static class ClientLog
{
    public const int Err = 3, Notice = 5, Debug = 7;
    private const int FacilityMail = 2 << 3;
    private const int MaxLength = 1023;

    /// <summary>Set as soon as <c>-l</c> is parsed, like libspamc's flag.</summary>
    public static bool ToStderr;

    public static void Error(string message) => Write(Err, message);

    public static void Write(int level, string message)
    {
        if (ToStderr)
        {
            var text = "spamc: " + message;
            if (text.Length > MaxLength - 3) text = text[..(MaxLength - 3)];
            WriteStderr(text + "\n");
            return;
        }
        if (message.Length > MaxLength) message = message[..MaxLength];
        Syslog(level, message);
    }

    public static void WriteStderr(string text)
    {
        try { StandardStreams.Error.Write(Encoding.UTF8.GetBytes(text)); }
        catch (IOException) { }
    }

    private static void Syslog(int level, string message)
    {
        try
        {
            var now = DateTime.Now;
            var line = $"<{FacilityMail | level}>{MonthNames[now.Month - 1]} {now.Day,2} {now:HH:mm:ss} spamc[{Environment.ProcessId}]: {message}";
            using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            socket.Connect(new UnixDomainSocketEndPoint("/dev/log"));
            socket.Send(Encoding.UTF8.GetBytes(line));
        }
        catch (SocketException) { }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private static readonly string[] MonthNames =
        { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
}
