using CommunityShare.Domain.Bookings;
using CommunityShare.Domain.Residents;
using NodaTime;
using static CommunityShare.Domain.Tests.Given;

namespace CommunityShare.Domain.Tests.Bookings;

/// <summary><see cref="BookingSeries"/>: the meetings a weekly pattern gives over a term, what a series may ask for, and what becomes of an occurrence.</summary>
public class BookingSeriesTests
{
    private static readonly WeeklyPattern MondaysAndWednesdays = new([IsoDayOfWeek.Monday, IsoDayOfWeek.Wednesday], new LocalTime(9, 0), 2);

    [Fact]
    public void A_weekly_pattern_meets_on_its_days_across_the_term_in_order()
    {
        // Monday 2026-06-01 to Sunday 2026-06-14.
        var meetings = MondaysAndWednesdays.Meetings(new DateInterval(Date(2026, 6, 1), Date(2026, 6, 14))).ToArray();

        Assert.Equal(
            [
                new LocalDateTime(2026, 6, 1, 9, 0), new LocalDateTime(2026, 6, 3, 9, 0),
                new LocalDateTime(2026, 6, 8, 9, 0), new LocalDateTime(2026, 6, 10, 9, 0),
            ],
            meetings);
    }

    [Fact]
    public void The_term_includes_its_first_and_last_dates()
    {
        var meetings = MondaysAndWednesdays.Meetings(new DateInterval(Date(2026, 6, 3), Date(2026, 6, 8))).Select(m => m.Date).ToArray();

        Assert.Equal([Date(2026, 6, 3), Date(2026, 6, 8)], meetings);
    }

    [Fact]
    public void A_series_keeps_its_pattern_and_term()
    {
        var series = new BookingSeries("s1", "hall-1", "r1", "太极拳班", new WeeklyPattern([IsoDayOfWeek.Friday, IsoDayOfWeek.Tuesday], new LocalTime(7, 30), 1),
            new DateInterval(Date(2026, 9, 1), Date(2027, 1, 15)), 12, "residents/r1", ProxyConsent.Own, SomeCreateTime);

        Assert.Equal("25", series.DayNumbers);
        Assert.Equal([IsoDayOfWeek.Tuesday, IsoDayOfWeek.Friday], series.Pattern.Days);
        Assert.Equal(new LocalTime(7, 30), series.Pattern.StartTime);
        Assert.Equal(new DateInterval(Date(2026, 9, 1), Date(2027, 1, 15)), series.Term);
    }

    [Fact]
    public void Every_problem_with_a_pattern_and_term_is_told_at_once()
    {
        var violations = new Violations();

        BookingSeries.Validate([IsoDayOfWeek.Monday, IsoDayOfWeek.Monday], Date(2026, 6, 10), Date(2026, 6, 1), 0, violations, "booking_series");

        Assert.Equal(
            ["booking_series.days_of_week OUT_OF_RANGE", "booking_series.slots OUT_OF_RANGE", "booking_series.last_date OUT_OF_RANGE"],
            violations.Items.Select(v => $"{v.Field} {v.Reason}").ToArray());
    }

    [Fact]
    public void A_series_needs_a_day_that_falls_in_its_term()
    {
        var none = new Violations();
        BookingSeries.Validate([], Date(2026, 6, 1), Date(2026, 6, 30), 1, none, "s");
        var missed = new Violations();
        BookingSeries.Validate([IsoDayOfWeek.Sunday], Date(2026, 6, 1), Date(2026, 6, 3), 1, missed, "s");

        Assert.Equal(["s.days_of_week REQUIRED"], none.Items.Select(v => $"{v.Field} {v.Reason}"));
        Assert.Equal(["s.days_of_week OUT_OF_RANGE"], missed.Items.Select(v => $"{v.Field} {v.Reason}"));
    }

    [Fact]
    public void A_term_lasts_at_most_a_year_and_holds_at_most_120_meetings()
    {
        var tooLong = new Violations();
        BookingSeries.Validate([IsoDayOfWeek.Monday], Date(2026, 1, 1), Date(2027, 1, 2), 1, tooLong, "s");
        var tooMany = new Violations();
        BookingSeries.Validate([IsoDayOfWeek.Monday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Friday], Date(2026, 1, 1), Date(2026, 10, 31), 1, tooMany, "s");
        var fine = new Violations();
        BookingSeries.Validate([IsoDayOfWeek.Monday, IsoDayOfWeek.Thursday], Date(2026, 1, 1), Date(2026, 12, 31), 1, fine, "s");

        Assert.Equal(["s.last_date OUT_OF_RANGE"], tooLong.Items.Select(v => $"{v.Field} {v.Reason}"));
        Assert.Equal(["s.last_date OUT_OF_RANGE"], tooMany.Items.Select(v => $"{v.Field} {v.Reason}"));
        Assert.False(fine.Any);
    }

    [Fact]
    public void Cancelling_the_rest_again_from_an_earlier_date_moves_it_back_but_never_forward()
    {
        var series = new BookingSeries("s1", "hall-1", "r1", "", MondaysAndWednesdays, new DateInterval(Date(2026, 6, 1), Date(2026, 8, 31)), 1,
            "residents/r1", ProxyConsent.Own, SomeCreateTime);

        series.CancelFrom(Date(2026, 7, 1), "暑假", SomeCreateTime);
        series.CancelFrom(Date(2026, 7, 15), "later", SomeCreateTime);
        Assert.Equal(Date(2026, 7, 1), series.CancelledFrom);
        series.CancelFrom(Date(2026, 6, 15), "earlier", SomeCreateTime);

        Assert.Equal(Date(2026, 6, 15), series.CancelledFrom);
        Assert.Equal("earlier", series.CancelReason);
        Assert.Equal(4, series.Version);
    }

    [Fact]
    public void An_occurrence_is_booked_rejected_or_scheduled_and_only_a_scheduled_one_is_cancelled_on_its_own()
    {
        var slot = Between("2026-06-01 09:00", "2026-06-01 11:00", Shanghai);
        var booked = new SeriesOccurrence("s1", Date(2026, 6, 1), slot, SomeCreateTime);
        var rejected = new SeriesOccurrence("s1", Date(2026, 6, 1), slot, SomeCreateTime);
        var scheduled = new SeriesOccurrence("s1", Date(2026, 6, 1), slot, SomeCreateTime);

        booked.Book("b1", SomeCreateTime);
        rejected.Reject([new RuleViolation(Reasons.SlotFull, "full")], SomeCreateTime);
        scheduled.Schedule(At("2026-05-25 08:00", Shanghai), SomeCreateTime);
        scheduled.Cancel(SomeCreateTime);

        Assert.Equal(("b1", OccurrenceState.Booked), (booked.BookingId, booked.State));
        Assert.Equal(Reasons.SlotFull, Assert.Single(rejected.Rejections).Reason);
        Assert.Equal(OccurrenceState.Cancelled, scheduled.State);
        Assert.Equal(Reasons.StateDoesNotAllow, Assert.Throws<Problem>(() => booked.Cancel(SomeCreateTime)).Reason);
        Assert.Equal(Reasons.StateDoesNotAllow, Assert.Throws<Problem>(() => rejected.Cancel(SomeCreateTime)).Reason);
    }
}
