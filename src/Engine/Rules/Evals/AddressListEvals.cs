using System.Text.RegularExpressions;

namespace Spamd.Engine.Rules.Evals;

/// <summary>
/// The WLBLEval plugin: welcomelist/blocklist checks of sender and recipient addresses, enlist_addrlist lists,
/// and enlist_uri_host lists of URI host names.
/// </summary>
public static partial class AddressListEvals
{
    public static void Register(Dictionary<string, EvalFunction> functions)
    {
        functions["check_from_in_welcomelist"] = (c, _) => FromIn(c, "welcomelist_from");
        functions["check_from_in_whitelist"] = functions["check_from_in_welcomelist"];
        functions["check_from_in_blocklist"] = (c, _) => FromIn(c, "blocklist_from");
        functions["check_from_in_blacklist"] = functions["check_from_in_blocklist"];
        functions["check_to_in_welcomelist"] = (c, _) => ToIn(c, "welcomelist_to");
        functions["check_to_in_whitelist"] = functions["check_to_in_welcomelist"];
        functions["check_to_in_blocklist"] = (c, _) => ToIn(c, "blocklist_to");
        functions["check_to_in_blacklist"] = functions["check_to_in_blocklist"];
        functions["check_to_in_more_spam"] = (c, _) => ToIn(c, "more_spam_to");
        functions["check_to_in_all_spam"] = (c, _) => ToIn(c, "all_spam_to");
        functions["check_from_in_list"] = (c, a) => a.Count > 0 && FromIn(c, "addrlist:" + a[0]);
        functions["check_to_in_list"] = (c, a) => a.Count > 0 && ToIn(c, "addrlist:" + a[0]);
        functions["check_replyto_in_list"] = (c, a) => a.Count > 0 &&
            Addresses(c, "Reply-To:addr").Any(address => c.Settings.AddressLists.Find("addrlist:" + a[0], address) is not null);
        functions["check_subject_in_welcomelist"] = (c, _) => SubjectIn(c, "welcomelist_subject");
        functions["check_subject_in_whitelist"] = functions["check_subject_in_welcomelist"];
        functions["check_subject_in_blocklist"] = (c, _) => SubjectIn(c, "blocklist_subject");
        functions["check_subject_in_blacklist"] = functions["check_subject_in_blocklist"];
        functions["check_uri_host_listed"] = (c, a) => a.Count > 0 && UriHostListed(c, a[0]);
        functions["check_uri_host_in_blocklist"] = (c, _) => UriHostListed(c, "BLOCK");
        functions["check_uri_host_in_blacklist"] = functions["check_uri_host_in_blocklist"];
        functions["check_uri_host_in_welcomelist"] = (c, _) => UriHostListed(c, "WELCOME");
        functions["check_uri_host_in_whitelist"] = functions["check_uri_host_in_welcomelist"];
    }

    private static bool SubjectIn(RuleContext context, string list)
    {
        string subject = (context.Header("Subject") ?? "").TrimEnd('\n');
        return subject.Length > 0 && context.Settings.AddressLists.Find(list, subject) is not null;
    }

    // An empty list (the stock configuration's welcomelist_from, blocklist_to ...) matches nothing: the addresses,
    // parsed from a dozen headers, are not worth gathering for it.
    private static bool FromIn(RuleContext context, string list) =>
        !context.Settings.AddressLists[list].IsEmpty &&
        AllFromAddresses(context).Any(address => context.Settings.AddressLists.Find(list, address) is not null);

    private static bool ToIn(RuleContext context, string list) =>
        !context.Settings.AddressLists[list].IsEmpty &&
        AllToAddresses(context).Any(address => context.Settings.AddressLists.Find(list, address) is not null);

    private static IEnumerable<string> Addresses(RuleContext context, string spec) =>
        (context.Header(spec) ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    [GeneratedRegex(@"\.+")]
    private static partial Regex Dots();

    // Per message, for the dozen evals that read them (welcome/block lists, addrlists, FreeMail).
    private sealed record FromAddressList(IReadOnlyList<string> Addresses);
    private sealed record ToAddressList(IReadOnlyList<string> Addresses);

    /// <summary>PerMsgStatus::all_from_addrs: Resent-From if present, else the sender headers and envelope.</summary>
    internal static IReadOnlyList<string> AllFromAddresses(RuleContext context) =>
        context.State(static c => new FromAddressList(FindAllFromAddresses(c))).Addresses;

    /// <summary>PerMsgStatus::all_to_addrs: Resent-To/Cc if present, else Received "for" and the recipient headers.</summary>
    internal static IReadOnlyList<string> AllToAddresses(RuleContext context) =>
        context.State(static c => new ToAddressList(FindAllToAddresses(c))).Addresses;

    private static IReadOnlyList<string> FindAllFromAddresses(RuleContext context)
    {
        var resent = Addresses(context, "Resent-From:first:addr").ToList();
        if (resent.Count > 0) return resent;
        return new[] { "From:addr", "Envelope-Sender:addr", "Resent-Sender:addr", "X-Envelope-From:addr", "EnvelopeFrom:addr" }
            .SelectMany(spec => Addresses(context, spec)).Select(a => Dots().Replace(a, ".")).Distinct().ToList();
    }

    [GeneratedRegex(@" for <?(\S+@(\S+?))>?;")]
    private static partial Regex ReceivedFor();

    private static IReadOnlyList<string> FindAllToAddresses(RuleContext context)
    {
        var resent = Addresses(context, "Resent-To:first:addr").Concat(Addresses(context, "Resent-Cc:first:addr")).ToList();
        if (resent.Count > 0) return resent;
        var received = (context.Header("Received") ?? "").Split('\n').Take(3)
            .Select(line => ReceivedFor().Match(line)).Where(m => m.Success && m.Groups[2].Value.Contains('.')).Select(m => m.Groups[1].Value);
        var headers = new[]
        {
            "To:addr", "Apparently-To:addr", "Delivered-To:addr", "Envelope-Recipients:addr", "Apparently-Resent-To:addr",
            "X-Envelope-To:addr", "Envelope-To:addr", "X-Delivered-To:addr", "X-Original-To:addr", "X-Rcpt-To:addr",
            "X-Real-To:addr", "Cc:addr",
        };
        return received.Concat(headers.SelectMany(spec => Addresses(context, spec))).Distinct().ToList();
    }

    [GeneratedRegex(@"^[a-z][a-z0-9+.-]*://(?:[^@/?#]*@)?\[?([^/?#:\]]+)", RegexOptions.IgnoreCase)]
    private static partial Regex UriHost();

    /// <summary>True when a URI host, or one of its parent domains, is on the enlist_uri_host list.</summary>
    private static bool UriHostListed(RuleContext context, string list)
    {
        if (!context.Rules.UriHostLists.TryGetValue(list, out var hosts)) return false;
        foreach (var uri in context.Message.Uris)
        {
            var match = UriHost().Match(uri);
            if (!match.Success) continue;
            string host = match.Groups[1].Value.ToLowerInvariant().TrimEnd('.');
            for (string? domain = host; !string.IsNullOrEmpty(domain); domain = ParentDomain(domain))
            {
                if (!hosts.Contains(domain)) continue;
                context.TestLog("URI: " + (domain == host ? host : $"{host} ({domain})"));
                return true;
            }
        }
        return false;
    }

    private static string? ParentDomain(string domain)
    {
        int dot = domain.IndexOf('.');
        return dot < 0 ? null : domain[(dot + 1)..];
    }
}
