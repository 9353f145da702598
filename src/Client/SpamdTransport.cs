using System.Runtime.InteropServices;
using Spamd.Protocol;

namespace Spamd.Client;

/// <summary>
/// Where spamd is and how to reach it (libspamc's <c>transport_setup</c>, <c>_try_to_connect_tcp/unix</c>):
/// a Unix socket, or a list of host entries (each with all its addresses) tried in turn with retries.
/// </summary>
internal sealed class SpamdTransport
{
    private const int MaxHosts = 256;

    private readonly SpamcOptions options;
    private readonly List<List<SpamdAddress>> hosts = new();

    private SpamdTransport(SpamcOptions options) => this.options = options;

    /// <summary>Resolves the host names; returns Ok, NoHost (68) or TempFail (75).</summary>
    public static int Setup(SpamcOptions options, out SpamdTransport transport)
    {
        transport = new SpamdTransport(options);
        if (options.UseUnixSocket) return ExitCode.Ok;
        if (!options.UseTcpHosts)
        {
            // getaddrinfo(NULL): the loopback addresses, ::1 first.
            var loopback = new List<SpamdAddress>(2);
            if (options.IPv6) loopback.Add(SpamdAddress.IPv6Loopback);
            if (options.IPv4) loopback.Add(SpamdAddress.IPv4Loopback);
            transport.hosts.Add(loopback);
            return ExitCode.Ok;
        }
        return transport.ResolveHostList();
    }

    private int ResolveHostList()
    {
        bool temporary = false;
        foreach (var name in options.Hosts!.Split(','))
        {
            var addresses = Resolve(name, ref temporary);
            if (addresses == null) continue;
            if (hosts.Count == MaxHosts)
            {
                ClientLog.Write(ClientLog.Notice, $"hit limit of {MaxHosts} hosts, ignoring remainder");
                break;
            }
            hosts.Add(addresses);
        }
        if (hosts.Count == 0)
        {
            ClientLog.Error(temporary
                ? $"could not resolve any hosts ({options.Hosts}): a temporary error occurred"
                : $"could not resolve any hosts ({options.Hosts}): no such host");
            return temporary ? ExitCode.TempFail : ExitCode.NoHost;
        }
        if (options.RandomizeHosts && hosts.Count > 1)
            for (int shifts = Random.Shared.Next(hosts.Count); shifts > 0; shifts--) RotateHosts();
        // Without safe fallback there is no failover: keep the first host only.
        if (!options.SafeFallback && hosts.Count > 1) hosts.RemoveRange(1, hosts.Count - 1);
        return ExitCode.Ok;
    }

    private List<SpamdAddress>? Resolve(string name, ref bool temporary)
    {
        if (name.Length == 0) return null;
        if (SpamdAddress.TryParseDottedQuad(name, out var literal)) return options.IPv4 ? [literal] : null;
        return HostResolver.Resolve(name, options.IPv4, options.IPv6, ref temporary);
    }

    /// <summary>Moves the first host entry to the end (failover between filter retries, -H).</summary>
    public void RotateHosts()
    {
        if (hosts.Count <= 1) return;
        var first = hosts[0];
        hosts.RemoveAt(0);
        hosts.Add(first);
    }

    /// <summary>Connects to spamd; returns Ok or the exit code spamc gives for the failure.</summary>
    public int Connect(out NativeSocket? socket) =>
        options.SocketPath != null ? ConnectUnix(out socket) : ConnectTcp(out socket);

    private int ConnectUnix(out NativeSocket? socket)
    {
        var path = options.SocketPath!;
        int error = NativeSocket.Create(NativeSocket.AF_UNIX, out socket);
        if (error != 0) return SocketCreationError("PF_UNIX", error);
        error = socket!.Connect(NativeSocket.UnixAddress(path), options.ConnectTimeout);
        if (error == 0) return ExitCode.Ok;
        socket.Dispose();
        socket = null;
        ClientLog.Error($"connect(AF_UNIX) to spamd using --socket='{path}' failed: {Describe(error)}");
        return TranslateConnectError(error);
    }

    private int ConnectTcp(out NativeSocket? socket)
    {
        socket = null;
        int retries = options.ConnectRetries == 0 ? 3 : options.ConnectRetries;
        int sleep = options.RetrySleep < 0 ? 1 : options.RetrySleep;
        int lastError = 0;
        for (int attempt = 0; attempt < retries; attempt++)
        {
            bool innocent = false;
            foreach (var address in hosts[attempt % hosts.Count])
            {
                int family = address.IsIPv4 ? NativeSocket.AF_INET : NativeSocket.AF_INET6;
                if (NativeSocket.Create(family, out var s) != 0) continue;
                int error;
                if (address.IsBroadcast)
                {
                    ClientLog.Error($"connect to spamd on {address.Text} failed, broadcast addr");
                    error = lastError;
                }
                else
                {
                    error = s!.Connect(NativeSocket.InetAddress(address.Bytes, options.Port), options.ConnectTimeout);
                    if (error == 0)
                    {
                        socket = s;
                        return ExitCode.Ok;
                    }
                    lastError = error;
                }
                s!.Dispose();
                // A refused connection with more hosts to try is expected during failover.
                innocent = error == NativeSocket.ECONNREFUSED && attempt + 1 < hosts.Count;
                ClientLog.Write(innocent ? ClientLog.Debug : ClientLog.Err,
                    $"connect to spamd on {address.Text} failed, retrying (#{attempt + 1} of {retries}): {Describe(error)}");
            }
            if (attempt + 1 < retries && !innocent && sleep > 0) Thread.Sleep(sleep * 1000);
        }
        ClientLog.Error($"connection attempt to spamd aborted after {retries} retries");
        return TranslateConnectError(lastError);
    }

    private static string Describe(int errno) => errno == 0 ? "Success" : Marshal.GetPInvokeErrorMessage(errno);

    /// <summary>libspamc's <c>_translate_connect_errno</c>.</summary>
    private static int TranslateConnectError(int errno) => errno switch
    {
        NativeSocket.ECONNREFUSED or NativeSocket.ETIMEDOUT or NativeSocket.ENETUNREACH => ExitCode.Unavailable,
        NativeSocket.EACCES => ExitCode.NoPerm,
        _ => ExitCode.Software,
    };

    private static int SocketCreationError(string family, int errno)
    {
        ClientLog.Error($"socket({family}) to spamd failed: {Describe(errno)}");
        return errno switch
        {
            NativeSocket.EACCES => ExitCode.NoPerm,
            23 or 24 or 105 or 12 => ExitCode.OsErr, // ENFILE, EMFILE, ENOBUFS, ENOMEM
            _ => ExitCode.Software,
        };
    }
}
