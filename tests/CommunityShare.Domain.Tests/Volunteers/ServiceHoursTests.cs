using CommunityShare.Domain.Volunteers;
using NodaTime;
using NodaTime.Testing;
using static CommunityShare.Domain.Tests.Volunteers.VolunteerWorld;

namespace CommunityShare.Domain.Tests.Volunteers;

public class ServiceHoursTests
{
    [Fact]
    public void Hours_run_from_check_in_to_check_out_within_the_shift()
    {
        var shift = Shift("s", "2026-06-10", 9, 12);
        var clock = new FakeClock(Given.At("2026-06-10 08:40", Zone));
        var assignment = new Assignment("x", shift, "v", AssignmentState.Assigned, AssignmentSource.SignUp, "residents/v", clock.GetCurrentInstant());

        assignment.CheckIn(clock.GetCurrentInstant());
        clock.Advance(Duration.FromMinutes(20 + 150));
        assignment.CheckOut(clock.GetCurrentInstant());

        // Came 20 minutes early (not counted), left at 11:30.
        Assert.Equal(150, ServiceHours.Minutes(shift.Period, assignment.CheckInTime!.Value, assignment.CheckOutTime!.Value));
    }

    [Fact]
    public void Check_in_opens_30_minutes_before_and_closes_at_the_end()
    {
        var shift = Shift("s", "2026-06-10", 9, 12);
        var clock = new FakeClock(Given.At("2026-06-10 08:29", Zone));
        var early = new Assignment("x", shift, "v", AssignmentState.Assigned, AssignmentSource.SignUp, "residents/v", clock.GetCurrentInstant());

        Assert.Equal(Reasons.CheckInNotOpen, Assert.Throws<Problem>(() => early.CheckIn(clock.GetCurrentInstant())).Reason);
        clock.Reset(Given.At("2026-06-10 12:00", Zone));
        Assert.Equal(Reasons.CheckInClosed, Assert.Throws<Problem>(() => early.CheckIn(clock.GetCurrentInstant())).Reason);
        Assert.Equal(Reasons.NotCheckedIn, Assert.Throws<Problem>(() => early.CheckOut(clock.GetCurrentInstant())).Reason);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(99 * 60 + 59, 0)]
    [InlineData(100 * 60, 1)]
    [InlineData(299 * 60, 1)]
    [InlineData(300 * 60, 2)]
    [InlineData(600 * 60, 3)]
    [InlineData(1000 * 60, 4)]
    [InlineData(1500 * 60, 5)]
    [InlineData(9000 * 60, 5)]
    public void Stars_count_the_thresholds_reached_by_default_100_300_600_1000_1500_hours(int minutes, int stars)
    {
        Assert.Equal(stars, StarLevels.Default.For(minutes));
    }

    [Fact]
    public void Thresholds_are_configurable_and_must_rise()
    {
        var levels = new StarLevels([10, 20]);

        Assert.Equal(1, levels.For(15 * 60));
        Assert.Equal(20, levels.NextThreshold(15 * 60));
        Assert.Null(levels.NextThreshold(20 * 60));
        Assert.True(StarLevels.IsValid([10, 20]));
        Assert.False(StarLevels.IsValid([20, 10]));
        Assert.False(StarLevels.IsValid([]));
    }

    [Fact]
    public void A_correction_changes_the_hours_only_when_granted_and_one_waits_at_a_time()
    {
        var shift = Shift("s", "2026-06-10", 9, 12);
        var assignment = new Assignment("x", shift, "v", AssignmentState.Assigned, AssignmentSource.SignUp, "residents/v", Clock.GetCurrentInstant());
        var record = new ServiceRecord("r", assignment, 120, "体检日", "社区中心", Xinzhuang1, "staff/li", Clock.GetCurrentInstant());

        record.RequestCorrection(180, "忘记签退");
        Assert.Equal(Reasons.CorrectionPending, Assert.Throws<Problem>(() => record.RequestCorrection(170, "again")).Reason);
        Assert.Equal(60, record.DecideCorrection(true, "staff/li"));
        Assert.Equal(180, record.Minutes);

        record.RequestCorrection(240, "还是不对");
        Assert.Equal(0, record.DecideCorrection(false, "staff/li"));
        Assert.Equal(180, record.Minutes);
    }

    [Fact]
    public void Availability_follows_the_weekly_pattern_minus_exceptions()
    {
        var v = new Volunteer("v", Xinzhuang1, Clock.GetCurrentInstant());
        v.Set(Skills.None, [], [new AvailabilityWindow(IsoDayOfWeek.Saturday, Given.Hours(8, 12)), new AvailabilityWindow(IsoDayOfWeek.Saturday, Given.Hours(12, 18))],
            [new LocalDate(2026, 6, 20)], Xinzhuang1, 8, Clock.GetCurrentInstant());

        Assert.True(v.IsAvailable(Given.Between("2026-06-13 10:00", "2026-06-13 14:00", Zone), Zone)); // across two adjoining windows
        Assert.False(v.IsAvailable(Given.Between("2026-06-13 17:00", "2026-06-13 19:00", Zone), Zone));
        Assert.False(v.IsAvailable(Given.Between("2026-06-12 10:00", "2026-06-12 11:00", Zone), Zone)); // a Friday
        Assert.False(v.IsAvailable(Given.Between("2026-06-20 10:00", "2026-06-20 11:00", Zone), Zone)); // the exception
    }
}
