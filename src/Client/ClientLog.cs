using System.Runtime.InteropServices;
using System.Text;

namespace Spamd.Client;

/// <summary>
/// spamc's logging: <c>spamc: &lt;message&gt;</c> on stderr with <c>-l</c>, otherwise syslog (facility mail,
/// ident <c>spamc[pid]</c>) through the <c>/dev/log</c> datagram socket, best effort.
/// </summary>
internal static unsafe partial class ClientLog
{
    public const int Err = 3, Notice = 5, Debug = 7;
    private const int FacilityMail = 2 << 3;
    private const int MaxLength = 1023;
    private const string SyslogSocket = "/dev/log";

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

    /// <summary>What glibc's syslog() sends: <c>&lt;pri&gt;Mmm dd hh:mm:ss spamc[pid]: message</c>, in local time.</summary>
    private static void Syslog(int level, string message)
    {
        if (!File.Exists(SyslogSocket)) return;
        var line = $"<{FacilityMail | level}>{LocalTimestamp()} spamc[{Environment.ProcessId}]: {message}";
        NativeSocket.SendDatagram(SyslogSocket, Encoding.UTF8.GetBytes(line));
    }

    /// <summary>strftime("%h %e %T") of the local time, straight from libc (TimeZoneInfo is slow to start).</summary>
    private static string LocalTimestamp()
    {
        long now = Time(null);
        byte* tm = stackalloc byte[128];
        byte* text = stackalloc byte[64];
        if (LocalTime(&now, tm) == null) return "";
        fixed (byte* format = "%h %e %T\0"u8)
        {
            nuint length = StrFTime(text, 64, format, tm);
            return Encoding.ASCII.GetString(text, (int)length);
        }
    }

    [LibraryImport("libc", EntryPoint = "time")]
    private static partial long Time(long* t);

    [LibraryImport("libc", EntryPoint = "localtime_r")]
    private static partial void* LocalTime(long* t, byte* tm);

    [LibraryImport("libc", EntryPoint = "strftime")]
    private static partial nuint StrFTime(byte* text, nuint max, byte* format, byte* tm);
}
