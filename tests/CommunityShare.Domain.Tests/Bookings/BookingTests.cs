using CommunityShare.Domain.Bookings;
using NodaTime;
using static CommunityShare.Domain.Tests.Given;

namespace CommunityShare.Domain.Tests.Bookings;

/// <summary>
/// The booking state machine. The booking is for 2026-06-02 10:00–12:00 Shanghai, with check-in code AB12CD,
/// and may be cancelled without penalty until 08:00 that morning.
/// </summary>
public class BookingTests
{
    private static readonly Instant Start = At("2026-06-02 10:00", Shanghai);
    private static readonly Instant End = At("2026-06-02 12:00", Shanghai);
    private static readonly Instant Deadline = At("2026-06-02 08:00", Shanghai);
    private static readonly Instant DayBefore = At("2026-06-01 18:00", Shanghai);
    private static readonly Duration OneMinute = Duration.FromMinutes(1);

    private static Booking ABooking(BookingState state = BookingState.Confirmed) =>
        new("b-1", "court-1", "r-1", new Interval(Start, End), 2, state, "AB12CD", "residents/r-1", Deadline, SomeCreateTime);

    private static Booking CheckedIn()
    {
        var booking = ABooking();
        booking.CheckIn("AB12CD", Start);
        return booking;
    }

    private static Problem Refused(Action action)
    {
        var problem = Assert.Throws<Problem>(action);
        Assert.Equal(ProblemKind.FailedPrecondition, problem.Kind);
        return problem;
    }

    [Fact]
    public void A_new_booking_starts_at_version_1_in_its_given_state()
    {
        var booking = ABooking(BookingState.PendingApproval);

        Assert.Equal(1, booking.Version);
        Assert.Equal(BookingState.PendingApproval, booking.State);
        Assert.Equal(new Interval(Start, End), booking.Slot);
        Assert.Equal(SomeCreateTime, booking.UpdateTime);
    }

    [Theory]
    [InlineData(BookingState.PendingApproval)]
    [InlineData(BookingState.Confirmed)]
    public void A_pending_or_confirmed_booking_can_be_cancelled_before_the_deadline_without_penalty(BookingState state)
    {
        var booking = ABooking(state);

        booking.Cancel("Rain", DayBefore);

        Assert.Equal(BookingState.Cancelled, booking.State);
        Assert.Equal("Rain", booking.CancelReason);
        Assert.False(booking.LateCancellation);
        Assert.Equal(2, booking.Version);
        Assert.Equal(DayBefore, booking.UpdateTime);
    }

    [Fact]
    public void Cancelling_a_confirmed_booking_exactly_at_the_deadline_is_not_late()
    {
        var booking = ABooking();

        booking.Cancel("", Deadline);

        Assert.False(booking.LateCancellation);
    }

    [Fact]
    public void Cancelling_a_confirmed_booking_after_the_deadline_is_a_late_cancellation()
    {
        var booking = ABooking();

        booking.Cancel("Overslept", Deadline + OneMinute);

        Assert.Equal(BookingState.Cancelled, booking.State);
        Assert.True(booking.LateCancellation);
    }

    [Fact]
    public void Withdrawing_a_pending_booking_after_the_deadline_is_not_late()
    {
        var booking = ABooking(BookingState.PendingApproval);

        booking.Cancel("Not approved in time", Start - OneMinute);

        Assert.Equal(BookingState.Cancelled, booking.State);
        Assert.False(booking.LateCancellation);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(60)]
    public void A_booking_that_has_started_can_no_longer_be_cancelled(int minutesAfterStart)
    {
        var booking = ABooking();

        var problem = Refused(() => booking.Cancel("", Start + Duration.FromMinutes(minutesAfterStart)));

        Assert.Equal(Reasons.BookingStarted, problem.Reason);
        Assert.Equal(BookingState.Confirmed, booking.State);
        Assert.Equal(1, booking.Version);
    }

    [Theory]
    [InlineData(BookingState.Declined)]
    [InlineData(BookingState.Cancelled)]
    [InlineData(BookingState.CheckedIn)]
    [InlineData(BookingState.Completed)]
    [InlineData(BookingState.NoShow)]
    public void Only_pending_or_confirmed_bookings_can_be_cancelled(BookingState state)
    {
        var booking = ABooking(state);

        var problem = Refused(() => booking.Cancel("", DayBefore));

        Assert.Equal(Reasons.StateDoesNotAllow, problem.Reason);
        Assert.Equal(state.ToString(), problem.Metadata["state"]);
        Assert.Equal(state, booking.State);
        Assert.Equal(1, booking.Version);
    }

    [Fact]
    public void A_pending_booking_can_be_approved()
    {
        var booking = ABooking(BookingState.PendingApproval);

        booking.Approve(DayBefore);

        Assert.Equal(BookingState.Confirmed, booking.State);
        Assert.Equal(2, booking.Version);
    }

    [Fact]
    public void A_pending_booking_can_still_be_approved_while_its_slot_runs()
    {
        var booking = ABooking(BookingState.PendingApproval);

        booking.Approve(Start + OneMinute);

        Assert.Equal(BookingState.Confirmed, booking.State);
    }

    [Fact]
    public void A_pending_booking_whose_slot_is_over_can_no_longer_be_approved()
    {
        var booking = ABooking(BookingState.PendingApproval);

        Assert.Equal(Reasons.SlotEnded, Refused(() => booking.Approve(End)).Reason);
        Assert.Equal(BookingState.PendingApproval, booking.State);
    }

    [Theory]
    [InlineData(BookingState.Confirmed)]
    [InlineData(BookingState.Declined)]
    [InlineData(BookingState.Cancelled)]
    public void Only_a_pending_booking_can_be_approved(BookingState state)
    {
        Assert.Equal(Reasons.StateDoesNotAllow, Refused(() => ABooking(state).Approve(DayBefore)).Reason);
    }

    [Fact]
    public void A_pending_booking_can_be_declined_with_a_reason()
    {
        var booking = ABooking(BookingState.PendingApproval);

        booking.Decline("Team training that evening", DayBefore);

        Assert.Equal(BookingState.Declined, booking.State);
        Assert.Equal("Team training that evening", booking.DeclineReason);
        Assert.Equal(2, booking.Version);
    }

    [Theory]
    [InlineData(BookingState.Confirmed)]
    [InlineData(BookingState.Declined)]
    [InlineData(BookingState.Cancelled)]
    public void Only_a_pending_booking_can_be_declined(BookingState state)
    {
        Assert.Equal(Reasons.StateDoesNotAllow, Refused(() => ABooking(state).Decline("", DayBefore)).Reason);
    }

    [Theory]
    [InlineData("AB12CD")]
    [InlineData("ab12cd")]
    [InlineData("  Ab12Cd \t")]
    public void The_check_in_code_matches_ignoring_case_and_surrounding_spaces(string code)
    {
        var booking = ABooking();

        booking.CheckIn(code, Start);

        Assert.Equal(BookingState.CheckedIn, booking.State);
        Assert.Equal(2, booking.Version);
    }

    [Theory]
    [InlineData("AB12CE")]
    [InlineData("AB 12CD")]
    [InlineData("")]
    public void A_wrong_check_in_code_is_a_field_violation_on_the_code(string code)
    {
        var booking = ABooking();

        var problem = Assert.Throws<Problem>(() => booking.CheckIn(code, Start));

        Assert.Equal(ProblemKind.InvalidArgument, problem.Kind);
        var violation = Assert.Single(problem.FieldViolations);
        Assert.Equal("check_in_code", violation.Field);
        Assert.Equal(Reasons.CheckInCodeMismatch, violation.Reason);
        Assert.Equal(BookingState.Confirmed, booking.State);
    }

    [Fact]
    public void Check_in_opens_30_minutes_before_the_start()
    {
        var tooEarly = ABooking();
        var justInTime = ABooking();

        var problem = Refused(() => tooEarly.CheckIn("AB12CD", Start - Duration.FromMinutes(31)));
        justInTime.CheckIn("AB12CD", Start - Duration.FromMinutes(30));

        Assert.Equal(Reasons.CheckInNotOpen, problem.Reason);
        Assert.Equal("2026-06-02T01:30:00Z", problem.Metadata["check_in_open_time"]);
        Assert.Equal(BookingState.Confirmed, tooEarly.State);
        Assert.Equal(BookingState.CheckedIn, justInTime.State);
    }

    [Fact]
    public void Check_in_stays_open_until_the_end_and_then_closes()
    {
        var late = ABooking();
        var tooLate = ABooking();

        late.CheckIn("AB12CD", End - OneMinute);
        var problem = Refused(() => tooLate.CheckIn("AB12CD", End));

        Assert.Equal(BookingState.CheckedIn, late.State);
        Assert.Equal(Reasons.CheckInClosed, problem.Reason);
        Assert.Equal(BookingState.Confirmed, tooLate.State);
    }

    [Theory]
    [InlineData(BookingState.PendingApproval)]
    [InlineData(BookingState.Cancelled)]
    [InlineData(BookingState.NoShow)]
    public void Only_a_confirmed_booking_can_check_in(BookingState state)
    {
        Assert.Equal(Reasons.StateDoesNotAllow, Refused(() => ABooking(state).CheckIn("AB12CD", Start)).Reason);
    }

    [Fact]
    public void A_booking_cannot_check_in_twice()
    {
        var booking = CheckedIn();

        Assert.Equal(Reasons.StateDoesNotAllow, Refused(() => booking.CheckIn("AB12CD", Start + OneMinute)).Reason);
    }

    [Fact]
    public void A_confirmed_booking_can_be_marked_no_show_once_it_has_started()
    {
        var booking = ABooking();

        booking.MarkNoShow(Start);

        Assert.Equal(BookingState.NoShow, booking.State);
        Assert.Equal(2, booking.Version);
    }

    [Fact]
    public void A_booking_cannot_be_marked_no_show_before_it_starts()
    {
        var booking = ABooking();

        var problem = Refused(() => booking.MarkNoShow(Start - OneMinute));

        Assert.Equal(Reasons.NotStartedYet, problem.Reason);
        Assert.Equal(BookingState.Confirmed, booking.State);
    }

    [Theory]
    [InlineData(BookingState.PendingApproval)]
    [InlineData(BookingState.CheckedIn)]
    [InlineData(BookingState.Cancelled)]
    public void Only_a_confirmed_booking_can_be_marked_no_show(BookingState state)
    {
        Assert.Equal(Reasons.StateDoesNotAllow, Refused(() => ABooking(state).MarkNoShow(Start + OneMinute)).Reason);
    }

    [Fact]
    public void A_checked_in_booking_is_completed_once_its_slot_has_ended()
    {
        var booking = CheckedIn();

        Assert.Equal(BookingState.CheckedIn, booking.StateAt(End - OneMinute));
        Assert.Equal(BookingState.Completed, booking.StateAt(End));
        Assert.Equal(BookingState.CheckedIn, booking.State);
    }

    [Theory]
    [InlineData(BookingState.PendingApproval)]
    [InlineData(BookingState.Confirmed)]
    [InlineData(BookingState.Cancelled)]
    [InlineData(BookingState.NoShow)]
    public void Other_states_do_not_change_when_the_slot_ends(BookingState state)
    {
        Assert.Equal(state, ABooking(state).StateAt(End + Duration.FromDays(1)));
    }

    [Fact]
    public void A_completed_booking_reports_its_derived_state_when_refused()
    {
        var booking = CheckedIn();

        var problem = Refused(() => booking.MarkNoShow(End));

        Assert.Equal(Reasons.StateDoesNotAllow, problem.Reason);
        Assert.Equal(nameof(BookingState.Completed), problem.Metadata["state"]);
    }

    [Fact]
    public void Every_transition_increments_the_version_and_stamps_the_update_time()
    {
        var booking = ABooking(BookingState.PendingApproval);

        booking.Approve(DayBefore);
        booking.CheckIn("AB12CD", Start + OneMinute);

        Assert.Equal(3, booking.Version);
        Assert.Equal(Start + OneMinute, booking.UpdateTime);
        Assert.Equal(SomeCreateTime, booking.CreateTime);
    }

    [Theory]
    [InlineData(BookingState.PendingApproval, true)]
    [InlineData(BookingState.Confirmed, true)]
    [InlineData(BookingState.CheckedIn, true)]
    [InlineData(BookingState.Declined, false)]
    [InlineData(BookingState.Cancelled, false)]
    [InlineData(BookingState.Completed, false)]
    [InlineData(BookingState.NoShow, false)]
    [InlineData(BookingState.Offered, true)]
    public void Only_pending_confirmed_checked_in_and_offered_bookings_hold_their_places(BookingState state, bool holds)
    {
        Assert.Equal(holds, Booking.Holds(state));
        Assert.Equal(holds, Booking.HoldingStates.Contains(state));
    }

    [Fact]
    public void A_cancelled_booking_cannot_check_in_whatever_code_is_shown()
    {
        var booking = ABooking(BookingState.Cancelled);

        Assert.Equal(Reasons.StateDoesNotAllow, Refused(() => booking.CheckIn("WRONG", Start)).Reason);
    }

    [Fact]
    public void A_missing_check_in_code_is_a_mismatch_not_a_crash()
    {
        var problem = Assert.Throws<Problem>(() => ABooking().CheckIn(null, Start));

        Assert.Equal(Reasons.CheckInCodeMismatch, Assert.Single(problem.FieldViolations).Reason);
    }

    [Fact]
    public void Cancel_and_check_in_are_offered_exactly_when_they_would_be_accepted()
    {
        var confirmed = ABooking();
        var pending = ABooking(BookingState.PendingApproval);
        var opens = Start - Booking.CheckInOpensBefore;

        Assert.True(confirmed.MayCancelAt(DayBefore));
        Assert.True(pending.MayCancelAt(Start - OneMinute));
        Assert.False(confirmed.MayCancelAt(Start));
        Assert.False(CheckedIn().MayCancelAt(DayBefore));
        Assert.False(confirmed.CheckInOpenAt(opens - OneMinute));
        Assert.True(confirmed.CheckInOpenAt(opens));
        Assert.True(confirmed.CheckInOpenAt(End - OneMinute));
        Assert.False(confirmed.CheckInOpenAt(End));
        Assert.False(pending.CheckInOpenAt(Start));
        Assert.False(CheckedIn().CheckInOpenAt(Start));
        // What is offered is what the booking then accepts.
        ABooking().Cancel("", Start - OneMinute);
        ABooking().CheckIn("AB12CD", opens);
    }
}
