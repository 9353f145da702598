using Spamd.Daemon.Users;

namespace Spamd.Daemon.Lifecycle;

/// <summary>
/// -u/--username (and -g): once the sockets are bound, a daemon started as root switches to that user for
/// good, as spamd's children do. Started as another user, the option only has to name that user.
/// </summary>
public static class PrivilegeDrop
{
    /// <returns>A message for the log, or null when nothing was to be done.</returns>
    /// <exception cref="InvalidOperationException">The user or group is unknown, or the switch failed.</exception>
    public static string? Apply(string? userName, string? groupName)
    {
        if (userName == null) return null;
        var user = UserDatabase.FindUser(userName) ?? throw new InvalidOperationException($"spamd: user '{userName}' not found");
        if (user.Uid == 0) throw new InvalidOperationException("spamd: will not run as root, use -u with a normal user");
        uint gid = (uint)user.Gid;
        if (groupName != null) gid = (uint)(UserDatabase.FindGroupId(groupName) ?? throw new InvalidOperationException($"spamd: group '{groupName}' not found"));

        if (Native.geteuid() != 0)
        {
            if (Native.geteuid() == user.Uid) return null;
            throw new InvalidOperationException($"spamd: cannot switch to user '{userName}' without root privileges");
        }
        // Order matters: groups first, while we still may change them.
        if (Native.setgroups(1, [gid]) != 0 || Native.setgid(gid) != 0 || Native.setuid((uint)user.Uid) != 0)
            throw new InvalidOperationException($"spamd: setuid to {userName} failed: {Native.LastError()}");
        return $"spamd: running as {userName} (uid {user.Uid}, gid {gid})";
    }
}
