using System.Net;
using Spamd.Engine.Dns;

namespace Spamd.Engine.Tests.Dns;

public class DnsResolverTests
{
    private static readonly IPEndPoint First = new(IPAddress.Loopback, 5301), Second = new(IPAddress.Loopback, 5302);

    [Fact]
    public async Task Answers_and_nxdomain_come_back_as_responses()
    {
        var zone = new ZoneTransport().Add("2.0.0.127.zen.test", DnsRecordType.A, "127.0.0.2", "127.0.0.4");
        var resolver = new DnsResolver(zone, [First]);
        var listed = await resolver.QueryAsync("2.0.0.127.ZEN.test.", DnsRecordType.A, CancellationToken.None);
        Assert.Equal(["127.0.0.2", "127.0.0.4"], listed!.Answers.Select(a => a.Data));
        var absent = await resolver.QueryAsync("3.0.0.127.zen.test", DnsRecordType.A, CancellationToken.None);
        Assert.Equal(DnsResponseCode.NameError, absent!.ResponseCode);
        Assert.Empty(absent.Answers);
    }

    [Fact]
    public async Task A_reply_to_another_question_or_id_is_no_answer()
    {
        var wrongId = new ScriptedTransport(q => DnsWire.Build(q with { Id = (ushort)(q.Id + 1), IsResponse = true }));
        Assert.Null(await new DnsResolver(wrongId, [First]).QueryAsync("a.test", DnsRecordType.A, CancellationToken.None));
        var wrongName = new ScriptedTransport(q => DnsWire.Build(q with { QuestionName = "b.test", IsResponse = true }));
        Assert.Null(await new DnsResolver(wrongName, [First]).QueryAsync("a.test", DnsRecordType.A, CancellationToken.None));
        var notAResponse = new ScriptedTransport(DnsWire.Build);
        Assert.Null(await new DnsResolver(notAResponse, [First]).QueryAsync("a.test", DnsRecordType.A, CancellationToken.None));
        var garbage = new ScriptedTransport(_ => [1, 2, 3]);
        Assert.Null(await new DnsResolver(garbage, [First]).QueryAsync("a.test", DnsRecordType.A, CancellationToken.None));
    }

    [Fact]
    public async Task The_next_server_is_asked_when_one_fails()
    {
        var zone = new ZoneTransport().Add("a.test", DnsRecordType.A, "127.0.0.9");
        var failing = new ScriptedTransport(q => throw new System.Net.Sockets.SocketException(111), fallback: zone, failFor: First);
        var answer = await new DnsResolver(failing, [First, Second]).QueryAsync("a.test", DnsRecordType.A, CancellationToken.None);
        Assert.Equal("127.0.0.9", Assert.Single(answer!.Answers).Data);
    }

    [Fact]
    public async Task Cancellation_is_no_answer_not_an_exception()
    {
        var zone = new ZoneTransport();
        zone.Silent.Add(First);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        Assert.Null(await new DnsResolver(zone, [First]).QueryAsync("a.test", DnsRecordType.A, cts.Token));
    }

    private sealed class ScriptedTransport(Func<DnsMessage, byte[]> reply, ZoneTransport? fallback = null, IPEndPoint? failFor = null) : IDnsTransport
    {
        public Task<byte[]> ExchangeAsync(IPEndPoint server, ReadOnlyMemory<byte> query, CancellationToken cancellationToken)
        {
            if (fallback is not null && !server.Equals(failFor)) return fallback.ExchangeAsync(server, query, cancellationToken);
            return Task.FromResult(reply(DnsWire.Parse(query.Span)));
        }
    }
}
