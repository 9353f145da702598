using System.Text;
using System.Text.RegularExpressions;

namespace Spamd.Engine.Mime;

/// <summary>
/// SpamAssassin's <c>$pms->get($spec)</c> over a header section: names with the modifiers <c>:raw :addr :name
/// :host :domain :ip :revip :first :last</c> and the pseudo-headers <c>ALL</c>, <c>ALL:raw</c>, <c>ToCc</c>,
/// <c>EnvelopeFrom</c> and <c>MESSAGEID</c>. Relay pseudo-headers need the Received parser and are not served here.
/// </summary>
internal sealed partial class HeaderQuery
{
    private const int MaxAllHeadersLength = 65536;
    private readonly IReadOnlyList<HeaderField> fields;
    private readonly UriOptions uriOptions;
    private readonly Func<string> rawHeaderSection;
    private Regex? hostPattern;

    public HeaderQuery(IReadOnlyList<HeaderField> fields, Func<string> rawHeaderSection, UriOptions uriOptions)
    {
        this.fields = fields;
        this.rawHeaderSection = rawHeaderSection;
        this.uriOptions = uriOptions;
    }

    /// <summary>All values the spec yields (list context).</summary>
    public List<string> Values(string spec)
    {
        bool raw = false, addr = false, name = false, host = false, domain = false, ip = false, revip = false, first = false, last = false;
        var request = spec;
        int colon = request.IndexOf(':');
        if (colon >= 0)
        {
            foreach (var modifier in request[(colon + 1)..].Split(':'))
            {
                switch (modifier)
                {
                    case "raw": raw = true; break;
                    case "addr": addr = true; break;
                    case "name": name = true; break;
                    case "host": host = true; break;
                    case "domain": host = domain = true; break;
                    case "ip": ip = true; break;
                    case "revip": ip = revip = true; break;
                    case "first": first = true; break;
                    case "last": last = true; break;
                }
            }
            request = request[..colon];
        }
        bool needRaw = raw || addr || name;

        var results = new List<string>();
        if (request == "ALL") return raw ? AllRaw() : AllDecoded();
        if (request.Equals("EnvelopeFrom", StringComparison.OrdinalIgnoreCase))
        {
            var envelope = EnvelopeFrom();
            if (envelope != null) results.Add(envelope);
        }
        else if (request.Equals("ToCc", StringComparison.OrdinalIgnoreCase))
        {
            results.AddRange(Field("To", raw));
            results.AddRange(Field("Cc", raw));
        }
        else if (request == "MESSAGEID")
        {
            foreach (var h in new[] { "X-Message-Id", "Resent-Message-Id", "X-Original-Message-ID", "Message-Id" })
            {
                foreach (var v in Field(h, raw))
                    if (v.Length > 0) results.Add(v);
            }
        }
        else results.AddRange(needRaw ? RawField(request) : Field(request, false));

        if (results.Count == 0) return results;
        if (first) results.RemoveRange(1, results.Count - 1);
        else if (last) results.RemoveRange(0, results.Count - 1);

        if (addr || name)
        {
            var picked = new List<string>();
            foreach (var line in results)
            {
                foreach (var mailbox in AddressParser.Parse(line))
                {
                    if (addr)
                    {
                        if (mailbox.Address != null) picked.Add(mailbox.Address);
                    }
                    else if (mailbox.Phrase != null)
                    {
                        if (raw) picked.Add(mailbox.Phrase);
                        else picked.Add(CleanName(HeaderDecoder.Decode(mailbox.Phrase, "PMS:get:" + request)));
                    }
                }
            }
            results = picked;
        }

        if (results.Count > 0 && (host || ip))
        {
            var picked = new List<string>();
            foreach (var line in results)
            {
                string? found = host ? FindHost(line, addr) : FindIp(line);
                if (found == null) continue;
                if (domain) found = uriOptions.TrimDomain(found);
                if (revip) found = string.Join('.', found.Split('.').Reverse());
                picked.Add(found);
            }
            results = picked;
        }
        return results;
    }

    /// <summary>The scalar form: first value (without its newline) for address-like modifiers, else all joined.</summary>
    public string? Scalar(string spec)
    {
        var values = Values(spec);
        if (values.Count == 0) return null;
        if (AddressLikeModifier().IsMatch(spec) || spec == "EnvelopeFrom")
        {
            var v = values[0];
            return v.EndsWith('\n') ? v[..^1] : v;
        }
        return values.Count == 1 ? values[0] : string.Concat(values);
    }

    [GeneratedRegex(@":(?:addr|name|host|domain|ip|revip)\b", RegexOptions.CultureInvariant)]
    private static partial Regex AddressLikeModifier();

    [GeneratedRegex(@"[ \t\n\r\f\v]+", RegexOptions.CultureInvariant)]
    private static partial Regex WhitespaceRun();

    [GeneratedRegex(@"\r?\n[ \t\n\r\f\v]+", RegexOptions.CultureInvariant)]
    private static partial Regex FoldRun();

    private static string CleanName(string decoded)
    {
        if (decoded.All(HeaderDecoder.IsPerlSpace)) return decoded;
        var s = WhitespaceRun().Replace(decoded, " ").Trim(' ');
        if (s.Length >= 2 && s[0] == '\'' && s[^1] == '\'') s = s[1..^1];
        return s;
    }

    /// <summary>Decoded values (each + "\n") or raw values with folds turned to spaces, every header of the name.</summary>
    private List<string> Field(string name, bool raw)
    {
        var list = new List<string>();
        foreach (var f in fields)
        {
            if (!f.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) continue;
            list.Add(raw ? FoldRun().Replace(f.RawValue, " ") : f.Value + "\n");
        }
        return list;
    }

    private List<string> RawField(string name)
    {
        var list = new List<string>();
        var key = name.Trim();
        foreach (var f in fields)
            if (f.Name.Equals(key, StringComparison.OrdinalIgnoreCase)) list.Add(f.RawValue);
        return list;
    }

    private List<string> AllDecoded()
    {
        var lines = new List<string>();
        int size = 0;
        foreach (var f in fields)
        {
            var line = f.Name + ": " + f.Value + "\n";
            size += f.Name.Length + f.Value.Length + 3;
            if (size > MaxAllHeadersLength) break;
            lines.Add(line);
        }
        return lines;
    }

    private List<string> AllRaw()
    {
        // /^([^ \t].*?\n)(?![ \t])/smg over the pristine header section
        var lines = new List<string>();
        var s = rawHeaderSection();
        int pos = 0;
        while (pos < s.Length)
        {
            int end = pos;
            while (true)
            {
                int nl = s.IndexOf('\n', end);
                if (nl < 0) { end = -1; break; }
                end = nl + 1;
                if (end >= s.Length || s[end] is not (' ' or '\t')) break;
            }
            if (end < 0) break;
            // [^ \t].*?\n needs two characters, so a bare "\n" separator is not a header (a "\r\n" one is)
            if (s[pos] is not (' ' or '\t') && end - pos >= 2) lines.Add(s[pos..end]);
            pos = end;
        }
        return lines;
    }

    private string? EnvelopeFrom()
    {
        var xSender = FirstAddress("X-Sender");
        if (xSender != null && xSender.Contains('@') &&
            fields.Any(f => f.Name.Equals("Received", StringComparison.OrdinalIgnoreCase) && f.Value.Contains("(fetchmail", StringComparison.Ordinal)))
            return null;
        foreach (var name in new[] { "X-Envelope-From", "Envelope-Sender", "Return-Path" })
        {
            var value = FirstAddress(name);
            if (value == null) continue;
            if (!ReceivedBefore(name)) return value;
            if (name == "X-Envelope-From") return null;
        }
        return null;
    }

    private string? FirstAddress(string name)
    {
        foreach (var f in fields)
        {
            if (!f.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) continue;
            foreach (var m in AddressParser.Parse(f.RawValue))
                if (m.Address != null) return m.Address;
            return null;
        }
        return null;
    }

    private bool ReceivedBefore(string name)
    {
        bool received = false;
        foreach (var f in fields)
        {
            if (f.Name.Equals("Received", StringComparison.OrdinalIgnoreCase)) received = true;
            else if (f.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) return received;
        }
        return false;
    }

    private string? FindHost(string line, bool fromAddress)
    {
        if (fromAddress)
        {
            int at = line.LastIndexOf('@');
            if (at < 0) return null;
            int end = at + 1;
            while (end < line.Length && !HeaderDecoder.IsPerlSpace(line[end])) end++;
            return end > at + 1 ? line[(at + 1)..end] : null;
        }
        hostPattern ??= new Regex(@"(?<![._-])([^\t\n\x0B\f\r ]{1,251}\.(?:" +
            string.Join("|", uriOptions.ValidTlds.OrderByDescending(t => t.Length).Select(Regex.Escape)) + @"))(?![._-])",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        try
        {
            int lastAt = line.LastIndexOf('@');
            if (lastAt >= 0)
            {
                var m = hostPattern.Match(line, lastAt + 1);
                if (m.Success && m.Index == lastAt + 1 && UriCanonicalizer.IsFqdnValid(UriCanonicalizer.IdnToAscii(m.Groups[1].Value))) return m.Groups[1].Value;
            }
            for (var m = hostPattern.Match(line); m.Success; m = m.NextMatch())
                if (UriCanonicalizer.IsFqdnValid(UriCanonicalizer.IdnToAscii(m.Groups[1].Value))) return m.Groups[1].Value;
        }
        catch (RegexMatchTimeoutException) { }
        return null;
    }

    [GeneratedRegex(@"(?<!\.)\b((?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9]))\b(?!\.)", RegexOptions.CultureInvariant)]
    private static partial Regex Ipv4();

    private static string? FindIp(string line)
    {
        var m = Ipv4().Match(line);
        return m.Success ? m.Groups[1].Value : null;
    }
}
