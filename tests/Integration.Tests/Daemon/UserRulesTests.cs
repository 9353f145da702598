using System.Text;
using Spamd.Integration.Tests.Client;
using Spamd.Integration.Tests.Infrastructure;

namespace Spamd.Integration.Tests.Daemon;

/// <summary>
/// Rules in users' preferences (the site sets <c>allow_user_rules 1</c>): SpamAssassin's spamd and ours run on
/// the same small configuration and virtual users, and must report the same rules and scores for each user.
/// </summary>
public sealed class UserRulesTests(UserRulesTests.Servers servers) : IClassFixture<UserRulesTests.Servers>
{
    private SpamdServer real => servers.Real;
    private SpamdServer ours => servers.Ours;

    private const string SiteRules =
        "loadplugin Mail::SpamAssassin::Plugin::Check\n" +
        "body SITE_FOO /foo/\nscore SITE_FOO 1.5\n" +
        "header SITE_SUBJ Subject =~ /offer/i\nscore SITE_SUBJ 0.3\n";

    /// <summary>user → user_prefs.</summary>
    private static readonly Dictionary<string, string> Users = new()
    {
        ["alice"] = "body ALICE_BODY /cheap\\s+pills/i\nscore ALICE_BODY 4.2\n" +
                    "header ALICE_SUBJ Subject =~ /urgent/i\ndescribe ALICE_SUBJ Alice's subject rule\nscore ALICE_SUBJ 0.7\n" +
                    "meta ALICE_META ALICE_BODY && SITE_FOO\nscore ALICE_META 2\n" +
                    "uri ALICE_URI /example\\.com/\nscore ALICE_URI 0.4\n" +
                    "rawbody ALICE_RAW /PILLS AT/i\ntflags ALICE_RAW nice\nscore ALICE_RAW -0.25\n" +
                    "score SITE_FOO 3\n",
        ["bob"] = "score SITE_FOO 0.5\nbody BOB_CHEAP /cheap/\nrequired_score 2\n",
        ["carol"] = "score SITE_SUBJ 4\n",
        ["dave"] = "body DAVE_BAD /cheap(/\nbody DAVE_OK /pills/\nscore DAVE_OK 0.9\nbayes_path /tmp/nope\n",
    };

    private static readonly byte[] Message = Encoding.ASCII.GetBytes(
        "From: a@example.org\nTo: d@example.net\nSubject: URGENT offer\nMessage-ID: <user-rules@example.org>\n" +
        "Date: Sun, 22 Nov 2026 03:00:00 +0000\n\nfoo cheap  pills at http://www.example.com/x\n");

    /// <summary>Both daemons, started once for the class.</summary>
    public sealed class Servers : IAsyncLifetime
    {
    private string configRoot = "";
    public SpamdServer Real { get; private set; } = null!;
    public SpamdServer Ours { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        configRoot = TestPaths.NewTempDir("user-rules");
        var rules = Directory.CreateDirectory(Path.Combine(configRoot, "rules")).FullName;
        var site = Directory.CreateDirectory(Path.Combine(configRoot, "site")).FullName;
        var prefs = Path.Combine(configRoot, "v");
        // The stock default prefs and TLD list (so URIs are recognised), never copied into the repository.
        foreach (var stock in new[] { "10_default_prefs.cf", "20_aux_tlds.cf" })
            File.Copy(Path.Combine("/usr/share/spamassassin", stock), Path.Combine(rules, stock));
        File.WriteAllText(Path.Combine(rules, "30_site.cf"), SiteRules);
        File.WriteAllText(Path.Combine(site, "local.cf"), "allow_user_rules 1\n");
        foreach (var (user, text) in Users)
            File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(prefs, user)).FullName, "user_prefs"), text);
        FileModes.MakeReadable(configRoot);

        string[] args = ["-C", rules, "--siteconfigpath", site, "-x", $"--virtual-config-dir={prefs}/%u"];
        var startReal = SpamdServer.StartRealAsync([.. args, "-u", "nobody"]);
        var startOurs = SpamdServer.StartOursAsync(args);
        Real = await startReal;
        Ours = await startOurs;
    }

    public async Task DisposeAsync()
    {
        if (Real != null) await Real.DisposeAsync();
        if (Ours != null) await Ours.DisposeAsync();
        try { Directory.Delete(configRoot, recursive: true); } catch (IOException) { }
    }
    }

    public static TheoryData<string> UserNames() => ["alice", "bob", "carol", "dave", "nobody-with-prefs"];

    [Theory]
    [MemberData(nameof(UserNames))]
    public async Task Rules_hit_and_scores_match_spamd(string user)
    {
        var expected = await SymbolsAsync(real, user);
        var actual = await SymbolsAsync(ours, user);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task Report_lists_user_rules_as_spamd_does()
    {
        var expected = await ExchangeAsync(real, "REPORT", "alice");
        var actual = await ExchangeAsync(ours, "REPORT", "alice");
        Assert.Contains("ALICE_SUBJ             Alice's subject rule", expected);
        // spamd lists rules of one kind in Perl hash order, which changes from request to request for rules
        // compiled per user: compare the lines, not their order.
        Assert.Equal(expected.Split('\n').Order(StringComparer.Ordinal), actual.Split('\n').Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task One_users_rules_never_reach_another_user()
    {
        await SymbolsAsync(ours, "alice");
        var (_, carolRules) = await SymbolsAsync(ours, "carol");
        Assert.DoesNotContain("ALICE", carolRules);
        var (_, site) = await SymbolsAsync(ours, "nobody-with-prefs");
        Assert.Equal("SITE_FOO,SITE_SUBJ", site);
    }

    /// <summary>The Spam: line and the rule list of a SYMBOLS answer.</summary>
    private static async Task<(string Status, string Rules)> SymbolsAsync(SpamdServer server, string user)
    {
        var reply = await ExchangeAsync(server, "SYMBOLS", user);
        var head = reply[..reply.IndexOf("\r\n\r\n", StringComparison.Ordinal)];
        var status = head.Split("\r\n").Single(l => l.StartsWith("Spam: ", StringComparison.Ordinal));
        return (status, reply[(head.Length + 4)..].Trim());
    }

    private static async Task<string> ExchangeAsync(SpamdServer server, string method, string user)
    {
        var head = Encoding.ASCII.GetBytes($"{method} SPAMC/1.5\r\nUser: {user}\r\nContent-length: {Message.Length}\r\n\r\n");
        var reply = Encoding.Latin1.GetString(await server.RawExchangeAsync([.. head, .. Message]));
        Assert.True(reply.StartsWith("SPAMD/1.1 0 EX_OK\r\n", StringComparison.Ordinal), $"{server.Name}: {reply}\n{server.Log}");
        return reply;
    }
}
