using Microsoft.AspNetCore.Connections;

namespace Spamd.Daemon.Connections;

/// <summary>
/// Kestrel's entry point for every connection (TCP, TLS or Unix socket): refuse peers outside
/// --allowed-ips without a word, otherwise serve one request and close, as spamd does.
/// </summary>
public sealed class SpamdConnectionHandler(DaemonContext daemon) : ConnectionHandler
{
    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        await daemon.Started;
        var peer = PeerInfo.From(connection);
        if (peer.Address != null && !daemon.Allowed.Contains(peer.Address))
        {
            daemon.Log.Warn($"spamd: unauthorized connection from {peer.Host} [{peer.AddressText}]:{peer.Port} to port {peer.LocalPort}");
            connection.Abort(new ConnectionAbortedException("address not in --allowed-ips"));
            return;
        }
        daemon.Log.Info(peer.Address == null
            ? $"spamd: got connection over {peer.Port}"
            : $"spamd: connection from {peer.Host} [{peer.AddressText}]:{peer.Port} to port {peer.LocalPort}");

        try
        {
            await new RequestSession(daemon, connection, peer).RunAsync();
        }
        catch (Exception e) when (e is IOException or ConnectionResetException or ConnectionAbortedException or OperationCanceledException)
        {
            daemon.Log.Info($"spamd: connection from {peer.AddressText} closed early: {e.Message}");
        }
        catch (Exception e)
        {
            // As spamd: an unexpected failure is logged and the connection closed without a reply.
            daemon.Log.Error($"spamd: {e.GetType().Name}: {e.Message}");
            daemon.Log.Debug(e.ToString());
        }
    }
}
