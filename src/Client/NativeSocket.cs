using System.Runtime.InteropServices;

namespace Spamd.Client;

/// <summary>
/// A blocking stream socket straight on libc (socket, connect, send, recv, poll). spamc starts once per message:
/// System.Net.Sockets would load seven more assemblies and start its epoll thread for a single exchange.
/// Failures are reported as errno values, which is what spamc's exit codes are derived from.
/// </summary>
internal sealed unsafe partial class NativeSocket : IDisposable
{
    public const int AF_UNIX = 1, AF_INET = 2, AF_INET6 = 10;
    public const int EINTR = 4, EACCES = 13, EINPROGRESS = 115, ENETUNREACH = 101, ETIMEDOUT = 110, ECONNREFUSED = 111;
    private const int SOCK_STREAM = 1, SOCK_DGRAM = 2, SOCK_CLOEXEC = 0x80000, SHUT_WR = 1, MSG_NOSIGNAL = 0x4000;
    private const short POLLIN = 1, POLLOUT = 4;
    private const int F_GETFL = 3, F_SETFL = 4, O_NONBLOCK = 0x800, SOL_SOCKET = 1, SO_ERROR = 4;

    private int fd;

    private NativeSocket(int fd) => this.fd = fd;

    /// <summary>Creates a socket; returns 0 or errno.</summary>
    public static int Create(int family, out NativeSocket? socket)
    {
        int fd = Socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
        socket = fd >= 0 ? new NativeSocket(fd) : null;
        return fd >= 0 ? 0 : Marshal.GetLastSystemError();
    }

    /// <summary>connect(); with a timeout, giving up counts as EINTR (spamc's alarm interrupting connect).</summary>
    public int Connect(ReadOnlySpan<byte> address, int timeoutSeconds)
    {
        fixed (byte* a = address)
        {
            if (timeoutSeconds <= 0)
                return ConnectTo(fd, a, (uint)address.Length) == 0 ? 0 : Marshal.GetLastSystemError();

            int flags = Fcntl(fd, F_GETFL, 0);
            Fcntl(fd, F_SETFL, flags | O_NONBLOCK);
            int error = 0;
            if (ConnectTo(fd, a, (uint)address.Length) != 0)
            {
                error = Marshal.GetLastSystemError();
                if (error == EINPROGRESS)
                {
                    if (!Wait(POLLOUT, timeoutSeconds)) error = EINTR;
                    else
                    {
                        int soError = 0;
                        uint length = sizeof(int);
                        GetSockOpt(fd, SOL_SOCKET, SO_ERROR, &soError, &length);
                        error = soError;
                    }
                }
            }
            Fcntl(fd, F_SETFL, flags);
            return error;
        }
    }

    /// <summary>Sends everything; returns false on an error (spamc does not look at write errors on plain sockets).</summary>
    public bool SendAll(ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            int sent = 0;
            while (sent < data.Length)
            {
                nint n = Send(fd, p + sent, (nuint)(data.Length - sent), MSG_NOSIGNAL);
                if (n < 0)
                {
                    if (Marshal.GetLastSystemError() == EINTR) continue;
                    return false;
                }
                sent += (int)n;
            }
            return true;
        }
    }

    /// <summary>One recv() after waiting at most the timeout: bytes read, 0 at EOF; throws IOException on error or timeout.</summary>
    public int Receive(Span<byte> buffer, int timeoutSeconds)
    {
        if (timeoutSeconds > 0 && !Wait(POLLIN, timeoutSeconds)) throw new IOException("timed out waiting for spamd");
        fixed (byte* p = buffer)
        {
            while (true)
            {
                nint n = Recv(fd, p, (nuint)buffer.Length, 0);
                if (n >= 0) return (int)n;
                int error = Marshal.GetLastSystemError();
                if (error != EINTR) throw new IOException(Marshal.GetPInvokeErrorMessage(error));
            }
        }
    }

    public void ShutdownSend() => Shutdown(fd, SHUT_WR);

    /// <summary>One datagram to a Unix socket (syslog's /dev/log); best effort, errors are ignored.</summary>
    public static void SendDatagram(string path, ReadOnlySpan<byte> data)
    {
        int fd = Socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd < 0) return;
        var address = UnixAddress(path);
        fixed (byte* a = address)
        fixed (byte* p = data)
        {
            if (ConnectTo(fd, a, (uint)address.Length) == 0) Send(fd, p, (nuint)data.Length, MSG_NOSIGNAL);
        }
        Close(fd);
    }

    private bool Wait(short events, int timeoutSeconds)
    {
        var pfd = new PollFd { Fd = fd, Events = events };
        long deadline = Environment.TickCount64 + timeoutSeconds * 1000L;
        while (true)
        {
            int remaining = (int)Math.Clamp(deadline - Environment.TickCount64, 0, int.MaxValue);
            int n = Poll(&pfd, 1, remaining);
            if (n > 0) return true;
            if (n == 0) return false;
            if (Marshal.GetLastSystemError() != EINTR) return true; // let the next call report the error
        }
    }

    public void Dispose()
    {
        if (fd >= 0) Close(fd);
        fd = -1;
    }

    /// <summary>sockaddr_in / sockaddr_in6 for an address and port.</summary>
    public static byte[] InetAddress(ReadOnlySpan<byte> address, int port)
    {
        bool v6 = address.Length == 16;
        var sa = new byte[v6 ? 28 : 16];
        sa[0] = (byte)(v6 ? AF_INET6 : AF_INET);
        sa[2] = (byte)(port >> 8);
        sa[3] = (byte)port;
        address.CopyTo(sa.AsSpan(v6 ? 8 : 4));
        return sa;
    }

    /// <summary>sockaddr_un; the path is cut to 107 bytes like spamc's strncpy.</summary>
    public static byte[] UnixAddress(string path)
    {
        var sa = new byte[110];
        sa[0] = AF_UNIX;
        var bytes = System.Text.Encoding.UTF8.GetBytes(path);
        bytes.AsSpan(0, Math.Min(bytes.Length, 107)).CopyTo(sa.AsSpan(2));
        return sa;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "connect", SetLastError = true)]
    private static partial int ConnectTo(int fd, byte* address, uint length);

    [LibraryImport("libc", EntryPoint = "send", SetLastError = true)]
    private static partial nint Send(int fd, byte* buffer, nuint length, int flags);

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    private static partial nint Recv(int fd, byte* buffer, nuint length, int flags);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int Poll(PollFd* fds, nuint count, int timeoutMilliseconds);

    [LibraryImport("libc", EntryPoint = "shutdown", SetLastError = true)]
    private static partial int Shutdown(int fd, int how);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int fd, int command, int argument);

    [LibraryImport("libc", EntryPoint = "getsockopt", SetLastError = true)]
    private static partial int GetSockOpt(int fd, int level, int name, int* value, uint* length);
}
