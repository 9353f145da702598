using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace Spamd.Engine.Rules.Evals;

/// <summary>The freemail_domains / freemail_welcomelist configuration of the FreeMail plugin, compiled.</summary>
public sealed class FreeMailDomains
{
    public static readonly FreeMailDomains Empty = new([], [], []);

    private readonly FrozenSet<string> domains;
    private readonly FrozenSet<string> welcomelist;
    private readonly Regex? wildcards;

    public FreeMailDomains(IEnumerable<string> domains, IEnumerable<string> wildcardDomains, IEnumerable<string> welcomelist)
    {
        this.domains = domains.ToFrozenSet(StringComparer.Ordinal);
        this.welcomelist = welcomelist.ToFrozenSet(StringComparer.Ordinal);
        var patterns = wildcardDomains.Select(w => Regex.Escape(w).Replace(@"\?", ".").Replace(@"\*", "[^.]*")).ToList();
        if (patterns.Count > 0) wildcards = new Regex("@(?:" + string.Join("|", patterns) + ")$", RegexOptions.CultureInvariant);
    }

    /// <summary>Role and machine addresses that are never counted as freemail senders.</summary>
    private static readonly Regex RoleAddress = new(
        @"^(?:abuse|support|sales|info|helpdesk|contact|kontakt|(?:post|host|domain)master|undisclosed.*|request-[a-f0-9]{16}|bounced?-|[a-f0-9]{8}(?:\.[a-f0-9]{8}|-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12})|.+=.+=.+)@",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>The plugin is inactive without any freemail_domains.</summary>
    public bool Available => domains.Count > 0 || wildcards is not null;

    /// <summary>FreeMail::_is_freemail for a lower-cased address.</summary>
    public bool IsFreemail(string email)
    {
        if (email.Length == 0 || welcomelist.Contains(email) || RoleAddress.IsMatch(email)) return false;
        string domain = email[(email.LastIndexOf('@') + 1)..];
        if (welcomelist.Contains(domain)) return false;
        return domains.Contains(domain) || (wildcards?.IsMatch(email) ?? false);
    }
}

/// <summary>The FreeMail plugin: freemail senders, reply addresses and addresses in the body.</summary>
public static partial class FreeMailEvals
{
    private const int MaxBodyEmails = 5;
    private const int MaxBodyFreemails = 3;

    public static void Register(Dictionary<string, EvalFunction> functions)
    {
        functions["check_freemail_from"] = From;
        functions["check_freemail_header"] = Header;
        functions["check_freemail_replyto"] = ReplyTo;
        functions["check_freemail_body"] = Body;
    }

    private static FreeMailDomains Domains(RuleContext context) => context.Rules.FreeMail;

    /// <summary>An argument's regex, built once per distinct argument (they come from the configuration).</summary>
    private static Regex? Pattern(IReadOnlyList<string> args, int index) =>
        args.Count <= index ? null : Patterns.GetOrAdd(args[index], static text =>
        {
            var translation = PerlRegex.Translate(text);
            return translation.Succeeded ? new Regex(translation.Pattern, translation.Options, TimeSpan.FromMilliseconds(250)) : null;
        });

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Regex?> Patterns = new(StringComparer.Ordinal);

    /// <summary>FreeMail's _test_log (freemail_add_describe_email, on by default): addresses with "@" as "(at)".</summary>
    private static bool Logged(RuleContext context, string text)
    {
        context.TestLog(text.Replace("@", "(at)"));
        return true;
    }

    private static List<string> Addresses(RuleContext context, string spec) =>
        (context.Header(spec) ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(a => a.ToLowerInvariant()).ToList();

    private static bool From(RuleContext context, IReadOnlyList<string> args)
    {
        var domains = Domains(context);
        if (!domains.Available) return false;
        var pattern = Pattern(args, 0);
        var hit = AddressListEvals.AllFromAddresses(context).Select(a => a.ToLowerInvariant()).Where(a => a.Length > 0).Distinct()
            .FirstOrDefault(email => domains.IsFreemail(email) && (pattern?.IsMatch(email) ?? true));
        return hit is not null && Logged(context, hit);
    }

    private static bool Header(RuleContext context, IReadOnlyList<string> args)
    {
        var domains = Domains(context);
        if (!domains.Available || args.Count == 0) return false;
        string header = args[0].EndsWith(":addr", StringComparison.OrdinalIgnoreCase) ? args[0][..^5] : args[0];
        var pattern = Pattern(args, 1);
        var hit = Addresses(context, header + ":addr").FirstOrDefault(email => domains.IsFreemail(email) && (pattern?.IsMatch(email) ?? true));
        return hit is not null && Logged(context, hit);
    }

    /// <summary>Envelope senders of bulk mail, for which the reply-to check is skipped.</summary>
    [GeneratedRegex(@"(?:^(?:post|host|domain)master|^double-bounce|^(?:sentto|owner|return|(?:gr)?bounced?)-.+|-(?:request|bounces?|admin|owner)|\b(?:do[._-t]?)?no[._-t]?repl(?:y|ies)|.+=.+)@", RegexOptions.IgnoreCase)]
    private static partial Regex BulkEnvelopeFrom();

    private static bool ReplyTo(RuleContext context, IReadOnlyList<string> args)
    {
        var domains = Domains(context);
        if (!domains.Available) return false;
        string what = args.Count > 0 ? args[0] : "replyto";
        if (what is not ("replyto" or "reply")) return false;
        string? envelopeFrom = context.Header("EnvelopeFrom")?.Split('\n')[0].Trim();
        if (envelopeFrom is not null && BulkEnvelopeFrom().IsMatch(envelopeFrom)) return false;

        var from = Addresses(context, "From:addr");
        var replyTo = Addresses(context, "Reply-To:addr");
        bool fromIsFree = from.Any(domains.IsFreemail);
        bool replyToIsFree = replyTo.Any(domains.IsFreemail);
        bool fromNotInReplyTo = !from.Any(replyTo.Contains);
        if (fromIsFree && replyToIsFree && fromNotInReplyTo)
            return Logged(context, string.Join(",", from) + " -> " + string.Join(",", replyTo));
        if (what == "replyto" && !replyToIsFree) return false;
        if (what == "reply" && ((replyTo.Count > 0 && !replyToIsFree) || !fromIsFree)) return false;

        var body = context.State(BodyFreemails.Find);
        if (body.Skipped || body.Emails.Count == 0) return false;
        var reply = what == "replyto" ? replyTo : replyToIsFree ? replyTo : from;
        foreach (var bodyEmail in body.Emails)
            foreach (var replyEmail in reply)
                if (replyEmail != bodyEmail) return Logged(context, replyEmail + ", " + bodyEmail);
        return false;
    }

    private static bool Body(RuleContext context, IReadOnlyList<string> args)
    {
        if (!Domains(context).Available) return false;
        var body = context.State(BodyFreemails.Find);
        if (body.Skipped) return false;
        var pattern = Pattern(args, 0);
        if (pattern is null) return body.Emails.Count > 0 && Logged(context, string.Join(", ", body.Emails));
        var hit = body.Emails.FirstOrDefault(pattern.IsMatch);
        return hit is not null && Logged(context, hit);
    }

    /// <summary>Freemail addresses written in the body (FreeMail::_parse_body), computed once per message.</summary>
    private sealed class BodyFreemails
    {
        public List<string> Emails { get; } = [];
        public bool Skipped { get; private set; }

        private const string Email =
            @"(?=.{0,64}@)(?<![a-z0-9!#$%&'*+/=?^_`{|}~-])([a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,59}[a-z0-9])?\.){1,4}[a-z]{2,63})(?![a-z0-9-])";

        // Compiled: run over every body line with an '@' of every message (interpreted, ~0.15 ms per message).
        private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.Compiled;
        private static readonly Regex UrlWithAt = Warmed(new(@"<?https?://\S{0,255}(?:@|%40)\S{0,255}", Options, TimeSpan.FromMilliseconds(250)));
        private static readonly Regex LabelledEmail = Warmed(new(@"<?(?<!mailto:)" + Email + @"(?:>|\s{1,10}(?!(?:fa(?:x|csi)|tel|phone|e?-?mail))[a-z]{2,11}:)", Options, TimeSpan.FromMilliseconds(250)));
        private static readonly Regex EmailPattern = Warmed(new(Email, Options, TimeSpan.FromMilliseconds(250)));

        /// <summary>First use JIT-compiles the matcher: done here, so it never counts against a scan's time bound.</summary>
        private static Regex Warmed(Regex regex)
        {
            try
            {
                foreach (Match _ in regex.Matches("<joe@example.com> fax: or see http://x.example/a@b and ann.lee@example.org tel:")) { }
            }
            catch (RegexMatchTimeoutException)
            {
                // Only the JIT was slow.
            }
            return regex;
        }

        public static BodyFreemails Find(RuleContext context)
        {
            var result = new BodyFreemails();
            var seen = new List<string>();
            foreach (var uri in context.Message.Uris)
            {
                if (!uri.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase)) continue;
                var match = EmailPattern.Match(uri, 7);
                if (match.Success && match.Index == 7 && !seen.Contains(match.Groups[1].Value.ToLowerInvariant()))
                    seen.Add(match.Groups[1].Value.ToLowerInvariant());
                if (seen.Count >= 20) break;
            }
            foreach (var line in context.Message.BodyText)
            {
                if (seen.Count >= 40) break;
                // Every address has an '@' (the URL rewrite only removes text): most lines are skipped cheaply.
                if (!line.Contains('@')) continue;
                string text = LabelledEmail.Replace(UrlWithAt.Replace(line, " "), " ");
                foreach (Match match in EmailPattern.Matches(text))
                {
                    string email = match.Groups[1].Value.ToLowerInvariant();
                    if (!seen.Contains(email)) seen.Add(email);
                    if (seen.Count >= 40) break;
                }
            }
            int all = 0, free = 0;
            var domains = context.Rules.FreeMail;
            foreach (var email in seen)
            {
                if (++all == MaxBodyEmails)
                {
                    result.Skipped = true;
                    return result;
                }
                if (!domains.IsFreemail(email)) continue;
                if (++free == MaxBodyFreemails)
                {
                    result.Skipped = true;
                    return result;
                }
                if (!result.Emails.Contains(email)) result.Emails.Add(email);
            }
            return result;
        }
    }
}
