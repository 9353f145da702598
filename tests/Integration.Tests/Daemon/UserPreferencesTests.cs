using Spamd.Daemon.Logging;
using Spamd.Daemon.Options;
using Spamd.Daemon.Users;

namespace Spamd.Integration.Tests.Daemon;

public class UserPreferencesTests
{
    [Theory]
    [InlineData("/v/%u", "alice@example.com", "/v/alice@example.com/user_prefs")]
    [InlineData("/v/%d/%l", "alice@example.com", "/v/example.com/alice/user_prefs")]
    [InlineData("/v/%u", "../../etc/passwd", "/v/.._.._etc_passwd/user_prefs")]   // sanitised: no path tricks
    [InlineData("/v/%u", "a b\u00e9", "/v/a_b_/user_prefs")]
    [InlineData("/v/%l%%", "bob", "/v/%/user_prefs")]                        // no @: empty local part and domain
    [InlineData("/v/%x", "carol@example.org", "/v/example.org/user_prefs")]   // %x: the domain when the user has no file
    public void Virtual_config_paths_are_expanded_as_spamd(string pattern, string user, string expected) =>
        Assert.Equal(expected, UserPreferencesLocator.VirtualConfigPath(pattern, user));

    [Fact]
    public void Percent_x_prefers_the_user_directory_when_it_has_prefs()
    {
        var root = Path.Combine(Path.GetTempPath(), "vx-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(root, "dave@example.net"));
        File.WriteAllText(Path.Combine(root, "dave@example.net", "user_prefs"), "");
        try
        {
            Assert.Equal($"{root}/dave@example.net/user_prefs", UserPreferencesLocator.VirtualConfigPath(root + "/%x", "dave@example.net"));
        }
        finally { Directory.Delete(root, true); }
    }

    [Fact]
    public void Home_directory_prefs_by_default_none_with_x()
    {
        var home = UserDatabase.FindUser("root")!.Home;
        Assert.Equal($"{home}/.spamassassin/user_prefs", new UserPreferencesLocator(OptionParser.Parse([])).PathFor("root"));
        Assert.Null(new UserPreferencesLocator(OptionParser.Parse([])).PathFor("no-such-user-xyz"));
        Assert.Null(new UserPreferencesLocator(OptionParser.Parse(["-x"])).PathFor("root"));
        Assert.Null(new UserPreferencesLocator(OptionParser.Parse([])).PathFor(null));
    }

    [Theory]
    [InlineData("Message-ID: <abc@x>\n\nbody", "<abc@x>")]
    [InlineData("Subject: s\nmessage-id:  (comment) <id with space@x> trailing\n\n", "<id?with?space@x>")]
    [InlineData("Message-Id:\n <folded@x>\n\n", "<folded@x>")]
    [InlineData("Subject: none\n\nMessage-ID: <in-body@x>\n", null)]
    [InlineData("From alice Tue Nov 10 10:00:00 2026\nMessage-ID: <mbox@x>\n\n", "<mbox@x>")]
    [InlineData("Message-ID: <first@x>\nMessage-Id : <last@x>\n\n", "<last@x>")]
    [InlineData("Message-ID: <a@x>\r\nSubject: s\r\n\r\n", "<a@x>")]
    public void Message_ids_are_cleaned_as_spamd(string message, string? expected) =>
        Assert.Equal(expected, MessageIds.Find(System.Text.Encoding.Latin1.GetBytes(message)).MessageId);

    [Fact]
    public void Result_line_ids_have_no_spaces_or_commas() =>
        Assert.Equal("<a_b_c>", MessageIds.ForResultLine("<a b,c>"));
}
