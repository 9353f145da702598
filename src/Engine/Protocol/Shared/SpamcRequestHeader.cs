using System.Text;

namespace Spamd.Protocol;

/// <summary>
/// The request header block spamc 4.0.1 sends, field by field in its order:
/// scans <c>METHOD SPAMC/1.5</c>, <c>User</c>, <c>Compress</c>, <c>Content-length</c>;
/// TELL <c>Message-class</c>, <c>Set</c>, <c>Remove</c>, <c>User</c>, <c>Content-length</c>; PING only the request line.
/// Every header block ends with an empty CRLF line.
/// </summary>
public static class SpamcRequestHeader
{
    public const string ProtocolVersion = "SPAMC/1.5";

    public static byte[] ForScan(SpamdMethod method, string? user, bool compressed, int contentLength)
    {
        var sb = new StringBuilder(96);
        sb.Append(method.ToWireName()).Append(' ').Append(ProtocolVersion).Append("\r\n");
        if (method != SpamdMethod.Ping)
        {
            if (user != null) sb.Append("User: ").Append(user).Append("\r\n");
            if (compressed) sb.Append("Compress: zlib\r\n");
            sb.Append("Content-length: ").Append(contentLength).Append("\r\n");
        }
        sb.Append("\r\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <param name="messageClass">"spam", "ham" or null for none.</param>
    public static byte[] ForTell(string? messageClass, TellActions actions, string? user, int contentLength)
    {
        var sb = new StringBuilder(128);
        sb.Append("TELL ").Append(ProtocolVersion).Append("\r\n");
        if (messageClass != null) sb.Append("Message-class: ").Append(messageClass).Append("\r\n");
        AppendTargets(sb, "Set: ", (actions & TellActions.SetLocal) != 0, (actions & TellActions.SetRemote) != 0);
        AppendTargets(sb, "Remove: ", (actions & TellActions.RemoveLocal) != 0, (actions & TellActions.RemoveRemote) != 0);
        if (user != null) sb.Append("User: ").Append(user).Append("\r\n");
        sb.Append("Content-length: ").Append(contentLength).Append("\r\n\r\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static void AppendTargets(StringBuilder sb, string name, bool local, bool remote)
    {
        if (!local && !remote) return;
        sb.Append(name);
        if (local) sb.Append("local");
        if (local && remote) sb.Append(',');
        if (remote) sb.Append("remote");
        sb.Append("\r\n");
    }
}
