using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace CommunityShare.Server.Web;

/// <summary>Dates and times as the pages write them, in the facility's zone and the page's language.</summary>
public static class LocalTimes
{
    private static bool Chinese => CultureInfo.CurrentCulture.TwoLetterISOLanguageName == "zh";

    private static readonly LocalTimePattern Clock = LocalTimePattern.CreateWithInvariantCulture("HH:mm");

    public static string Day(LocalDate date) =>
        LocalDatePattern.Create(Chinese ? "M'月'd'日' dddd" : "dddd d MMMM", CultureInfo.CurrentCulture).Format(date);

    public static string ShortDay(LocalDate date) =>
        LocalDatePattern.Create(Chinese ? "M'月'd'日' ddd" : "ddd d MMM", CultureInfo.CurrentCulture).Format(date);

    public static string Time(LocalTime time) => Clock.Format(time);

    public static string DateTime(LocalDateTime time) => ShortDay(time.Date) + " " + Time(time.TimeOfDay);

    /// <summary>"6月11日 周四 18:00–19:00" (a slot that ends after midnight still shows its end time only).</summary>
    public static string Slot(Interval slot, DateTimeZone zone)
    {
        var start = slot.Start.InZone(zone).LocalDateTime;
        var end = slot.End.InZone(zone).LocalDateTime;
        return $"{DateTime(start)}–{Time(end.TimeOfDay)}";
    }

    public static string Hours(Duration duration) =>
        duration.TotalMinutes % 60 == 0
            ? string.Format(CultureInfo.CurrentCulture, Chinese ? "{0}小时" : "{0} h", duration.TotalHours)
            : string.Format(CultureInfo.CurrentCulture, Chinese ? "{0}分钟" : "{0} min", duration.TotalMinutes);

    /// <summary>An instant in the form the booking links carry it (UTC, ISO).</summary>
    public static string ForLink(Instant instant) => InstantPattern.General.Format(instant);

    public static bool TryReadLink(string? text, out Instant instant)
    {
        var result = InstantPattern.General.Parse(text ?? "");
        instant = result.Success ? result.Value : default;
        return result.Success;
    }
}
