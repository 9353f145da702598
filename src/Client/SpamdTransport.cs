using System.Net;
using System.Net.Sockets;
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
    private readonly List<IPAddress[]> hosts = new();

    private SpamdTransport(SpamcOptions options) => this.options = options;

    public int HostCount => hosts.Count;

    /// <summary>Resolves the host names; returns Ok, NoHost (68) or TempFail (75).</summary>
    public static int Setup(SpamcOptions options, out SpamdTransport transport)
    {
        transport = new SpamdTransport(options);
        if (options.UseUnixSocket) return ExitCode.Ok;
        if (!options.UseTcpHosts)
        {
            // getaddrinfo(NULL): the loopback addresses, ::1 first.
            var loopback = new List<IPAddress>(2);
            if (options.IPv6) loopback.Add(IPAddress.IPv6Loopback);
            if (options.IPv4) loopback.Add(IPAddress.Loopback);
            transport.hosts.Add(loopback.ToArray());
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
            if (addresses.Length == 0) { temporary = true; continue; }
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

    private IPAddress[]? Resolve(string name, ref bool temporary)
    {
        if (IPAddress.TryParse(name, out var literal) && name.IndexOf('%') < 0)
            return FamilyAllowed(literal) ? new[] { literal } : null;
        if (name.Length == 0) return null;
        try
        {
            var all = Dns.GetHostAddresses(name);
            var allowed = new List<IPAddress>(all.Length);
            foreach (var a in all) if (FamilyAllowed(a)) allowed.Add(a);
            return allowed.Count == 0 ? null : allowed.ToArray();
        }
        catch (SocketException e)
        {
            ClientLog.Write(ClientLog.Debug, $"getaddrinfo({name}) failed: {e.Message}");
            if (e.SocketErrorCode == SocketError.TryAgain) temporary = true;
            return null;
        }
        catch (ArgumentException) { return null; }
    }

    private bool FamilyAllowed(IPAddress a) =>
        a.AddressFamily == AddressFamily.InterNetwork ? options.IPv4 : a.AddressFamily == AddressFamily.InterNetworkV6 && options.IPv6;

    /// <summary>Moves the first host entry to the end (failover between filter retries, -H).</summary>
    public void RotateHosts()
    {
        if (hosts.Count <= 1) return;
        var first = hosts[0];
        hosts.RemoveAt(0);
        hosts.Add(first);
    }

    /// <summary>Connects to spamd; returns Ok or the exit code spamc gives for the failure.</summary>
    public int Connect(out Socket? socket) =>
        options.SocketPath != null ? ConnectUnix(out socket) : ConnectTcp(out socket);

    private int ConnectUnix(out Socket? socket)
    {
        socket = null;
        var path = options.SocketPath!;
        Socket s;
        try { s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified); }
        catch (SocketException e) { return SocketCreationError("PF_UNIX", e); }
        try
        {
            ConnectWithTimeout(s, new UnixDomainSocketEndPoint(path));
            socket = s;
            return ExitCode.Ok;
        }
        catch (Exception e) when (e is SocketException or ArgumentException or TimeoutException)
        {
            s.Dispose();
            // .NET reports a missing socket file as "address not available"; spamc shows connect()'s ENOENT.
            string reason = File.Exists(path) ? Describe(e) : "No such file or directory";
            ClientLog.Error($"connect(AF_UNIX) to spamd using --socket='{path}' failed: {reason}");
            return TranslateConnectError(e);
        }
    }

    private int ConnectTcp(out Socket? socket)
    {
        socket = null;
        int retries = options.ConnectRetries == 0 ? 3 : options.ConnectRetries;
        int sleep = options.RetrySleep < 0 ? 1 : options.RetrySleep;
        Exception? lastError = null;
        for (int attempt = 0; attempt < retries; attempt++)
        {
            bool innocent = false;
            foreach (var address in hosts[attempt % hosts.Count])
            {
                Socket s;
                try { s = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp); }
                catch (SocketException) { continue; }
                if (address.Equals(IPAddress.Broadcast))
                {
                    string host = address.ToString();
                    // spamc's "always fail" address for tests.
                    ClientLog.Error($"connect to spamd on {host} failed, broadcast addr");
                    s.Dispose();
                    innocent = false;
                    ClientLog.Error($"connect to spamd on {host} failed, retrying (#{attempt + 1} of {retries}): {Describe(lastError)}");
                    continue;
                }
                try
                {
                    ConnectWithTimeout(s, new IPEndPoint(address, options.Port));
                    socket = s;
                    return ExitCode.Ok;
                }
                catch (Exception e) when (e is SocketException or TimeoutException)
                {
                    s.Dispose();
                    lastError = e;
                    innocent = e is SocketException { SocketErrorCode: SocketError.ConnectionRefused } && attempt + 1 < hosts.Count;
                    ClientLog.Write(innocent ? ClientLog.Debug : ClientLog.Err,
                        $"connect to spamd on {address} failed, retrying (#{attempt + 1} of {retries}): {Describe(e)}");
                }
            }
            if (attempt + 1 < retries && !innocent && sleep > 0) Thread.Sleep(sleep * 1000);
        }
        ClientLog.Error($"connection attempt to spamd aborted after {retries} retries");
        return TranslateConnectError(lastError);
    }

    /// <summary>connect() under spamc's alarm: an interrupted connect is a software error (EINTR).</summary>
    private void ConnectWithTimeout(Socket s, EndPoint endPoint)
    {
        if (options.ConnectTimeout <= 0)
        {
            s.Connect(endPoint);
            return;
        }
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(options.ConnectTimeout));
        try { s.ConnectAsync(endPoint, cts.Token).AsTask().GetAwaiter().GetResult(); }
        catch (OperationCanceledException) { throw new TimeoutException("Interrupted system call"); }
    }

    private static string Describe(Exception? e) => e switch
    {
        null => "Success",
        SocketException se => System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(se.NativeErrorCode),
        _ => e.Message,
    };

    /// <summary>libspamc's <c>_translate_connect_errno</c>.</summary>
    private static int TranslateConnectError(Exception? e) => e switch
    {
        SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.TimedOut or SocketError.NetworkUnreachable } => ExitCode.Unavailable,
        SocketException { SocketErrorCode: SocketError.AccessDenied } => ExitCode.NoPerm,
        _ => ExitCode.Software,
    };

    private static int SocketCreationError(string family, SocketException e)
    {
        ClientLog.Error($"socket({family}) to spamd failed: {Describe(e)}");
        return e.SocketErrorCode is SocketError.TooManyOpenSockets or SocketError.NoBufferSpaceAvailable
            ? ExitCode.OsErr : ExitCode.Software;
    }
}
