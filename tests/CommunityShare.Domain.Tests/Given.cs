using CommunityShare.Domain.Facilities;
using NodaTime;
using NodaTime.Text;

namespace CommunityShare.Domain.Tests;

/// <summary>Zones, local times and facilities the tests are written in, so that each test reads as its scenario.</summary>
internal static class Given
{
    /// <summary>Has DST: 2026-03-29 01:00 GMT jumps to 02:00 BST; 2026-10-25 02:00 BST falls back to 01:00 GMT.</summary>
    public static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];

    /// <summary>UTC+8 all year round.</summary>
    public static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    public static readonly Instant SomeCreateTime = Instant.FromUtc(2026, 1, 1, 0, 0);

    private static readonly LocalDateTimePattern LocalPattern = LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm");

    /// <summary>A local wall-clock time that exists exactly once in <paramref name="zone"/>, e.g. "2026-06-02 09:00".</summary>
    public static Instant At(string local, DateTimeZone zone) =>
        LocalPattern.Parse(local).Value.InZoneStrictly(zone).ToInstant();

    public static Instant Utc(string utc) => InstantPattern.General.Parse(utc).Value;

    public static Interval Between(string localStart, string localEnd, DateTimeZone zone) =>
        new(At(localStart, zone), At(localEnd, zone));

    public static LocalDate Date(int year, int month, int day) => new(year, month, day);

    public static TimeRange Hours(int startHour, int endHour) => new(new LocalTime(startHour % 24, 0), new LocalTime(endHour % 24, 0));

    public static OpeningSchedule OpenEveryDay(params TimeRange[] windows) =>
        new(Enum.GetValues<IsoDayOfWeek>().Where(d => d != IsoDayOfWeek.None)
            .SelectMany(day => windows.Select(w => new WeeklyWindow(day, w))).ToArray(), []);

    /// <summary>1 h slots, at most 2 a booking, released 7 days ahead at 08:00, 1 h notice, 2 h cancellation deadline.</summary>
    public static BookingRules Rules => BookingRules.Default;

    /// <summary>A facility open every day 08:00–22:00 in Shanghai unless told otherwise.</summary>
    public static Facility Facility(int capacity = 1, BookingRules? rules = null, OpeningSchedule? schedule = null,
        DateTimeZone? zone = null, string id = "court-1", string? parentId = null) =>
        new(id, "school-1", parentId, "310112101001", "Court " + id, FacilityKind.Court, "", capacity, Accessibility.None,
            location: null, zone ?? Shanghai, schedule ?? OpenEveryDay(Hours(8, 22)), rules ?? Rules, SomeCreateTime);
}
