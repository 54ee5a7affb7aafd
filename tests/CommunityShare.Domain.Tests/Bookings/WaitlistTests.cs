using CommunityShare.Domain.Bookings;
using CommunityShare.Domain.Facilities;
using NodaTime;
using NodaTime.Testing;
using static CommunityShare.Domain.Tests.Given;

namespace CommunityShare.Domain.Tests.Bookings;

/// <summary>The line, the offer's deadline and who gets a freed place (<see cref="Waitlist"/>), and an entry's states (<see cref="WaitlistEntry"/>).</summary>
public class WaitlistTests
{
    /// <summary>Tuesday 2026-06-02 18:00–19:00 in Shanghai; facilities have 1 h notice, so the last booking is at 17:00.</summary>
    private static readonly Interval Evening = Between("2026-06-02 18:00", "2026-06-02 19:00", Shanghai);

    private static readonly OfferTerms HalfAnHour = new(Duration.FromMinutes(30), Duration.FromMinutes(5));

    private readonly FakeClock _clock = new(At("2026-06-02 09:00", Shanghai));

    private Instant Now => _clock.GetCurrentInstant();

    /// <summary>An entry that joined <paramref name="minutesAgo"/> minutes before now.</summary>
    private WaitlistEntry Joined(string id, int minutesAgo, int party = 1, Interval? slot = null, string facility = "court-1") =>
        new(id, facility, "resident-" + id, slot ?? Evening, party, "residents/resident-" + id, Now - Duration.FromMinutes(minutesAgo));

    private static WaitingFor For(WaitlistEntry entry, Facility facility, bool eligible = true, params Blackout[] blackouts) =>
        new(entry, facility, [facility.Id, .. facility.ParentFacilityId is { } parent ? new[] { parent } : []], blackouts, eligible);

    private static Occupant Held(Facility facility, int places = 1, Interval? slot = null) => new(facility.Id, slot ?? Evening, places);

    private static string[] Offered(Allocation allocation) => allocation.Offers.Select(o => o.Entry.Id).ToArray();

    [Fact]
    public void The_line_is_first_come_first_served_and_ties_go_by_id()
    {
        var late = Joined("a", minutesAgo: 1);
        var early = Joined("z", minutesAgo: 10);
        var tieB = Joined("b", minutesAgo: 5);
        var tieA = Joined("a2", minutesAgo: 5);
        var gone = Joined("gone", minutesAgo: 60);
        gone.Withdraw(Now);

        Assert.Equal(["z", "a2", "b", "a"], Waitlist.InLine([late, early, tieB, tieA, gone]).Select(e => e.Id));
        Assert.Equal(2, Waitlist.PositionOf(tieA, [late, early, tieB, gone]));
        Assert.Equal(0, Waitlist.PositionOf(gone, [late, early]));
    }

    [Fact]
    public void A_freed_place_goes_to_the_first_in_line_with_a_deadline_half_an_hour_away()
    {
        var court = Facility(capacity: 1);
        var first = Joined("first", minutesAgo: 30);
        var second = Joined("second", minutesAgo: 20);

        var allocation = Waitlist.Allocate([For(second, court), For(first, court)], [], HalfAnHour, Now);

        var offer = Assert.Single(allocation.Offers);
        Assert.Equal("first", offer.Entry.Id);
        Assert.Equal(Now + Duration.FromMinutes(30), offer.Deadline);
        Assert.Empty(allocation.OutOfTime);
    }

    [Fact]
    public void A_place_still_held_is_offered_to_nobody()
    {
        var court = Facility(capacity: 1);

        var allocation = Waitlist.Allocate([For(Joined("first", 30), court)], [Held(court)], HalfAnHour, Now);

        Assert.Empty(allocation.Offers);
    }

    [Fact]
    public void Offers_count_against_each_other_so_two_free_places_make_two_offers_not_three()
    {
        var gym = Facility(capacity: 10);
        WaitingFor[] line = [For(Joined("a", 3), gym), For(Joined("b", 2), gym), For(Joined("c", 1), gym)];

        var allocation = Waitlist.Allocate(line, [Held(gym, places: 8)], HalfAnHour, Now);

        Assert.Equal(["a", "b"], Offered(allocation));
    }

    [Fact]
    public void A_party_that_does_not_fit_keeps_its_place_in_line_and_the_next_that_fits_gets_the_place()
    {
        var gym = Facility(capacity: 10);
        var four = Joined("four", 3, party: 4);
        var two = Joined("two", 2, party: 2);
        var one = Joined("one", 1, party: 1);

        var allocation = Waitlist.Allocate([For(four, gym), For(two, gym), For(one, gym)], [Held(gym, places: 7)], HalfAnHour, Now);

        Assert.Equal(["two", "one"], Offered(allocation));
        Assert.Equal(WaitlistEntryState.Waiting, four.State); // deciding changes nothing; the caller makes the offers
    }

    [Fact]
    public void The_deadline_never_passes_the_last_moment_the_slot_could_be_booked()
    {
        _clock.Reset(At("2026-06-02 16:45", Shanghai)); // 15 minutes before 17:00, the slot's start less the 1 h notice

        var offer = Assert.Single(Waitlist.Allocate([For(Joined("first", 30), Facility())], [], HalfAnHour, Now).Offers);

        Assert.Equal(At("2026-06-02 17:00", Shanghai), offer.Deadline);
    }

    [Theory]
    [InlineData("2026-06-02 16:56")] // 4 minutes left: shorter than the shortest offer
    [InlineData("2026-06-02 17:00")] // none left
    [InlineData("2026-06-02 18:30")] // the slot has started
    public void Without_time_left_for_an_offer_nobody_is_offered_the_place_and_the_entry_is_out_of_time(string now)
    {
        _clock.Reset(At(now, Shanghai));
        var entry = Joined("first", 30);

        var allocation = Waitlist.Allocate([For(entry, Facility())], [], HalfAnHour, Now);

        Assert.Empty(allocation.Offers);
        Assert.Equal([entry], allocation.OutOfTime);
        Assert.Null(Waitlist.OfferDeadline(Now, Evening, Duration.FromHours(1), HalfAnHour));
    }

    [Fact]
    public void Exactly_the_shortest_offer_is_still_made()
    {
        _clock.Reset(At("2026-06-02 16:55", Shanghai));

        Assert.Equal(At("2026-06-02 17:00", Shanghai), Waitlist.OfferDeadline(Now, Evening, Duration.FromHours(1), HalfAnHour));
    }

    [Fact]
    public void A_barred_resident_and_a_blacked_out_slot_wait_on_and_the_next_in_line_gets_the_place()
    {
        var court = Facility(capacity: 2);
        var barred = Joined("barred", 3);
        var closed = Joined("closed", 2, facility: "court-2");
        var next = Joined("next", 1);
        var otherCourt = Facility(capacity: 1, id: "court-2");
        var blackout = new Blackout("b1", "court-2", Evening, BlackoutReason.Maintenance, "", Now);

        var allocation = Waitlist.Allocate([For(barred, court, eligible: false), For(closed, otherCourt, true, blackout), For(next, court)],
            [Held(court)], HalfAnHour, Now);

        Assert.Equal(["next"], Offered(allocation));
        Assert.Empty(allocation.OutOfTime);
    }

    [Fact]
    public void A_whole_is_offered_only_when_none_of_its_parts_is_held_and_a_part_only_when_the_whole_is_free()
    {
        var hall = Facility(id: "hall");
        var east = Facility(id: "hall-east", parentId: "hall");
        var west = Facility(id: "hall-west", parentId: "hall");
        var forWhole = Joined("whole", 3, facility: "hall");
        var forWest = Joined("west", 2, facility: "hall-west");
        WaitingFor whole = new(forWhole, hall, ["hall", "hall-east", "hall-west"], []);

        // The east half is still held: the whole waits, the west half is free for its first in line.
        var allocation = Waitlist.Allocate([whole, For(forWest, west)], [Held(east)], HalfAnHour, Now);
        // Nothing held: the whole goes to the first in line, and then the west half is no longer free.
        var empty = Waitlist.Allocate([whole, For(forWest, west)], [], HalfAnHour, Now);

        Assert.Equal(["west"], Offered(allocation));
        Assert.Equal(["whole"], Offered(empty));
    }

    [Fact]
    public void An_offer_holds_until_its_deadline_and_is_accepted_before_it()
    {
        var entry = Joined("first", 30);
        var deadline = Now + Duration.FromMinutes(30);

        entry.Offer("booking-1", deadline, Now);
        _clock.Advance(Duration.FromMinutes(29));
        entry.Accept(Now);

        Assert.Equal(WaitlistEntryState.Accepted, entry.State);
        Assert.Equal("booking-1", entry.BookingId);
        Assert.Equal(deadline, entry.OfferDeadline);
        Assert.Equal(3, entry.Version);
    }

    [Fact]
    public void At_the_deadline_the_offer_can_no_longer_be_accepted_and_expires()
    {
        var entry = Joined("first", 30);
        entry.Offer("booking-1", Now + Duration.FromMinutes(30), Now);
        _clock.Advance(Duration.FromMinutes(30));

        var refused = Assert.Throws<Problem>(() => entry.Accept(Now));
        Assert.True(entry.OfferLapsedAt(Now));
        entry.Expire(Now);

        Assert.Equal(Reasons.OfferExpired, refused.Reason);
        Assert.Equal(WaitlistEntryState.Expired, entry.State);
    }

    [Fact]
    public void An_offer_that_still_stands_does_not_expire()
    {
        var entry = Joined("first", 30);
        entry.Offer("booking-1", Now + Duration.FromMinutes(30), Now);

        Assert.False(entry.OfferLapsedAt(Now + Duration.FromMinutes(29)));
        Assert.Throws<InvalidOperationException>(() => entry.Expire(Now + Duration.FromMinutes(29)));
    }

    [Fact]
    public void An_entry_is_withdrawn_while_waiting_or_holding_an_offer_but_not_once_accepted()
    {
        var waiting = Joined("waiting", 30);
        var offered = Joined("offered", 30);
        var accepted = Joined("accepted", 30);
        offered.Offer("b1", Now + Duration.FromMinutes(30), Now);
        accepted.Offer("b2", Now + Duration.FromMinutes(30), Now);
        accepted.Accept(Now);

        waiting.Withdraw(Now);
        offered.Withdraw(Now);
        var refused = Assert.Throws<Problem>(() => accepted.Withdraw(Now));

        Assert.Equal((WaitlistEntryState.Withdrawn, WaitlistEntryState.Withdrawn), (waiting.State, offered.State));
        Assert.Equal(Reasons.StateDoesNotAllow, refused.Reason);
        Assert.Equal("Accepted", refused.Metadata["state"]);
    }

    [Fact]
    public void Only_a_waiting_entry_is_offered_a_place_or_closed()
    {
        var entry = Joined("first", 30);
        entry.Offer("b1", Now + Duration.FromMinutes(30), Now);

        Assert.Equal(Reasons.StateDoesNotAllow, Assert.Throws<Problem>(() => entry.Offer("b2", Now + Duration.FromMinutes(30), Now)).Reason);
        Assert.Equal(Reasons.StateDoesNotAllow, Assert.Throws<Problem>(() => entry.Close(Now)).Reason);
        Assert.Throws<ArgumentOutOfRangeException>(() => Joined("x", 1).Offer("b3", Now, Now));
    }

    [Fact]
    public void An_offered_booking_holds_its_place_and_becomes_what_admission_makes_of_it_when_taken()
    {
        var booking = new Booking("b1", "court-1", "r1", Evening, 2, BookingState.Offered, "AB12CD", "residents/r1",
            Evening.Start - Duration.FromHours(2), Now);

        Assert.True(Booking.Holds(booking.State));
        Assert.Equal(Reasons.StateDoesNotAllow, Assert.Throws<Problem>(() => booking.Cancel("", Now)).Reason);
        booking.TakeOffer(BookingState.PendingApproval, false, Reasons.FacilityRequiresApproval, Now);

        Assert.Equal((BookingState.PendingApproval, Reasons.FacilityRequiresApproval), (booking.State, booking.ApprovalReason));
        Assert.Equal(Reasons.StateDoesNotAllow, Assert.Throws<Problem>(() => booking.TakeOffer(BookingState.Confirmed, false, "", Now)).Reason);
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new Booking("b2", "court-1", "r1", Evening, 2, BookingState.Offered, "AB12CD", "residents/r1", Evening.Start, Now)
                .TakeOffer(BookingState.Cancelled, false, "", Now));
    }
}
