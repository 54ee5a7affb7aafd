using CommunityShare.Domain.Facilities;
using NodaTime;
using static CommunityShare.Domain.Tests.Given;

namespace CommunityShare.Domain.Tests.Facilities;

public class OpeningScheduleTests
{
    // 2026-06-01 is a Monday.
    private static readonly LocalDate Monday = Date(2026, 6, 1);
    private static readonly LocalDate Tuesday = Date(2026, 6, 2);
    private static readonly LocalDate Saturday = Date(2026, 6, 6);

    private static readonly OpeningSchedule Weekdays = new(
    [
        new WeeklyWindow(IsoDayOfWeek.Monday, Hours(18, 21)),
        new WeeklyWindow(IsoDayOfWeek.Monday, Hours(8, 12)),
        new WeeklyWindow(IsoDayOfWeek.Tuesday, Hours(8, 12)),
        new WeeklyWindow(IsoDayOfWeek.Wednesday, Hours(8, 12)),
        new WeeklyWindow(IsoDayOfWeek.Thursday, Hours(8, 12)),
        new WeeklyWindow(IsoDayOfWeek.Friday, Hours(8, 12)),
        new WeeklyWindow(IsoDayOfWeek.Saturday, Hours(0, 24)),
    ], []);

    [Fact]
    public void A_day_without_overrides_has_its_weekly_windows_in_order_of_start()
    {
        Assert.Equal([Hours(8, 12), Hours(18, 21)], Weekdays.WindowsOn(Monday));
        Assert.Equal([Hours(8, 12)], Weekdays.WindowsOn(Tuesday));
    }

    [Fact]
    public void A_day_with_no_weekly_windows_is_closed()
    {
        Assert.Empty(Weekdays.WindowsOn(Date(2026, 6, 7)));
    }

    [Fact]
    public void Weekly_windows_are_kept_sorted_by_day_then_start()
    {
        Assert.Equal(IsoDayOfWeek.Monday, Weekdays.Weekly[0].Day);
        Assert.Equal(Hours(8, 12), Weekdays.Weekly[0].Hours);
        Assert.Equal(Hours(18, 21), Weekdays.Weekly[1].Hours);
        Assert.Equal(IsoDayOfWeek.Saturday, Weekdays.Weekly[^1].Day);
    }

    [Fact]
    public void A_date_override_replaces_the_weekly_windows_of_that_date_only()
    {
        var schedule = new OpeningSchedule(Weekdays.Weekly,
            [new DateOverride(Tuesday, [Hours(14, 16), Hours(19, 20)], "Sports day")]);

        Assert.Equal([Hours(14, 16), Hours(19, 20)], schedule.WindowsOn(Tuesday));
        Assert.Equal([Hours(8, 12)], schedule.WindowsOn(Tuesday.PlusWeeks(1)));
        Assert.Equal([Hours(8, 12), Hours(18, 21)], schedule.WindowsOn(Monday));
    }

    [Fact]
    public void An_override_with_no_windows_closes_the_day()
    {
        var schedule = new OpeningSchedule(Weekdays.Weekly, [new DateOverride(Saturday, [], "Dragon Boat Festival")]);

        Assert.Empty(schedule.WindowsOn(Saturday));
        Assert.Equal([Hours(0, 24)], schedule.WindowsOn(Saturday.PlusWeeks(1)));
    }

    [Fact]
    public void An_override_may_open_a_day_that_is_usually_closed()
    {
        var sunday = Date(2026, 6, 7);
        var schedule = new OpeningSchedule(Weekdays.Weekly, [new DateOverride(sunday, [Hours(9, 11)], "Open day")]);

        Assert.Equal([Hours(9, 11)], schedule.WindowsOn(sunday));
    }

    [Fact]
    public void Overrides_are_kept_sorted_by_date()
    {
        var schedule = new OpeningSchedule([],
        [
            new DateOverride(Date(2026, 10, 1), [], "National Day"),
            new DateOverride(Date(2026, 5, 1), [], "Labour Day"),
        ]);

        Assert.Equal([Date(2026, 5, 1), Date(2026, 10, 1)], schedule.Overrides.Select(o => o.Date));
    }

    [Fact]
    public void The_closed_schedule_has_no_windows_on_any_day()
    {
        Assert.Empty(OpeningSchedule.Closed.WindowsOn(Monday));
        Assert.Equal(Duration.Zero, OpeningSchedule.Closed.WeeklyOpenHours());
    }

    [Fact]
    public void Weekly_open_hours_add_up_every_weekly_window_counting_midnight_as_24_00()
    {
        // Monday 4 h + 3 h, Tuesday–Friday 4 h each, Saturday the whole day.
        Assert.Equal(Duration.FromHours(4 + 3 + (4 * 4) + 24), Weekdays.WeeklyOpenHours());
    }

    [Fact]
    public void Weekly_open_hours_ignore_date_overrides()
    {
        var schedule = new OpeningSchedule(Weekdays.Weekly, [new DateOverride(Saturday, [], "Closed")]);

        Assert.Equal(Weekdays.WeeklyOpenHours(), schedule.WeeklyOpenHours());
    }

    [Fact]
    public void Weekly_open_hours_count_minutes()
    {
        var schedule = new OpeningSchedule(
            [new WeeklyWindow(IsoDayOfWeek.Monday, new TimeRange(new LocalTime(8, 30), new LocalTime(9, 15)))], []);

        Assert.Equal(Duration.FromMinutes(45), schedule.WeeklyOpenHours());
    }
}
