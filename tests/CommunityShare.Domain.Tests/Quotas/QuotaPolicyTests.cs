using CommunityShare.Domain.Bookings;
using CommunityShare.Domain.Facilities;
using CommunityShare.Domain.Quotas;
using NodaTime;

namespace CommunityShare.Domain.Tests.Quotas;

/// <summary>The default quotas: 6 active per resident, 4 peak bookings a week per resident, 12 h of sport a week and 30 bookings a month per household.</summary>
public class QuotaPolicyTests
{
    private static readonly QuotaPolicy Policy = QuotaPolicy.Default;
    private static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
    private static readonly Instant Now = new LocalDate(2026, 6, 8).At(new LocalTime(9, 0)).InZoneStrictly(Shanghai).ToInstant(); // Monday

    private static Interval At(LocalDate date, int hour, int hours = 1)
    {
        var start = date.At(new LocalTime(hour, 0)).InZoneStrictly(Shanghai).ToInstant();
        return new Interval(start, start + Duration.FromHours(hours));
    }

    private static CountedBooking Held(FacilityKind kind, Interval slot, BookingState state = BookingState.Confirmed) =>
        new(kind, slot, state, Policy.IsPeak(slot.Start));

    [Theory]
    [InlineData(2026, 6, 10, 19, true)]   // Wednesday 19:00
    [InlineData(2026, 6, 10, 17, false)]  // Wednesday 17:00
    [InlineData(2026, 6, 10, 21, false)]  // Wednesday 21:00: the end is not in
    [InlineData(2026, 6, 13, 8, true)]    // Saturday 08:00
    [InlineData(2026, 6, 14, 7, false)]   // Sunday 07:00
    public void Peak_time_is_weekday_evenings_and_weekend_days(int y, int m, int d, int hour, bool peak) =>
        Assert.Equal(peak, Policy.IsPeak(At(new LocalDate(y, m, d), hour).Start));

    [Fact]
    public void A_fifth_peak_booking_in_one_week_is_refused_an_off_peak_one_and_next_week_s_are_not()
    {
        var own = Enumerable.Range(9, 4).Select(d => Held(FacilityKind.MeetingRoom, At(new LocalDate(2026, 6, d), 19))).ToArray();

        var fifth = Policy.Check(FacilityKind.MeetingRoom, At(new LocalDate(2026, 6, 13), 10), own, own, Now);
        var offPeak = Policy.Check(FacilityKind.MeetingRoom, At(new LocalDate(2026, 6, 13), 7), own, own, Now);
        var nextWeek = Policy.Check(FacilityKind.MeetingRoom, At(new LocalDate(2026, 6, 15), 19), own, own, Now);

        var broken = Assert.Single(fifth);
        Assert.Equal((Reasons.QuotaReached, "peak-per-resident-week", "4", "4"),
            (broken.Reason, broken.Metadata["quota"], broken.Metadata["limit"], broken.Metadata["used"]));
        Assert.Empty(offPeak);
        Assert.Empty(nextWeek);
    }

    [Fact]
    public void A_cancelled_booking_does_not_count_a_no_show_does()
    {
        var own = new[]
        {
            Held(FacilityKind.MeetingRoom, At(new LocalDate(2026, 6, 9), 19), BookingState.Cancelled),
            Held(FacilityKind.MeetingRoom, At(new LocalDate(2026, 6, 9), 20), BookingState.NoShow),
            Held(FacilityKind.MeetingRoom, At(new LocalDate(2026, 6, 10), 19)),
            Held(FacilityKind.MeetingRoom, At(new LocalDate(2026, 6, 11), 19)),
        };

        Assert.Empty(Policy.Check(FacilityKind.MeetingRoom, At(new LocalDate(2026, 6, 12), 19), own, own, Now));
        Assert.Single(Policy.Check(FacilityKind.MeetingRoom, At(new LocalDate(2026, 6, 12), 19), [.. own, Held(FacilityKind.MeetingRoom, At(new LocalDate(2026, 6, 12), 20))], own, Now));
    }

    [Fact]
    public void A_household_shares_its_hours_of_sport_across_its_members()
    {
        var mine = new[] { Held(FacilityKind.Court, At(new LocalDate(2026, 6, 9), 8, 2)) };
        var household = mine.Concat(
        [
            Held(FacilityKind.Court, At(new LocalDate(2026, 6, 10), 8, 4)),
            Held(FacilityKind.Pool, At(new LocalDate(2026, 6, 11), 8, 4)),
            Held(FacilityKind.MeetingRoom, At(new LocalDate(2026, 6, 11), 8, 4)), // not sport
        ]).ToArray();

        var twoMore = Policy.Check(FacilityKind.Gym, At(new LocalDate(2026, 6, 12), 8, 2), mine, household, Now);
        var threeMore = Policy.Check(FacilityKind.Gym, At(new LocalDate(2026, 6, 12), 8, 3), mine, household, Now);
        var aRoom = Policy.Check(FacilityKind.MeetingRoom, At(new LocalDate(2026, 6, 12), 8, 3), mine, household, Now);

        Assert.Empty(twoMore);  // 10 + 2 = 12
        Assert.Equal("sports-hours-per-household-week", Assert.Single(threeMore).Metadata["quota"]);
        Assert.Empty(aRoom);
    }

    [Fact]
    public void Active_bookings_count_what_is_held_and_not_yet_over()
    {
        var own = Enumerable.Range(0, 6).Select(i => Held(FacilityKind.Library, At(new LocalDate(2026, 6, 9).PlusDays(i), 10))).ToArray();
        var past = own.Select(b => b with { Slot = new Interval(b.Slot.Start - Duration.FromDays(7), b.Slot.End - Duration.FromDays(7)) }).ToArray();

        Assert.Equal("active-per-resident", Assert.Single(Policy.Check(FacilityKind.Library, At(new LocalDate(2026, 6, 20), 10), own, own, Now)).Metadata["quota"]);
        Assert.Empty(Policy.Check(FacilityKind.Library, At(new LocalDate(2026, 6, 20), 10), past, past, Now));
    }

    [Fact]
    public void A_policy_out_of_range_reports_every_problem()
    {
        var policy = Policy with
        {
            Rules = [new QuotaRule("a", QuotaScope.Resident, QuotaMeasure.ActiveBookings, QuotaPeriod.Week, [], false, -1), new QuotaRule("a", QuotaScope.Resident, QuotaMeasure.Hours, QuotaPeriod.None, [], false, 1)],
            Peak = [new PeakWindow([], new LocalTime(21, 0), new LocalTime(18, 0))],
        };
        var violations = new Violations();

        policy.Validate(violations, "quota_policy");

        Assert.Equal(["quota_policy.peak[0].days", "quota_policy.peak[0].end_time", "quota_policy.rules", "quota_policy.rules[0].limit",
            "quota_policy.rules[0].period", "quota_policy.rules[1].period"], violations.Items.Select(v => v.Field).Order());
    }
}
