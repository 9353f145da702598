namespace Spamd.Daemon.Users;

/// <summary>An entry of /etc/passwd.</summary>
public sealed record PasswdEntry(string Name, int Uid, int Gid, string Home);

/// <summary>
/// User and group look-ups from /etc/passwd and /etc/group (the files, not NSS: enough for local users,
/// which is what spamd's per-user preferences are about).
/// </summary>
public static class UserDatabase
{
    public static PasswdEntry? FindUser(string name)
    {
        foreach (var fields in Entries("/etc/passwd"))
            if (fields.Length >= 6 && fields[0] == name && int.TryParse(fields[2], out var uid) && int.TryParse(fields[3], out var gid))
                return new PasswdEntry(fields[0], uid, gid, fields[5]);
        return null;
    }

    public static int? FindGroupId(string name)
    {
        foreach (var fields in Entries("/etc/group"))
            if (fields.Length >= 3 && fields[0] == name && int.TryParse(fields[2], out var gid)) return gid;
        return null;
    }

    private static IEnumerable<string[]> Entries(string file)
    {
        if (!File.Exists(file)) yield break;
        foreach (var line in File.ReadLines(file))
            if (line.Length > 0 && line[0] != '#') yield return line.Split(':');
    }
}
