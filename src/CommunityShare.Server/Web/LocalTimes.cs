using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace CommunityShare.Server.Web;

/// <summary>Dates and times as the pages write them, in the facility's zone and the page's language.</summary>
public static class LocalTimes
{
    private static bool Chinese => CultureInfo.CurrentCulture.TwoLetterISOLanguageName == "zh";

    private static readonly LocalTimePattern Clock = LocalTimePattern.CreateWithInvariantCulture("HH:mm");

    // Patterns are parsed once (a results page formats hundreds of dates), one per language the site speaks.
    private static readonly CultureInfo ChineseCulture = CultureInfo.GetCultureInfo("zh-CN");
    private static readonly CultureInfo EnglishCulture = CultureInfo.GetCultureInfo("en");
    private static readonly LocalDatePattern ChineseDay = LocalDatePattern.Create("M'月'd'日' dddd", ChineseCulture);
    private static readonly LocalDatePattern EnglishDay = LocalDatePattern.Create("dddd d MMMM", EnglishCulture);
    private static readonly LocalDatePattern ChineseShortDay = LocalDatePattern.Create("M'月'd'日' ddd", ChineseCulture);
    private static readonly LocalDatePattern EnglishShortDay = LocalDatePattern.Create("ddd d MMM", EnglishCulture);

    public static string Day(LocalDate date) => (Chinese ? ChineseDay : EnglishDay).Format(date);

    public static string ShortDay(LocalDate date) => (Chinese ? ChineseShortDay : EnglishShortDay).Format(date);

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
