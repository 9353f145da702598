using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Spamd.Daemon.Logging;
using Spamd.Daemon.Scanning;
using Spamd.Engine.Learning;
using Spamd.Engine.Output;
using Spamd.Engine.Protocol;
using Spamd.Engine.Scanning;
using Spamd.Protocol;

namespace Spamd.Daemon.Connections;

/// <summary>
/// One request on one connection, as spamd's <c>accept_a_conn</c> handles it: the request line under
/// --timeout-tcp, then everything else (headers, body, scan, reply) under --timeout-child, one reply, close.
/// </summary>
public sealed class RequestSession
{
    private static readonly TimeSpan FlushLimit = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(2);

    private readonly DaemonContext daemon;
    private readonly ConnectionContext connection;
    private readonly PeerInfo peer;
    private readonly PipeReader input;
    private readonly PipeWriter output;
    private readonly long startedAt = Stopwatch.GetTimestamp();
    private bool replyStarted;

    public RequestSession(DaemonContext daemon, ConnectionContext connection, PeerInfo peer)
    {
        this.daemon = daemon;
        this.connection = connection;
        this.peer = peer;
        input = connection.Transport.Input;
        output = connection.Transport.Output;
    }

    private delegate ParseStatus ParseStep(in ReadOnlySequence<byte> buffer, bool isCompleted,
        out SequencePosition consumed, out SequencePosition examined, out ProtocolError? error);

    public async Task RunAsync()
    {
        if (await ReadRequestLineAsync() is not { } request) return;
        if (daemon.Log.DebugEnabled) daemon.Log.Debug($"spamd: request {request.Method.ToWireName()} SPAMC/{request.VersionText} (version {request.Version})");

        int timeout = daemon.Options.TimeoutChild;
        using var deadline = new CancellationTokenSource();
        if (timeout > 0) deadline.CancelAfter(TimeSpan.FromSeconds(timeout));
        try
        {
            switch (request.Method)
            {
                case SpamdMethod.Ping or SpamdMethod.Skip: await PingOrSkipAsync(request, deadline.Token); break;
                case SpamdMethod.Tell: await TellAsync(deadline.Token); break;
                default: await ScanAsync(request, deadline.Token); break;
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            await FailAsync(ProtocolError.RequestTimeout(timeout, request.Method.ToWireName()), drain: false);
        }
    }

    private async Task<RequestLine?> ReadRequestLineAsync()
    {
        int seconds = daemon.Options.TimeoutTcp;
        using var timeout = new CancellationTokenSource();
        if (seconds > 0) timeout.CancelAfter(TimeSpan.FromSeconds(seconds));
        RequestLine line = default;
        try
        {
            var error = await ParseAsync((in ReadOnlySequence<byte> b, bool done, out SequencePosition c, out SequencePosition e, out ProtocolError? err) =>
            {
                var status = RequestParser.TryParseRequestLine(b, done, out c, out e, out var parsed, out err);
                line = parsed;
                return status;
            }, timeout.Token);
            if (error == null) return line;
            await FailAsync(error);
            return null;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            await FailAsync(ProtocolError.RequestLineTimeout(seconds), drain: false);
            return null;
        }
    }

    private async Task PingOrSkipAsync(RequestLine request, CancellationToken deadline)
    {
        // spamd reads (possibly empty) headers after PING/SKIP only from 1.5 clients; it waits for them
        // without any timeout, we under --timeout-child.
        if (request.ReadsHeaders && await ReadHeadersAsync(deadline) is null) return;
        if (request.Method == SpamdMethod.Ping)
        {
            ResponseWriter.WritePong(output);
            await FlushAsync(deadline);
        }
        else
        {
            daemon.Log.Info($"spamd: skipped large message in {Elapsed:F1} seconds");
        }
    }

    private async Task ScanAsync(RequestLine request, CancellationToken deadline)
    {
        RequestHeaders? headers = null;
        if (request.ReadsHeaders && (headers = await ReadHeadersAsync(deadline)) is null) return;

        var generation = daemon.Scanners.Current;
        string? user = headers?.User;
        var settings = SettingsFor(generation, user);
        // Bayes reads and autolearns into the user's own database.
        if (user != null) settings = settings with { User = user };

        using var body = new BodyReader(headers, daemon.Options.MaxMessageSize);
        using var inflated = new PooledBuffer(256);
        if (await ReadBodyAsync(body, inflated, deadline) is not { } message) return;

        var (messageId, resentId) = MessageIds.Find(message.Span);
        daemon.Log.Info($"spamd: {(request.Method == SpamdMethod.Process ? "processing" : "checking")} message " +
            $"{messageId ?? "(unknown)"}{(resentId != null ? " aka " + resentId : "")} for {user ?? "(unknown)"}:{daemon.EffectiveUid}");

        ScanResult result;
        await daemon.ScanSlots.WaitAsync(deadline);
        long cpu = ScanStatistics.ThreadCpuNow();
        try { result = generation.Scanner.Scan(message, settings, deadline); }
        finally { daemon.ScanSlots.Release(); }
        if (daemon.Statistics.AddScan(ScanStatistics.ThreadCpuNow() - cpu, daemon.Log.DebugEnabled) is { } costs) daemon.Log.Debug("spamd: " + costs);

        var status = SpamStatus.From(result);
        using (var payload = new PooledBuffer(request.Method is SpamdMethod.Process ? message.Length + 4096 : 4096))
        {
            WritePayload(request.Method, message, result, payload);
            replyStarted = true;
            ResponseWriter.WriteScanResponse(output, request.Method, request.Version, status, payload.WrittenSpan);
        }
        await FlushAsync(deadline);

        LogScan(result, status, user, message.Length, messageId, resentId);
    }

    private static void WritePayload(SpamdMethod method, ReadOnlyMemory<byte> message, ScanResult result, PooledBuffer payload)
    {
        switch (method)
        {
            case SpamdMethod.Process:
                MessageRewriter.Rewrite(message.Span, result, RewriteMode.Full, DateTimeOffset.Now, payload);
                break;
            case SpamdMethod.Headers:
                MessageRewriter.Rewrite(message.Span, result, RewriteMode.HeadersOnly, DateTimeOffset.Now, payload);
                break;
            case SpamdMethod.Report:
                ReportWriter.Write(result, payload);
                break;
            case SpamdMethod.ReportIfSpam when result.IsSpam:
                ReportWriter.Write(result, payload);
                break;
            case SpamdMethod.Symbols:
                ResponseWriter.WriteSymbols(payload, result.Hits);
                break;
        }
    }

    private async Task TellAsync(CancellationToken deadline)
    {
        if (await ReadHeadersAsync(deadline) is not { } headers) return;

        // spamd's order: header errors, then --allow-tell, then contradictory Set/Remove, then the body.
        if (!daemon.Options.AllowTell) { await FailAsync(ProtocolError.TellNotEnabled); return; }
        if (headers.SetLocal && headers.RemoveLocal) { await FailAsync(ProtocolError.SetAndRemoveLocal); return; }
        if (headers.SetRemote && headers.RemoveRemote) { await FailAsync(ProtocolError.SetAndRemoveRemote); return; }

        using var body = new BodyReader(headers, daemon.Options.MaxMessageSize);
        using var inflated = new PooledBuffer(256);
        if (await ReadBodyAsync(body, inflated, deadline) is not { } message) return;

        var learner = daemon.Scanners.Current.Learner;
        if ((headers.SetLocal || headers.RemoveLocal) && learner == null)
        {
            await FailAsync(ProtocolError.LearningUnavailable);
            return;
        }

        string? didSet = null, didRemove = null;
        if (learner != null && (headers.SetLocal || headers.RemoveLocal))
        {
            await daemon.ScanSlots.WaitAsync(deadline);
            try
            {
                // Exactly "spam" learns spam; any other class, or none, learns ham (as spamd).
                var action = headers.MessageClass == "spam" ? LearnAction.Spam : LearnAction.Ham;
                if (headers.SetLocal && learner.Learn(message, headers.User, action, deadline) == LearnOutcome.Done) didSet = "local";
                if (headers.RemoveLocal && learner.Learn(message, headers.User, LearnAction.Forget, deadline) == LearnOutcome.Done) didRemove = "local";
            }
            finally { daemon.ScanSlots.Release(); }
        }
        if (headers.SetRemote || headers.RemoveRemote)
            daemon.Log.Info("spamd: Tell: remote reporting is not available, nothing reported");

        replyStarted = true;
        ResponseWriter.WriteTell(output, didSet, didRemove);
        await FlushAsync(deadline);

        var done = (didSet != null ? $" Setting {didSet} " : "") + (didRemove != null ? $" Removing {didRemove} " : "");
        daemon.Log.Info($"spamd: Tell:{(done.Length == 0 ? " Did nothing " : done)}for {headers.User ?? "(unknown)"}:{daemon.EffectiveUid} " +
            $"in {Elapsed:F1} seconds, {message.Length} bytes");
    }

    private ScanSettings SettingsFor(Scanning.ScannerGeneration generation, string? user)
    {
        string? path = null;
        try
        {
            path = daemon.Preferences.PathFor(user);
            if (path != null && !daemon.Options.UserConfig) daemon.Log.Info($"spamd: using default config for {user}: {path}");
            return generation.UserSettings.For(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            daemon.Log.Warn($"spamd: cannot read preferences {path} for {user}: {e.Message}; using the defaults");
            return generation.Scanner.DefaultSettings;
        }
    }

    private async Task<RequestHeaders?> ReadHeadersAsync(CancellationToken deadline)
    {
        var headers = new RequestHeaders();
        var error = await ParseAsync((in ReadOnlySequence<byte> b, bool done, out SequencePosition c, out SequencePosition e, out ProtocolError? err) =>
            RequestParser.TryParseHeaders(b, done, headers, out c, out e, out err), deadline);
        if (error == null) return headers;
        await FailAsync(error);
        return null;
    }

    private async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(BodyReader body, PooledBuffer inflated, CancellationToken deadline)
    {
        var error = body.CheckBeforeReading() ?? await ParseAsync(body.TryRead, deadline);
        ReadOnlyMemory<byte> message = default;
        if (error == null) error = body.GetMessage(inflated, out message);
        if (error == null) return message;
        await FailAsync(error);
        return null;
    }

    private async ValueTask<ProtocolError?> ParseAsync(ParseStep step, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await input.ReadAsync(cancellationToken);
            var status = step(read.Buffer, read.IsCompleted, out var consumed, out var examined, out var error);
            input.AdvanceTo(consumed, examined);
            if (status == ParseStatus.Done) return null;
            if (status == ParseStatus.Error) return error;
            if (read.IsCompleted) throw new InvalidOperationException("parser wants more data after the end of input");
        }
    }

    /// <summary>Logs and sends an error reply, then closes (spamd's protocol_error and friends).</summary>
    private async Task FailAsync(ProtocolError error, bool drain = true)
    {
        string detail = error.Text[(error.Text.IndexOf(": ", StringComparison.Ordinal) + 2)..];
        daemon.Log.Warn(error.Code switch
        {
            ExitCode.Protocol => "spamd: bad protocol: header error: " + detail,
            ExitCode.Timeout => "spamd: timeout: " + detail,
            _ => "spamd: service unavailable: " + detail,
        });
        if (replyStarted)
        {
            connection.Abort();
            return;
        }
        replyStarted = true;
        ResponseWriter.WriteError(output, error);
        try
        {
            using var limit = new CancellationTokenSource(FlushLimit);
            await output.FlushAsync(limit.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ConnectionResetException) { return; }
        if (drain) await DrainAsync();
    }

    // Reads what the client still sends for a moment, so that closing with unread bytes does not reset the
    // connection before the client has read the error reply.
    private async Task DrainAsync()
    {
        using var limit = new CancellationTokenSource(DrainLimit);
        try
        {
            while (true)
            {
                var read = await input.ReadAsync(limit.Token);
                input.AdvanceTo(read.Buffer.End);
                if (read.IsCompleted) return;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ConnectionResetException or InvalidOperationException) { }
    }

    private async Task FlushAsync(CancellationToken deadline)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(deadline);
        limit.CancelAfter(FlushLimit);
        await output.FlushAsync(limit.Token);
    }

    private double Elapsed => Stopwatch.GetElapsedTime(startedAt).TotalSeconds;

    private void LogScan(ScanResult result, SpamStatus status, string? user, int size, string? messageId, string? resentId)
    {
        if (!daemon.Log.Enabled) return;
        var who = $"{user ?? "(unknown)"}:{daemon.EffectiveUid}";
        var scantime = Elapsed.ToString("F1", CultureInfo.InvariantCulture);
        daemon.Log.Info($"spamd: {(result.IsSpam ? "identified spam" : "clean message")} ({status.Score}/{status.Threshold}) " +
            $"for {who} in {scantime} seconds, {size} bytes.");

        var extra = new List<string>
        {
            "scantime=" + scantime, "size=" + size, "user=" + (user ?? "(unknown)"), "uid=" + daemon.EffectiveUid,
            "required_score=" + status.Threshold, "rhost=" + peer.Host, "raddr=" + peer.AddressText, "rport=" + peer.Port,
            "mid=" + MessageIds.ForResultLine(messageId ?? "(unknown)"),
        };
        if (resentId != null) extra.Add("rmid=" + MessageIds.ForResultLine(resentId));
        if (result.BayesProbability is { } bayes) extra.Add("bayes=" + bayes.ToString("F6", CultureInfo.InvariantCulture));
        extra.Add(result.AutoLearnForce is null ? $"autolearn={result.AutoLearn}" : $"autolearn={result.AutoLearn} autolearn_force={result.AutoLearnForce}");

        var tests = string.Join(",", result.Hits.Select(h => h.Name).Where(n => n.Length > 0).Order(StringComparer.Ordinal));
        var truncated = (long)Math.Truncate(result.Score);
        daemon.Log.Info($"spamd: result: {(result.IsSpam ? "Y" : ".")} {truncated,2} - {tests} {string.Join(",", extra)}");
    }

}
