using System.Text;
using Spamd.Integration.Tests.Client;
using Spamd.Integration.Tests.Infrastructure;

namespace Spamd.Integration.Tests.Output;

/// <summary>
/// SpamAssassin's real spamd with a tiny ruleset (a copy of the stock 10_default_prefs.cf plus a GTUBE rule)
/// and one virtual user per configuration under test.
/// </summary>
public sealed class RealSpamdOutputFixture : IAsyncLifetime
{
    public const string StockPrefs = "/usr/share/spamassassin/10_default_prefs.cf";

    /// <summary>user name → user_prefs text.</summary>
    public static readonly IReadOnlyDictionary<string, string> Users = new Dictionary<string, string>
    {
        ["plain"] = "",
        ["rs0"] = "report_safe 0\nrewrite_header Subject *****SPAM*****\n",
        ["fromto"] = "report_safe 0\nrewrite_header From SPAMMER\nrewrite_header To SPAMVICTIM\nrewrite_header Subject [SPAM]\n",
        ["fromto1"] = "rewrite_header From SPAM(MER)\nrewrite_header To SPAMVICTIM _SCORE_\nrewrite_header Subject [SPAM _SCORE_]\n",
        ["rs2"] = "report_safe 2\n",
        ["clear"] = "clear_headers\nadd_header spam Flag _YESNOCAPS_\nadd_header all Score _SCORE(0)_\n" +
                    "add_header all Tests _TESTSSCORES(,)_\nadd_header ham Ham-Info \"_YESNO_ _HITS_/_REQD_\"\n",
        ["required1"] = "score GTUBE 1.3\nrequired_score 1.0\nreport_safe 0\n",
        ["near"] = "score GTUBE 4.96\nadd_header all Pad _SCORE(00)_|_SCORE(  )_|_HITS(0)_\n",
        ["subject"] = "report_safe 0\nrewrite_header Subject [SPAM]\nrewrite_header From SPAMMER\n",
        ["subject1"] = "rewrite_header Subject [SPAM]\nrewrite_header To VICTIM\n",
        ["copy"] = "report_safe_copy_headers Received X-Custom Subject X-Missing\nrewrite_header Subject [SPAM]\n",
        ["tags"] = "report_contact postmaster@example.net\n" +
                   "add_header all Tags _YESNO(yes,no)_ _YESNOCAPS(a,b)_ _YESNO(only)_ _STARS(=)_ _STARS_ _TESTS(;)_ _BAYES_ _UNKNOWN_ _ADDEDHEADER_ _SUBJPREFIX_ _REMOTEHOSTNAME_ _CONTACTADDRESS_ _AUTOLEARN_ _HITS_ _REQD_ _VERSION_ _SUBVERSION_\n" +
                   "add_header all Summary _SUMMARY_\nadd_header all Preview _PREVIEW_\nadd_header all Report _REPORT_\n" +
                   "add_header all Long aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa,bb cc,,dd\\tee\\nff\n",
        ["utf8"] = "report_safe 0\nrewrite_header Subject [SPÄM]\nadd_header all Note Grüße von _HOSTNAME_, schöne Tage = ja?\n" +
                   "add_header all Wide ÄÖÜäöüßÄÖÜäöüß_ÄÖÜ\n",
        ["req0"] = "required_score 0\nreport_safe 0\n",
        ["zoo0"] = "required_score 1\nreport_safe 0\n",
        ["zoo1"] = "required_score 1\n",
        ["nofold"] = "fold_headers 0\nadd_header all Preview _PREVIEW_\nadd_header all Report _REPORT_\n",
    };

    public SpamdServer Server { get; private set; } = null!;
    private string configRoot = "";

    public async Task InitializeAsync()
    {
        if (!File.Exists(StockPrefs)) throw new FileNotFoundException("SpamAssassin's stock prefs are needed", StockPrefs);
        configRoot = TestPaths.NewTempDir("output-rules");
        var rules = Directory.CreateDirectory(Path.Combine(configRoot, "rules")).FullName;
        var site = Directory.CreateDirectory(Path.Combine(configRoot, "site")).FullName;
        File.Copy(StockPrefs, Path.Combine(rules, "10_default_prefs.cf"));
        File.WriteAllText(Path.Combine(rules, "20_gtube.cf"),
            "loadplugin Mail::SpamAssassin::Plugin::Check\n" +
            "body GTUBE /XJS\\*C4JDBQADN1\\.NSBN3\\*2IDNEN\\*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL\\*C\\.34X/\n" +
            "describe GTUBE Generic Test for Unsolicited Bulk Email\nscore GTUBE 1000\n" + ZooRules.Config);
        FileModes.MakeReadable(configRoot);

        Server = await SpamdServer.StartRealAsync("-C", rules, "--siteconfigpath", site,
            "-x", "-u", "nobody", "--virtual-config-dir={workdir}/v/%u");
        foreach (var (user, prefs) in Users)
        {
            var dir = Directory.CreateDirectory(Path.Combine(Server.WorkDir, "v", user)).FullName;
            File.WriteAllBytes(Path.Combine(dir, "user_prefs"), Encoding.UTF8.GetBytes(prefs));
        }
        FileModes.MakeReadable(Server.WorkDir);
    }

    /// <summary>The rules directory's stock prefs lines followed by the user's prefs lines.</summary>
    public static IEnumerable<string> ConfigLines(string user) =>
        File.ReadLines(StockPrefs).Concat(Users[user].Split('\n'));

    /// <summary>Sends one request as <paramref name="user"/> and returns the response body (after the blank line).</summary>
    public async Task<byte[]> ExchangeAsync(string method, string user, byte[] message)
    {
        var head = Encoding.ASCII.GetBytes($"{method} SPAMC/1.5\r\nUser: {user}\r\nContent-length: {message.Length}\r\n\r\n");
        var reply = await Server.RawExchangeAsync([.. head, .. message]);
        int end = reply.AsSpan().IndexOf("\r\n\r\n"u8);
        if (end < 0 || !reply.AsSpan().StartsWith("SPAMD/1.1 0 EX_OK"u8))
            throw new InvalidOperationException($"unexpected reply: {Encoding.Latin1.GetString(reply)}\n{Server.Log}");
        return reply[(end + 4)..];
    }

    public async Task DisposeAsync()
    {
        if (Server != null) await Server.DisposeAsync();
        try { Directory.Delete(configRoot, recursive: true); } catch (IOException) { }
    }
}
