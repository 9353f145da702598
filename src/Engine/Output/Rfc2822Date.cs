using System.Globalization;

namespace Spamd.Engine.Output;

/// <summary>SpamAssassin's <c>time_to_rfc822_date</c>: local time, "Sun, 22 Nov 2026 00:01:14 +0000".</summary>
internal static class Rfc2822Date
{
    private static readonly string[] Days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    public static string Format(DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, TimeZoneInfo.Local);
        int minutes = (int)local.Offset.TotalMinutes;
        // Perl: sprintf("%+.2d%.2d", $z/60, $z%60), with Perl's always-positive modulo.
        int hours = minutes / 60;
        string zone = (hours < 0 ? "-" : "+") + Math.Abs(hours).ToString("00", CultureInfo.InvariantCulture)
                      + (((minutes % 60) + 60) % 60).ToString("00", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture,
            $"{Days[(int)local.DayOfWeek]}, {local.Day:00} {Months[local.Month - 1]} {local.Year,4} {local.Hour:00}:{local.Minute:00}:{local.Second:00} {zone}");
    }
}
