using static Spamd.Integration.Tests.Daemon.TestMessages;

namespace Spamd.Integration.Tests.Daemon;

/// <summary>A daemon with a Bayes database of its own (site-wide path), autolearn on as in SpamAssassin.</summary>
public sealed class AutoLearnDaemon : OurDaemonFixture
{
    protected override string[] ExtraArgs => [];
}

/// <summary>
/// Autolearn words in X-Spam-Status as spamd 4.0.1 prints them with a writable database (checked by hand against
/// spamd: the same ham gives "autolearn=ham", then "autolearn=unavailable" once learned).
/// </summary>
public class AutoLearnDaemonTests(AutoLearnDaemon daemon) : IClassFixture<AutoLearnDaemon>
{
    private async Task<string> StatusAsync(byte[] message)
    {
        string reply = Text(await daemon.Server.RawExchangeAsync(Request("HEADERS", message)));
        int start = reply.IndexOf("X-Spam-Status:", StringComparison.Ordinal);
        Assert.True(start >= 0, reply);
        int end = reply.IndexOf("version=", start, StringComparison.Ordinal);
        return reply[start..end].Replace("\n\t", " ");
    }

    [Fact]
    public async Task Ham_is_learned_once_then_unavailable_and_GTUBE_is_never_learned()
    {
        byte[] ham = Latin1(Text(Ham).Replace("ham-test-1@", "autolearn-once@"));
        Assert.EndsWith(" autolearn=ham autolearn_force=no ", await StatusAsync(ham));
        Assert.EndsWith(" autolearn=unavailable autolearn_force=no ", await StatusAsync(ham));
        Assert.EndsWith(" autolearn=no autolearn_force=no ", await StatusAsync(Gtube));
    }
}

/// <summary>spamd with virtual users: each user's "~" is their --virtual-config-dir directory.</summary>
public sealed class PerUserBayesDaemon : OurDaemonFixture
{
    protected override string[] ExtraArgs =>
        ["-x", "--virtual-config-dir={workdir}/users/%u", "--bayes-path", "~/bayes", "--allow-tell", "-m", "4"];
}

/// <summary>Users learning (TELL and autolearn) and scanning at once: every request succeeds, each user has a database.</summary>
public class PerUserBayesDaemonTests(PerUserBayesDaemon daemon) : IClassFixture<PerUserBayesDaemon>
{
    private static byte[] Message(string user, int i) =>
        Latin1(Text(Ham).Replace("ham-test-1@", $"{user}-{i}@").Replace("Cheers,", $"Cheers ({user} {i}),"));

    [Fact]
    public async Task Concurrent_learning_and_scanning_for_several_users_has_no_errors()
    {
        string[] users = ["alice", "bob", "carol"];
        var requests = new List<Task<string>>();
        foreach (string user in users)
            for (int i = 0; i < 8; i++)
            {
                byte[] body = Message(user, i);
                byte[] request = i % 4 == 3
                    ? [.. Latin1($"TELL SPAMC/1.5\r\nMessage-class: spam\r\nSet: local\r\nUser: {user}\r\nContent-length: {body.Length}\r\n\r\n"), .. body]
                    : [.. Latin1($"CHECK SPAMC/1.5\r\nUser: {user}\r\nContent-length: {body.Length}\r\n\r\n"), .. body];
                requests.Add(Task.Run(async () => Text(await daemon.Server.RawExchangeAsync(request, timeout: TimeSpan.FromSeconds(60)))));
            }
        string[] replies = await Task.WhenAll(requests);

        Assert.All(replies, reply => Assert.StartsWith("SPAMD/1.1 0 EX_OK\r\n", reply));
        Assert.Equal(6, replies.Count(r => r.Contains("DidSet: local", StringComparison.Ordinal)));
        foreach (string user in users)
            Assert.True(File.Exists(Path.Combine(daemon.Server.WorkDir, "users", user, "bayes.sqlite")), daemon.Server.Log);
        Assert.False(File.Exists(Path.Combine(daemon.Server.WorkDir, "bayes", "bayes.sqlite")));
    }
}
