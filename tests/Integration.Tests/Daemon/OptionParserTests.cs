using Spamd.Daemon.Options;

namespace Spamd.Integration.Tests.Daemon;

/// <summary>spamd's command line, parsed the way Getopt::Long with bundling does.</summary>
public class OptionParserTests
{
    [Fact]
    public void Defaults_are_spamds()
    {
        var o = OptionParser.Parse([]);
        Assert.Equal(("783", 5, 30, 300, true, false, "stderr"), (o.Port, o.MaxChildren, o.TimeoutTcp, o.TimeoutChild, o.UserConfig, o.AllowTell, o.Syslog));
        Assert.Equal(["localhost"], ListenSpec.FromOptions(o).Select(l => l.Host));
    }

    [Fact]
    public void Long_options_take_values_with_or_without_equals()
    {
        var o = OptionParser.Parse(["--port=1234", "--pidfile", "/tmp/p", "--timeout-tcp", "3", "--timeout-child=6", "--cf=a 1", "--cf", "b 2"]);
        Assert.Equal(("1234", "/tmp/p", 3, 6), (o.Port, o.PidFile, o.TimeoutTcp, o.TimeoutChild));
        Assert.Equal(["a 1", "b 2"], o.ConfigLines);
    }

    [Fact]
    public void Short_options_bundle_and_take_attached_values()
    {
        var o = OptionParser.Parse(["-Lxl", "-p783", "-m", "2", "-A10.0.0.0/8,192.168.", "-A", "::1"]);
        Assert.True(o.LocalOnly && !o.UserConfig && o.AllowTell);
        Assert.Equal(("783", 2), (o.Port, o.MaxChildren));
        Assert.Equal(["10.0.0.0/8", "192.168.", "::1"], o.AllowedIps);
    }

    [Fact]
    public void Abbreviations_negations_and_case_work_as_getopt_long()
    {
        var o = OptionParser.Parse(["--allow-t", "--LOCAL", "--nolocal", "--max-ch=7", "--no-daemonize"]);
        Assert.True(o.AllowTell);
        Assert.False(o.LocalOnly);
        Assert.Equal(7, o.MaxChildren);
    }

    [Fact]
    public void Optional_values_take_the_next_word_unless_it_is_an_option()
    {
        var o = OptionParser.Parse(["-D", "-i", "127.0.0.1:7830", "-i", "--socketpath=/run/spamd.sock"]);
        Assert.Equal("", o.Debug);
        Assert.Equal(["127.0.0.1:7830", ""], o.Listen);
        var specs = ListenSpec.FromOptions(o);
        Assert.Equal([("127.0.0.1", 7830, false), ("*", 783, false)], specs.Where(s => !s.IsUnix).Select(s => (s.Host!, s.Port, s.IsUnix)));
        Assert.Contains(specs, s => s.IsUnix && s.Path == "/run/spamd.sock");
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("-Z")]
    [InlineData("--timeout-tcp=x")]
    [InlineData("--pidfile")]
    [InlineData("--max")]            // ambiguous: max-children, max-spare, max-conn-per-child, max-message-size
    [InlineData("--socketpath=relative.sock")]
    [InlineData("--max-message-size=lots")]
    [InlineData("--allow-tell=yes")]
    public void Bad_command_lines_are_refused(string arg) => Assert.Throws<OptionException>(() => OptionParser.Parse([arg]));

    [Fact]
    public void Harmless_old_options_are_accepted_with_a_warning()
    {
        var o = OptionParser.Parse(["-c", "--create-prefs", "-H", "--helper-home-dir=/var/lib/spamd", "--min-children=2", "--max-spare", "3", "-q", "-Q", "--round-robin"]);
        Assert.Equal(9, o.Warnings.Count);
    }

    [Fact]
    public void Listen_specs_follow_spamds_syntax()
    {
        var o = OptionParser.Parse(["-p", "900", "--ssl"]);
        Assert.Equal(("::1", 900, true), Tcp(ListenSpec.Parse("[::1]", o)));
        Assert.Equal(("10.1.2.3", 25, true), Tcp(ListenSpec.Parse("ssl:10.1.2.3:25", o)));
        Assert.Equal(("localhost", 900, true), Tcp(ListenSpec.Parse("ssl:", o)));
        Assert.Equal(("*", 900, true), Tcp(ListenSpec.Parse("*", o)));
        Assert.True(ListenSpec.Parse("/tmp/x.sock", o).IsUnix);
        Assert.Throws<OptionException>(() => ListenSpec.Parse("bad host!", o));
        static (string, int, bool) Tcp(ListenSpec s) => (s.Host!, s.Port, s.Tls);
    }

    [Fact]
    public void Ssl_port_makes_tcp_sockets_tls_on_that_port_as_spamds_code_does()
    {
        var o = OptionParser.Parse(["-p", "900", "--ssl-port", "901"]);
        Assert.Equal(("127.0.0.1", 901, true), Tcp(ListenSpec.Parse("127.0.0.1", o)));
        Assert.Equal(("127.0.0.1", 25, true), Tcp(ListenSpec.Parse("127.0.0.1:25", o)));
        Assert.False(ListenSpec.Parse("/tmp/x.sock", o).Tls);
        static (string, int, bool) Tcp(ListenSpec s) => (s.Host!, s.Port, s.Tls);
    }

    [Theory]
    [InlineData("--ssl-verify", null, null)]
    [InlineData("--ssl-ca-file=/etc/ca.pem", "/etc/ca.pem", null)]
    [InlineData("--ssl-ca-path=/etc/ca", null, "/etc/ca")]
    public void A_ca_implies_ssl_verify_which_implies_ssl(string arg, string? file, string? path)
    {
        var o = OptionParser.Parse([arg]);
        Assert.Equal((true, true, file, path), (o.Ssl, o.SslVerify, o.SslCaFile, o.SslCaPath));
        Assert.Empty(o.Warnings);
    }

    [Fact]
    public void A_socketpath_alone_means_no_tcp_socket_as_in_spamd()
    {
        var specs = ListenSpec.FromOptions(OptionParser.Parse(["--socketpath=/run/spamd.sock"]));
        Assert.Equal([(true, "/run/spamd.sock")], specs.Select(s => (s.IsUnix, s.Path)));
    }

    [Fact]
    public void Max_message_size_understands_suffixes() =>
        Assert.Equal(10L << 20, OptionParser.Parse(["--max-message-size=10M"]).MaxMessageSize);
}
