using System.Text.RegularExpressions;
using Spamd.Engine.Relays;

namespace Spamd.Engine.Rules.Evals;

/// <summary>
/// HeaderEval's check_for_forged_*_received_headers family: a From address at a big freemail service whose
/// Received trail does not show that service's own servers.
/// </summary>
public static partial class ForgedReceivedEvals
{
    private const string Ip = ReceivedPatterns.IpAddress;

    public static void Register(Dictionary<string, EvalFunction> functions)
    {
        functions["check_for_forged_yahoo_received_headers"] = (c, _) => ForgedYahoo(c);
        functions["check_for_forged_hotmail_received_headers"] = (c, _) => Hotmail(c) == HotmailVerdict.ForgedReceived;
        functions["check_for_no_hotmail_received_headers"] = (c, _) => Hotmail(c) == HotmailVerdict.NoHotmailReceived;
        functions["check_for_forged_gmail_received_headers"] = (c, _) => ForgedGmail(c);
        functions["check_for_forged_eudoramail_received_headers"] = (c, _) => ForgedEudoramail(c);
        functions["check_for_forged_juno_received_headers"] = (c, _) => ForgedJuno(c);
    }

    private static string Get(RuleContext c, string spec) => c.Header(spec) ?? "";
    private static string Received(RuleContext c) => Spaces().Replace(Get(c, "Received"), " ");
    private static bool Gated(RuleContext c) => HeaderEvals.GatedThroughReceivedRemover(c, []);
    private static bool Has(string text, string pattern) => ReceivedPatterns.Get(pattern).IsMatch(text);
    private static bool FromAt(RuleContext c, string domainPattern) =>
        Regex.IsMatch(Get(c, "From:addr"), "\\b" + domainPattern + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private static bool ForgedYahoo(RuleContext c)
    {
        if (!FromAt(c, "yahoo\\.com")) return false;
        var rcvd = Get(c, "Received");
        if (Get(c, "Resent-From").Length > 0 && Get(c, "Resent-To").Length > 0 && Get(c, "X-Received") is { Length: > 0 } x) rcvd = x;
        rcvd = Spaces().Replace(rcvd, " ");
        if (Gated(c)) return false;
        if (Has(c.Relays.TrustedText, " rdns=\\S+\\.yahoo\\.com ") || Has(c.Relays.UntrustedText, "^[^\\]]+ rdns=\\S+\\.yahoo\\.com ")) return false;
        if (Has(rcvd, "by web\\S+\\.mail\\S*\\.yahoo\\.com via HTTP")) return false;
        if (Has(rcvd, "by sonic\\S+\\.consmr\\.mail\\S*\\.yahoo\\.com with HTTP")) return false;
        if (Has(rcvd, "by smtp\\S+\\.yahoo\\.com with SMTP")) return false;
        if (Has(rcvd, "from \\[{IP}\\] by \\S+\\.(?:groups|scd|dcn)\\.yahoo\\.com with NNFMP")) return false;
        if (Has(rcvd, "\\bmailer\\d+\\.bulk\\.scd\\.yahoo\\.com\\b") && Regex.IsMatch(Get(c, "From:addr"), "@reply\\.yahoo\\.com$", RegexOptions.IgnoreCase)) return false;
        if (Has(rcvd, "by \\w+\\.\\w+\\.yahoo\\.com \\(\\d+\\.\\d+\\.\\d+/\\d+\\.\\d+\\.\\d+\\)(?: with ESMTP)? id \\w+")) return false;
        return true;
    }

    private enum HotmailVerdict { None, ForgedReceived, NoHotmailReceived }

    private sealed class HotmailState(HotmailVerdict verdict) { public HotmailVerdict Verdict { get; } = verdict; }

    private static HotmailVerdict Hotmail(RuleContext c) => c.State(static ctx => new HotmailState(HotmailCheck(ctx))).Verdict;

    private static HotmailVerdict HotmailCheck(RuleContext c)
    {
        var rcvd = Received(c);
        if (rcvd.Contains("from mail pickup service by hotmail.com with Microsoft SMTPSVC;", StringComparison.Ordinal)) return HotmailVerdict.None;
        if (MsnGroups(c)) return HotmailVerdict.None;
        bool ip = c.Header("X-Originating-Ip") is { } x && Has(x, Ip);
        bool orig = c.Header("X-OriginatorOrg") is { } o && Has(o, "hotmail\\.com|msonline-outlook");
        if (Gated(c)) return HotmailVerdict.None;
        if (ip && Has(rcvd, "from (?:\\S*\\.)?hotmail.com \\(\\S+\\.hotmail(?:\\.msn)?\\.com[ )]")) return HotmailVerdict.None;
        if (orig && Has(rcvd, "from \\S*\\.outbound\\.protection\\.outlook\\.com \\(\\S+\\.outbound\\.protection\\.outlook\\.com[ )]")) return HotmailVerdict.None;
        if (orig && Has(rcvd, "from \\S*\\.(?:eur|nam)prd\\d+\\.prod\\.outlook\\.com \\({IP}\\)")) return HotmailVerdict.None;
        if (ip && Has(rcvd, "from \\S*\\.hotmail.com \\(\\[{IP}\\][ ):]")) return HotmailVerdict.None;
        if (ip && Has(rcvd, "from \\S+ by \\S+\\.hotmail(?:\\.msn)?\\.com with HTTP;")) return HotmailVerdict.None;
        if (ip && Has(rcvd, "from \\[66\\.218.\\S+\\] by \\S+\\.yahoo\\.com")) return HotmailVerdict.None;
        if (Has(rcvd, "(?:from |HELO |helo=)\\S*hotmail\\.com\\b")) return HotmailVerdict.ForgedReceived;
        return FromAt(c, "hotmail\\.com") ? HotmailVerdict.NoHotmailReceived : HotmailVerdict.None;
    }

    private static bool MsnGroups(RuleContext c)
    {
        var list = Regex.Match(Get(c, "To"), "<(\\S+)@groups\\.msn\\.com>", RegexOptions.IgnoreCase);
        if (!list.Success) return false;
        var server = Regex.Match(Get(c, "Received"), "from mail pickup service by ((?:p\\d\\d\\.)groups\\.msn\\.com)\\b");
        if (!server.Success) return false;
        string name = list.Groups[1].Value;
        if (name == "notifications") return Regex.IsMatch(Get(c, "Message-Id"), "^<\\S+@" + server.Groups[1].Value + ">");
        return Regex.IsMatch(Get(c, "Message-Id"), "^<" + Regex.Escape(name) + "-\\S+@groups\\.msn\\.com>")
            && Regex.IsMatch(Get(c, "EnvelopeFrom:addr"), Regex.Escape(name) + "-bounce@groups\\.msn\\.com");
    }

    private static bool ForgedGmail(RuleContext c)
    {
        if (!FromAt(c, "gmail\\.com")) return false;
        var xReceived = Get(c, "X-Received");
        if (Has(xReceived, "by 10\\.\\S+ with SMTP id \\S+") || Has(xReceived, "by 2002:a\\d\\d:\\w+:\\S+ with SMTP id \\S+")) return false;
        if (Has(Get(c, "Received"), "by smtp\\.googlemail\\.com with ESMTPSA id \\S+")) return false;
        return !(Get(c, "X-Gm-Message-State").Length >= 60 && Get(c, "X-Google-Smtp-Source").Length >= 60);
    }

    private static bool ForgedEudoramail(RuleContext c)
    {
        if (!FromAt(c, "eudoramail\\.com")) return false;
        bool ip = c.Header("X-Sender-Ip") is { } x && Has(x, Ip);
        if (Gated(c)) return false;
        return !(ip && Has(Received(c), "by \\S*whowhere.com;"));
    }

    private static bool ForgedJuno(RuleContext c)
    {
        if (!FromAt(c, "juno\\.com")) return false;
        if (Gated(c)) return false;
        var xorig = Get(c, "X-Originating-IP");
        var xmailer = Get(c, "X-Mailer");
        var rcvd = Get(c, "Received");
        if (xorig.Length > 0)
        {
            if (!Has(rcvd, "from.*\\b(?:juno|untd)\\.com.*[\\[(]{IP}[\\])].*by") && !Has(rcvd, " cookie\\.(?:juno|untd)\\.com ")) return true;
            return !xmailer.Contains("Juno ", StringComparison.Ordinal);
        }
        if (Has(rcvd, "from.*\\bmail\\.com.*\\[{IP}\\].*by")) { if (!Has(xmailer, "\\bmail\\.com")) return true; }
        else if (Has(rcvd, "from (webmail\\S+\\.untd\\.com) \\(\\1 \\[{IP}\\]\\) by")) { if (!Has(xmailer, "^Webmail Version \\d")) return true; }
        else return true;
        return !Has(xorig, Ip);
    }

    [GeneratedRegex("\\s+")]
    private static partial Regex Spaces();
}
