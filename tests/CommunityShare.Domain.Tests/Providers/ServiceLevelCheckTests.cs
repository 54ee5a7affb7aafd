using CommunityShare.Domain.Complaints;
using CommunityShare.Domain.Facilities;
using CommunityShare.Domain.Providers;
using NodaTime;

namespace CommunityShare.Domain.Tests.Providers;

public class ServiceLevelCheckTests
{
    private static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    /// <summary>Open 08:00–12:00 on weekdays: 20 hours a week.</summary>
    private static readonly OpeningSchedule Weekdays = new(
        Enumerable.Range(1, 5).Select(d => new WeeklyWindow((IsoDayOfWeek)d, new TimeRange(new LocalTime(8, 0), new LocalTime(12, 0)))).ToArray(), []);

    private static Interval Local(LocalDate date, int from, int to) =>
        new(date.At(new LocalTime(from, 0)).InZoneStrictly(Shanghai).ToInstant(), date.At(new LocalTime(to, 0)).InZoneStrictly(Shanghai).ToInstant());

    [Fact]
    public void Delivered_hours_are_the_published_windows_per_week_summed_over_the_scope()
    {
        var days = new DateInterval(new LocalDate(2026, 5, 11), new LocalDate(2026, 6, 7)); // four whole weeks

        var hours = ServiceLevelCheck.OpenHoursPerWeek([new ScopeFacility(Weekdays, Shanghai, []), new ScopeFacility(Weekdays, Shanghai, [])], days);

        Assert.Equal(40, hours, 6);
    }

    [Fact]
    public void Blackouts_take_away_what_they_cover_once_even_when_they_overlap()
    {
        var monday = new LocalDate(2026, 5, 11);
        var days = new DateInterval(monday, monday.PlusDays(27));
        var blackouts = new[] { Local(monday, 7, 10), Local(monday, 9, 11), Local(monday.PlusDays(5), 8, 12) }; // 3 h on Monday; Saturday is closed anyway

        var hours = ServiceLevelCheck.OpenHoursPerWeek([new ScopeFacility(Weekdays, Shanghai, blackouts)], days);

        Assert.Equal(20 - 3 / 4.0, hours, 6);
    }

    [Fact]
    public void Date_overrides_replace_the_weekly_windows()
    {
        var monday = new LocalDate(2026, 5, 11);
        var schedule = new OpeningSchedule(Weekdays.Weekly, [new DateOverride(monday, [], "设备检修")]);

        var hours = ServiceLevelCheck.OpenHoursPerWeek([new ScopeFacility(schedule, Shanghai, [])], new DateInterval(monday, monday.PlusDays(6)));

        Assert.Equal(16, hours, 6);
    }

    [Fact]
    public void Periods_are_fixed_28_day_blocks_so_a_level_is_measured_once_per_period()
    {
        var a = ServiceLevelCheck.LastPeriod(new LocalDate(2026, 6, 10));
        var b = ServiceLevelCheck.LastPeriod(new LocalDate(2026, 6, 11));

        Assert.Equal(a, b);
        Assert.Equal(28, a.Length);
        Assert.True(a.End < new LocalDate(2026, 6, 10));
        Assert.Equal(0, Period.Between(ServiceLevelCheck.PeriodEpoch, a.Start, PeriodUnits.Days).Days % 28);
        Assert.Equal(a.End.PlusDays(1), ServiceLevelCheck.LastPeriod(a.End.PlusDays(29)).Start);
    }

    [Fact]
    public void A_complaint_is_late_when_answered_after_its_working_days_counting_holidays()
    {
        // Filed Wednesday 30 September 2026; 1–7 October are the National Day holidays, 10 October a make-up working day.
        var calendar = new WorkingCalendar([
            .. Enumerable.Range(1, 7).Select(d => new CalendarDay(new LocalDate(2026, 10, d), CalendarDayKind.Holiday, "国庆节")),
            new CalendarDay(new LocalDate(2026, 10, 10), CalendarDayKind.WorkingDay, "国庆节调休"),
        ]);
        var filed = new LocalDate(2026, 9, 30);

        Assert.False(ServiceLevelCheck.AnsweredLate(calendar, filed, new LocalDate(2026, 10, 9), new LocalDate(2026, 11, 1), 2));
        Assert.True(ServiceLevelCheck.AnsweredLate(calendar, filed, new LocalDate(2026, 10, 12), new LocalDate(2026, 11, 1), 2));
        Assert.True(ServiceLevelCheck.AnsweredLate(calendar, filed, null, new LocalDate(2026, 10, 12), 2));
    }
}
