using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Spamd.Engine.Scanning;

namespace Spamd.Engine.Config;

/// <summary>The non-rule settings: output, welcomelist/blocklist, Bayes, networks, plugins.</summary>
public sealed partial class ConfigBuilder
{
    private bool ApplySetting(string key, string value, string where)
    {
        if (ApplyAddressList(key, value)) return true;
        switch (key)
        {
            case "required_score":
            case "required_hits":
                Settings = Settings with { RequiredScore = Numeric(value) };
                return true;
            case "report_safe":
                SetReportSafe(value);
                return true;
            case "rewrite_header":
                SetRewriteHeader(value);
                return true;
            case "add_header":
                AddHeader(value);
                return true;
            case "remove_header":
                RemoveHeader(value);
                return true;
            case "clear_headers":
                var checker = Settings.AddedHeaders.Where(h => h.Audience != HeaderAudience.Spam &&
                    h.Name.Equals("Checker-Version", StringComparison.OrdinalIgnoreCase)).Take(1)
                    .Select(h => h with { Audience = HeaderAudience.All });
                Settings = Settings with { AddedHeaders = [.. checker] };
                return true;
            case "report":
                Settings = Settings with { ReportTemplate = Settings.ReportTemplate + TemplateLine(value) };
                return true;
            case "clear_report_template":
                Settings = Settings with { ReportTemplate = "" };
                return true;
            case "unsafe_report":
                Settings = Settings with { UnsafeReportTemplate = Settings.UnsafeReportTemplate + TemplateLine(value) };
                return true;
            case "clear_unsafe_report_template":
                Settings = Settings with { UnsafeReportTemplate = "" };
                return true;
            case "report_contact":
                Settings = Settings with { ReportContact = Required(value) };
                return true;
            case "report_charset":
                Settings = Settings with { ReportCharset = value };
                return true;
            case "report_safe_copy_headers":
                Settings = Settings with { ReportSafeCopyHeaders = Settings.ReportSafeCopyHeaders.AddRange(Words(Required(value))) };
                return true;
            case "fold_headers":
                Settings = Settings with { FoldHeaders = Bool(value) };
                return true;
            case "use_bayes":
                Settings = Settings with { UseBayes = Bool(value) };
                return true;
            case "use_bayes_rules":
                Settings = Settings with { UseBayesRules = Bool(value) };
                return true;
            case "bayes_auto_learn":
                Settings = Settings with { BayesAutoLearn = Bool(value) };
                return true;
            case "bayes_auto_learn_threshold_nonspam":
                Settings = Settings with { BayesAutoLearnThresholdNonspam = Numeric(value) };
                return true;
            case "bayes_auto_learn_threshold_spam":
                Settings = Settings with { BayesAutoLearnThresholdSpam = Numeric(value) };
                return true;
            case "bayes_min_ham_num":
                Settings = Settings with { BayesMinHamNum = (int)Numeric(value) };
                return true;
            case "bayes_min_spam_num":
                Settings = Settings with { BayesMinSpamNum = (int)Numeric(value) };
                return true;
            case "bayes_ignore_header":
                Settings = Settings with { BayesIgnoreHeaders = Settings.BayesIgnoreHeaders.AddRange(Words(value).Select(w => w.ToLowerInvariant())) };
                return true;
            case "trusted_networks":
                Settings = Settings with { TrustedNetworks = Settings.TrustedNetworks.AddRange(Words(Required(value))) };
                return true;
            case "internal_networks":
                Settings = Settings with { InternalNetworks = Settings.InternalNetworks.AddRange(Words(Required(value))) };
                return true;
            case "clear_trusted_networks":
                Settings = Settings with { TrustedNetworks = [] };
                return true;
            case "clear_internal_networks":
                Settings = Settings with { InternalNetworks = [] };
                return true;
            case "allow_user_rules":
                Settings = Settings with { AllowUserRules = Bool(value) };
                return true;
            case "loadplugin":
            case "tryplugin":
                LoadPlugin(value);
                return true;
            case "enable_compat":
                EnableCompat(value);
                return true;
            case "freemail_domains":
                foreach (var domain in Words(value))
                {
                    if (domain.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '*' or '?' or '-')) FreemailDomains.Add(domain.ToLowerInvariant());
                    else Report.Warn($"{where}: invalid freemail_domains entry '{domain}'");
                }
                return true;
            case "freemail_welcomelist":
            case "freemail_whitelist":
                foreach (var entry in Words(value)) FreemailWelcomelist.Add(entry.ToLowerInvariant());
                return true;
            case "enlist_uri_host":
            case "delist_uri_host":
                UriHostList(key == "enlist_uri_host", value);
                return true;
        }
        return false;
    }

    private static readonly Dictionary<string, string> AddressListAliases = new(StringComparer.Ordinal)
    {
        ["whitelist_from"] = "welcomelist_from",
        ["unwhitelist_from"] = "unwelcomelist_from",
        ["blacklist_from"] = "blocklist_from",
        ["unblacklist_from"] = "unblocklist_from",
        ["whitelist_to"] = "welcomelist_to",
        ["blacklist_to"] = "blocklist_to",
        ["whitelist_from_rcvd"] = "welcomelist_from_rcvd",
        ["def_whitelist_from_rcvd"] = "def_welcomelist_from_rcvd",
        ["unwhitelist_from_rcvd"] = "unwelcomelist_from_rcvd",
        ["whitelist_auth"] = "welcomelist_auth",
        ["def_whitelist_auth"] = "def_welcomelist_auth",
        ["unwhitelist_auth"] = "unwelcomelist_auth",
        ["whitelist_from_dkim"] = "welcomelist_from_dkim",
        ["def_whitelist_from_dkim"] = "def_welcomelist_from_dkim",
        ["whitelist_from_spf"] = "welcomelist_from_spf",
        ["def_whitelist_from_spf"] = "def_welcomelist_from_spf",
        ["whitelist_subject"] = "welcomelist_subject",
        ["blacklist_subject"] = "blocklist_subject",
    };

    private static readonly HashSet<string> AddressListNames = new(StringComparer.Ordinal)
    {
        "welcomelist_from", "blocklist_from", "welcomelist_to", "blocklist_to", "more_spam_to", "all_spam_to",
        "welcomelist_auth", "def_welcomelist_auth", "welcomelist_from_dkim", "def_welcomelist_from_dkim",
        "welcomelist_from_spf", "def_welcomelist_from_spf",
    };

    /// <summary>welcomelist/blocklist directives and their removal forms; true when <paramref name="key"/> is one.</summary>
    private bool ApplyAddressList(string key, string value)
    {
        key = AddressListAliases.GetValueOrDefault(key, key);
        var lists = Settings.AddressLists;
        if (AddressListNames.Contains(key))
        {
            // The dkim/spf lists take "address [signing-domain]"; only the address is a glob.
            var words = Words(Required(value));
            if (key.EndsWith("_dkim", StringComparison.Ordinal) || key.EndsWith("_spf", StringComparison.Ordinal))
                words = words.Take(1).ToArray();
            foreach (var address in words) lists = lists.Add(key, new AddressEntry(address.ToLowerInvariant()));
        }
        else if (key is "welcomelist_subject" or "blocklist_subject")
        {
            // WelcomeListSubject: the whole value is one glob, matched anywhere in the subject.
            string glob = Required(value).ToLowerInvariant();
            lists = lists.Add(key, new AddressEntry("*" + glob + "*"));
        }
        else if (key is "welcomelist_from_rcvd" or "def_welcomelist_from_rcvd")
        {
            var words = Words(Required(value));
            if (words.Length != 2) throw new FormatException("needs an address and a relay domain");
            lists = lists.Add(key, new AddressEntry(words[0].ToLowerInvariant(), words[1].ToLowerInvariant()));
        }
        else if (key is "unwelcomelist_from" or "unblocklist_from" or "unwelcomelist_auth")
        {
            string target = key switch
            {
                "unwelcomelist_from" => "welcomelist_from",
                "unblocklist_from" => "blocklist_from",
                _ => "welcomelist_auth",
            };
            foreach (var address in Words(Required(value)))
            {
                lists = lists.Remove(target, address.ToLowerInvariant());
                if (target == "welcomelist_auth") lists = lists.Remove("def_welcomelist_auth", address.ToLowerInvariant());
            }
        }
        else if (key == "unwelcomelist_from_rcvd")
        {
            foreach (var address in Words(Required(value)))
            {
                lists = lists.Remove("welcomelist_from_rcvd", address.ToLowerInvariant());
                lists = lists.Remove("def_welcomelist_from_rcvd", address.ToLowerInvariant());
            }
        }
        else if (key is "enlist_addrlist" or "delist_addrlist")
        {
            var match = ListDirective().Match(value);
            if (!match.Success) throw new FormatException("expected (LISTNAME) addresses");
            foreach (var list in match.Groups[1].Value.Split(','))
                foreach (var address in Words(match.Groups[2].Value))
                    lists = key == "enlist_addrlist"
                        ? lists.Add("addrlist:" + list.Trim(), new AddressEntry(address.ToLowerInvariant()))
                        : lists.Remove("addrlist:" + list.Trim(), address.ToLowerInvariant());
        }
        else
        {
            return false;
        }
        Settings = Settings with { AddressLists = lists };
        return true;
    }

    private void UriHostList(bool enlist, string value)
    {
        var match = ListDirective().Match(value);
        if (!match.Success) throw new FormatException("expected (LISTNAME) hosts");
        foreach (var list in match.Groups[1].Value.Split(','))
        {
            if (!UriHostLists.TryGetValue(list.Trim(), out var hosts))
                UriHostLists[list.Trim()] = hosts = new HashSet<string>(StringComparer.Ordinal);
            foreach (var host in Words(match.Groups[2].Value))
            {
                if (enlist) hosts.Add(host.ToLowerInvariant());
                else hosts.Remove(host.ToLowerInvariant());
            }
        }
    }

    [GeneratedRegex(@"^\(([^)]+)\)\s+(.+)$")]
    private static partial Regex ListDirective();

    private void SetReportSafe(string value)
    {
        if (value is not ("0" or "1" or "2")) throw new FormatException(value);
        int reportSafe = value[0] - '0';
        var headers = Settings.AddedHeaders;
        if (reportSafe == 0 && !headers.Any(h => h.Audience != HeaderAudience.Ham &&
                                               h.Name.Equals("Report", StringComparison.OrdinalIgnoreCase)))
            headers = headers.Add(new AddedHeader(HeaderAudience.Spam, "Report", "_REPORT_"));
        Settings = Settings with { ReportSafe = reportSafe, AddedHeaders = headers };
    }

    private void SetRewriteHeader(string value)
    {
        SplitNameValue(value, out var header, out var text);
        header = header.Length == 0 ? "" : char.ToUpperInvariant(header[0]) + header[1..].ToLowerInvariant();
        if (header is not ("Subject" or "From" or "To")) throw new FormatException($"cannot rewrite {header}");
        if (text.Trim().Length == 0)
        {
            Settings = Settings with { RewriteHeaders = Settings.RewriteHeaders.Remove(header) };
            return;
        }
        if (header != "Subject") text = text.Replace('(', '[').Replace(')', ']');
        Settings = Settings with { RewriteHeaders = Settings.RewriteHeaders.SetItem(header, text) };
    }

    private void AddHeader(string value)
    {
        var match = AddHeaderPattern().Match(value);
        if (!match.Success) throw new FormatException(value);
        var audience = ParseAudience(match.Groups[1].Value);
        string name = match.Groups[2].Value;
        string template = match.Groups[3].Value;
        if (template.Length >= 2 && template[0] == '"' && template[^1] == '"') template = template[1..^1];
        template = UnescapeHeaderTemplate(template);
        Settings = Settings with { AddedHeaders = WithoutHeader(Settings.AddedHeaders, audience, name).Add(new AddedHeader(audience, name, template)) };
    }

    private void RemoveHeader(string value)
    {
        var match = RemoveHeaderPattern().Match(value);
        if (!match.Success) throw new FormatException(value);
        string name = match.Groups[2].Value;
        if (name == "Checker-Version") return;
        Settings = Settings with { AddedHeaders = WithoutHeader(Settings.AddedHeaders, ParseAudience(match.Groups[1].Value), name) };
    }

    /// <summary>Drops <paramref name="name"/> for <paramref name="audience"/>; an "all" entry keeps its other half.</summary>
    private static ImmutableArray<AddedHeader> WithoutHeader(ImmutableArray<AddedHeader> headers, HeaderAudience audience, string name)
    {
        var result = ImmutableArray.CreateBuilder<AddedHeader>();
        foreach (var header in headers)
        {
            if (!header.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) result.Add(header);
            else if (audience != HeaderAudience.All && header.Audience == HeaderAudience.All)
                result.Add(header with { Audience = audience == HeaderAudience.Spam ? HeaderAudience.Ham : HeaderAudience.Spam });
            else if (audience != HeaderAudience.All && header.Audience != audience) result.Add(header);
        }
        return result.ToImmutable();
    }

    private static HeaderAudience ParseAudience(string text) => text switch
    {
        "spam" => HeaderAudience.Spam,
        "ham" => HeaderAudience.Ham,
        _ => HeaderAudience.All,
    };

    /// <summary>add_header escapes: \t and \n expand, \\ stays one backslash, any other escape is dropped.</summary>
    internal static string UnescapeHeaderTemplate(string template)
    {
        var parts = (template + "\n").Split("\\\\");
        for (int i = 0; i < parts.Length; i++)
            parts[i] = OtherEscape().Replace(parts[i].Replace("\\t", "\t").Replace("\\n", "\n"), "");
        string joined = string.Join("\\", parts);
        return joined[..^1];
    }

    [GeneratedRegex(@"^(ham|spam|all)\s+([A-Za-z0-9_-]+)\s+(.*?)\s*$", RegexOptions.Singleline)]
    private static partial Regex AddHeaderPattern();

    [GeneratedRegex(@"^(ham|spam|all)\s+([A-Za-z0-9_-]+)\s*$")]
    private static partial Regex RemoveHeaderPattern();

    [GeneratedRegex(@"\\.", RegexOptions.Singleline)]
    private static partial Regex OtherEscape();

    private static string TemplateLine(string value)
    {
        var match = Regex.Match(value, "^\"(.*?)\"$", RegexOptions.Singleline);
        return (match.Success ? match.Groups[1].Value : value) + "\n";
    }

    private static string Required(string value) =>
        value.Length > 0 ? value : throw new FormatException("missing value");

    private static string[] Words(string value) =>
        value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    private static double Numeric(string value)
    {
        if (!NumericPattern().IsMatch(value)) throw new FormatException($"not a number: '{value}'");
        return double.Parse(value.TrimEnd('.'), NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"^[+-]?\d+(?:\.\d*)?$")]
    private static partial Regex NumericPattern();

    private static bool Bool(string value) => value.ToLowerInvariant() switch
    {
        "1" or "yes" => true,
        "0" or "no" => false,
        _ => throw new FormatException($"not a boolean: '{value}'"),
    };
}
