using System.Globalization;
using System.Text.RegularExpressions;

namespace Spamd.Engine.Rules.Evals;

/// <summary>
/// SpamAssassin's lenient RFC 822 date parser (Util::parse_rfc822_date): the same accepted shapes, the same
/// clamping of out-of-range fields and the same zone table, so date evals agree to the second.
/// </summary>
public static partial class MailDate
{
    private static readonly Dictionary<string, string> Zones = new(StringComparer.Ordinal)
    {
        ["UT"] = "+0000", ["UTC"] = "+0000", ["NDT"] = "-0230", ["AST"] = "-0400", ["ADT"] = "-0300",
        ["NST"] = "-0330", ["EST"] = "-0500", ["EDT"] = "-0400", ["CST"] = "-0600", ["CDT"] = "-0500",
        ["MST"] = "-0700", ["MDT"] = "-0600", ["PST"] = "-0800", ["PDT"] = "-0700", ["HST"] = "-1000",
        ["AKST"] = "-0900", ["AKDT"] = "-0800", ["HADT"] = "-0900", ["HAST"] = "-1000", ["GMT"] = "+0000",
        ["BST"] = "+0100", ["IST"] = "+0100", ["WET"] = "+0000", ["WEST"] = "+0100", ["CET"] = "+0100",
        ["CEST"] = "+0200", ["EET"] = "+0200", ["EEST"] = "+0300", ["MSK"] = "+0300", ["MSD"] = "+0400",
        ["MET"] = "+0100", ["MEZ"] = "+0100", ["MEST"] = "+0200", ["MESZ"] = "+0200", ["BRST"] = "-0200",
        ["BRT"] = "-0300", ["AEST"] = "+1000", ["AEDT"] = "+1100", ["ACST"] = "+0930", ["ACDT"] = "+1030",
        ["AWST"] = "+0800", ["NZST"] = "+1200", ["NZDT"] = "+1300", ["JST"] = "+0900", ["KST"] = "+0900",
        ["HKT"] = "+0800", ["SGT"] = "+0800", ["PHT"] = "+0800", ["IDT"] = "+0300",
    };

    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    [GeneratedRegex(@" (\d+) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) ", RegexOptions.IgnoreCase)]
    private static partial Regex DayMonthYear();

    [GeneratedRegex(@" (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +(\d+) \d+:\d+:\d+ (\d{4}) ", RegexOptions.IgnoreCase)]
    private static partial Regex AscTime();

    [GeneratedRegex(@" (\d+) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{2,3}) ", RegexOptions.IgnoreCase)]
    private static partial Regex ShortYear();

    [GeneratedRegex(@" (\d?\d):(\d\d)(:(\d\d))? ")]
    private static partial Regex Time();

    [GeneratedRegex(", *")]
    private static partial Regex CommaSpaces();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespaceRun();

    [GeneratedRegex(@" ([-+]\d{4}) ")]
    private static partial Regex NumericZone();

    [GeneratedRegex(@"\b([A-Z]{2,4}(?:-DST)?)\b")]
    private static partial Regex NamedZone();

    /// <summary>Seconds since the epoch (UTC), or null when the date cannot be parsed.</summary>
    public static long? Parse(string date)
    {
        string text = WhitespaceRun().Replace(CommaSpaces().Replace(" " + date + " ", " "), " ");
        int day, year;
        string month;
        Match m;
        if ((m = DayMonthYear().Match(text)).Success)
        {
            day = Int(m.Groups[1].Value); month = m.Groups[2].Value; year = Int(m.Groups[3].Value);
        }
        else if ((m = AscTime().Match(text)).Success)
        {
            day = Int(m.Groups[2].Value); month = m.Groups[1].Value; year = Int(m.Groups[3].Value);
        }
        else if ((m = ShortYear().Match(text)).Success)
        {
            day = Int(m.Groups[1].Value); month = m.Groups[2].Value; year = Int(m.Groups[3].Value);
            year = m.Groups[3].Value.Length == 2 && year < 50 ? year + 2000 : year + 1900;
        }
        else
        {
            return null;
        }
        text = text.Remove(m.Index, m.Length).Insert(m.Index, " ");

        int hour = 0, minute = 0, second = 0;
        var time = Time().Match(text);
        if (time.Success)
        {
            hour = Int(time.Groups[1].Value);
            minute = Int(time.Groups[2].Value);
            second = time.Groups[4].Success ? Int(time.Groups[4].Value) : 0;
            text = text.Remove(time.Index, time.Length).Insert(time.Index, " ");
        }
        string zone = "-0000";
        var numeric = NumericZone().Match(text);
        if (numeric.Success) zone = numeric.Groups[1].Value;
        else if (NamedZone().Match(text) is { Success: true } named && Zones.TryGetValue(named.Groups[1].Value, out var offset)) zone = offset;

        int monthNumber = Array.IndexOf(Months, month.ToLowerInvariant()) + 1;
        second = Math.Min(second, 59);
        minute = Math.Min(minute, 59);
        hour = Math.Min(hour, 23);
        int maxDay = monthNumber is 4 or 6 or 9 or 11 ? 30 : monthNumber == 2 ? (DateTime.IsLeapYear(Math.Clamp(year, 1, 9999)) ? 29 : 28) : 31;
        if (day > maxDay)
        {
            day = 1;
            if (++monthNumber > 12)
            {
                monthNumber = 1;
                year++;
            }
        }
        year = Math.Clamp(year, 1970, 2037);
        if (day < 1 || monthNumber < 1) return null;
        long seconds = (long)(new DateTime(year, monthNumber, day, hour, minute, second, DateTimeKind.Utc) - DateTime.UnixEpoch).TotalSeconds;
        long zoneSeconds = (Int(zone.Substring(1, 2)) * 60 + Int(zone.Substring(3, 2))) * 60;
        if (zone[0] == '-') seconds += zoneSeconds;
        else seconds = seconds < zoneSeconds ? 0 : seconds - zoneSeconds;
        return seconds;
    }

    private static int Int(string text) => int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
}
