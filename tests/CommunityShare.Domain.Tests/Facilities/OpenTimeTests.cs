using CommunityShare.Domain.Facilities;
using NodaTime;

namespace CommunityShare.Domain.Tests.Facilities;

public class OpenTimeTests
{
    private static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
    private static readonly LocalDate Monday = new(2026, 6, 8);

    private static readonly OpeningSchedule MorningsAndEvenings = new(
        [
            new WeeklyWindow(IsoDayOfWeek.Monday, new TimeRange(new LocalTime(8, 0), new LocalTime(12, 0))),
            new WeeklyWindow(IsoDayOfWeek.Monday, new TimeRange(new LocalTime(18, 0), new LocalTime(21, 0))),
        ],
        [new DateOverride(Monday.PlusDays(7), [], "区运动会")]);

    private static Interval Local(LocalDate date, int fromHour, int toHour) =>
        new(date.At(new LocalTime(fromHour, 0)).InZoneStrictly(Shanghai).ToInstant(), date.At(new LocalTime(toHour, 0)).InZoneStrictly(Shanghai).ToInstant());

    [Fact]
    public void Open_time_is_the_windows_of_the_date_less_every_closure()
    {
        var closures = new[] { Local(Monday, 10, 11), Local(Monday, 17, 19) };

        var open = OpenTime.On(MorningsAndEvenings, Shanghai, Monday, closures);

        Assert.Equal([Local(Monday, 8, 10), Local(Monday, 11, 12), Local(Monday, 19, 21)], open);
        Assert.Equal(Duration.FromHours(5), OpenTime.Total(MorningsAndEvenings, Shanghai, Monday, closures));
    }

    [Fact]
    public void A_closure_over_everything_an_override_that_closes_and_a_day_without_windows_leave_nothing()
    {
        Assert.Empty(OpenTime.On(MorningsAndEvenings, Shanghai, Monday, [Local(Monday, 0, 23)]));
        Assert.Empty(OpenTime.On(MorningsAndEvenings, Shanghai, Monday.PlusDays(7), []));
        Assert.Equal(Duration.Zero, OpenTime.Total(MorningsAndEvenings, Shanghai, Monday.PlusDays(1), []));
        Assert.Equal(Duration.FromHours(7), OpenTime.Total(MorningsAndEvenings, Shanghai, Monday, []));
    }

    [Fact]
    public void Overlap_is_the_shared_part_or_nothing()
    {
        Assert.Equal(Duration.FromHours(1), OpenTime.Overlap(Local(Monday, 8, 10), Local(Monday, 9, 12)));
        Assert.Equal(Duration.Zero, OpenTime.Overlap(Local(Monday, 8, 9), Local(Monday, 9, 12)));
    }
}
