using CommunityShare.Domain.Bookings;
using CommunityShare.Domain.Facilities;
using NodaTime;
using static CommunityShare.Domain.Tests.Given;

namespace CommunityShare.Domain.Tests.Bookings;

/// <summary><see cref="Admission.CheckOccupancy"/>, <see cref="Admission.PeakPlaces"/> and <see cref="Admission.WeekOf"/>.</summary>
public class AdmissionOccupancyTests
{
    private static readonly Interval NineToEleven = Between("2026-06-02 09:00", "2026-06-02 11:00", Shanghai);

    private static readonly ResidentLoad NoLoad = new(0, 0);

    private static Occupant Holding(string start, string end, int places = 1, string facilityId = "court-1") =>
        new(facilityId, Between(start, end, Shanghai), places);

    private static string[] Check(Facility facility, int partySize, Occupant[] occupants, ResidentLoad? load = null,
        Interval? requested = null) =>
        Admission.CheckOccupancy(facility, requested ?? NineToEleven, partySize, occupants, load ?? NoLoad).Select(r => r.Reason).ToArray();

    [Fact]
    public void A_free_slot_passes()
    {
        Assert.Empty(Check(Facility(), 2, []));
    }

    [Fact]
    public void An_exclusive_slot_that_is_already_booked_is_full()
    {
        var rules = Admission.CheckOccupancy(Facility(capacity: 1), NineToEleven, 2, [Holding("2026-06-02 10:00", "2026-06-02 11:00")], NoLoad);

        var rule = Assert.Single(rules);
        Assert.Equal(Reasons.SlotFull, rule.Reason);
        Assert.Equal("0", rule.Metadata["remaining_places"]);
    }

    [Fact]
    public void Bookings_that_only_touch_the_request_do_not_take_its_slot()
    {
        Occupant[] beforeAndAfter = [Holding("2026-06-02 08:00", "2026-06-02 09:00"), Holding("2026-06-02 11:00", "2026-06-02 12:00")];

        Assert.Empty(Check(Facility(capacity: 1), 2, beforeAndAfter));
    }

    [Fact]
    public void A_shared_facility_takes_parties_until_its_capacity_is_reached()
    {
        var shared = Facility(capacity: 10);
        Occupant[] occupants = [Holding("2026-06-02 09:00", "2026-06-02 11:00", places: 6)];

        Assert.Empty(Check(shared, 4, occupants));
        var rule = Assert.Single(Admission.CheckOccupancy(shared, NineToEleven, 5, occupants, NoLoad));
        Assert.Equal(Reasons.SlotFull, rule.Reason);
        Assert.Equal("4", rule.Metadata["remaining_places"]);
    }

    [Fact]
    public void Bookings_in_different_slots_of_a_two_slot_request_are_not_counted_twice()
    {
        var shared = Facility(capacity: 10);
        Occupant[] occupants = [Holding("2026-06-02 09:00", "2026-06-02 10:00", places: 6), Holding("2026-06-02 10:00", "2026-06-02 11:00", places: 6)];

        // At most 6 places are held at any moment, so 4 more fit; 6 + 6 would wrongly say none do.
        Assert.Empty(Check(shared, 4, occupants));
        Assert.Equal([Reasons.SlotFull], Check(shared, 5, occupants));
    }

    [Fact]
    public void Bookings_that_overlap_each_other_inside_the_request_add_up()
    {
        var shared = Facility(capacity: 10);
        Occupant[] occupants = [Holding("2026-06-02 09:00", "2026-06-02 11:00", places: 4), Holding("2026-06-02 10:00", "2026-06-02 11:00", places: 3)];

        var rule = Assert.Single(Admission.CheckOccupancy(shared, NineToEleven, 4, occupants, NoLoad));

        Assert.Equal(Reasons.SlotFull, rule.Reason);
        Assert.Equal("3", rule.Metadata["remaining_places"]);
        Assert.Empty(Check(shared, 3, occupants));
    }

    [Fact]
    public void Remaining_places_are_never_negative()
    {
        var shared = Facility(capacity: 5);

        var rule = Assert.Single(Admission.CheckOccupancy(shared, NineToEleven, 1, [Holding("2026-06-02 09:00", "2026-06-02 10:00", places: 7)], NoLoad));

        Assert.Equal("0", rule.Metadata["remaining_places"]);
    }

    [Fact]
    public void Peak_places_is_the_most_held_at_any_one_moment()
    {
        Occupant[] occupants =
        [
            Holding("2026-06-02 08:00", "2026-06-02 09:30", places: 2),
            Holding("2026-06-02 09:00", "2026-06-02 10:00", places: 3),
            Holding("2026-06-02 10:00", "2026-06-02 11:00", places: 4),
            Holding("2026-06-02 10:30", "2026-06-02 12:00", places: 1),
        ];

        // 09:00–09:30: 2 + 3; 10:00–10:30: 4; 10:30–11:00: 4 + 1.
        Assert.Equal(5, Admission.PeakPlaces(occupants, NineToEleven));
    }

    [Fact]
    public void Peak_places_ignores_bookings_outside_the_request_and_those_that_only_touch_it()
    {
        Occupant[] occupants =
        [
            Holding("2026-06-02 07:00", "2026-06-02 09:00", places: 50),
            Holding("2026-06-02 11:00", "2026-06-02 12:00", places: 50),
            Holding("2026-06-02 09:00", "2026-06-02 10:00", places: 2),
        ];

        Assert.Equal(2, Admission.PeakPlaces(occupants, NineToEleven));
    }

    [Fact]
    public void Peak_places_of_nothing_is_zero()
    {
        Assert.Equal(0, Admission.PeakPlaces([], NineToEleven));
    }

    [Fact]
    public void A_booking_of_the_whole_blocks_a_part()
    {
        var part = Facility(id: "half-pitch-a", parentId: "pitch");

        var rules = Admission.CheckOccupancy(part, NineToEleven, 2, [Holding("2026-06-02 10:00", "2026-06-02 12:00", facilityId: "pitch")], NoLoad);

        var rule = Assert.Single(rules);
        Assert.Equal(Reasons.RelatedFacilityBooked, rule.Reason);
        Assert.Equal("pitch", rule.Metadata["facility"]);
    }

    [Fact]
    public void A_booking_of_a_part_blocks_the_whole()
    {
        var whole = Facility(id: "pitch");

        var rules = Admission.CheckOccupancy(whole, NineToEleven, 2, [Holding("2026-06-02 09:00", "2026-06-02 10:00", facilityId: "half-pitch-b")], NoLoad);

        var rule = Assert.Single(rules);
        Assert.Equal(Reasons.RelatedFacilityBooked, rule.Reason);
        Assert.Equal("half-pitch-b", rule.Metadata["facility"]);
    }

    [Fact]
    public void A_related_booking_that_only_touches_the_request_does_not_block_it()
    {
        var whole = Facility(id: "pitch");

        Assert.Empty(Check(whole, 2, [Holding("2026-06-02 11:00", "2026-06-02 12:00", facilityId: "half-pitch-b")]));
    }

    [Fact]
    public void A_related_booking_does_not_take_places_of_a_shared_facility()
    {
        var shared = Facility(capacity: 10, id: "hall");

        Assert.Equal([Reasons.RelatedFacilityBooked], Check(shared, 10, [Holding("2026-06-02 09:00", "2026-06-02 10:00", places: 8, facilityId: "hall-east")]));
    }

    [Fact]
    public void A_resident_at_the_active_booking_limit_may_not_book_again()
    {
        var facility = Facility(rules: Rules with { MaxActiveBookings = 2 });

        Assert.Empty(Check(facility, 2, [], new ResidentLoad(Active: 1, InSameWeek: 0)));
        var rule = Assert.Single(Admission.CheckOccupancy(facility, NineToEleven, 2, [], new ResidentLoad(Active: 2, InSameWeek: 0)));
        Assert.Equal(Reasons.ActiveBookingLimitReached, rule.Reason);
        Assert.Equal("2", rule.Metadata["max_active_bookings"]);
    }

    [Fact]
    public void A_resident_at_the_weekly_limit_may_not_book_again_that_week()
    {
        var facility = Facility(rules: Rules with { MaxBookingsPerWeek = 3 });

        Assert.Empty(Check(facility, 2, [], new ResidentLoad(Active: 0, InSameWeek: 2)));
        var rule = Assert.Single(Admission.CheckOccupancy(facility, NineToEleven, 2, [], new ResidentLoad(Active: 0, InSameWeek: 3)));
        Assert.Equal(Reasons.WeeklyBookingLimitReached, rule.Reason);
        Assert.Equal("3", rule.Metadata["max_bookings_per_week"]);
    }

    [Fact]
    public void Limits_of_zero_mean_no_limit()
    {
        var facility = Facility(rules: Rules with { MaxActiveBookings = 0, MaxBookingsPerWeek = 0 });

        Assert.Empty(Check(facility, 2, [], new ResidentLoad(Active: 500, InSameWeek: 500)));
    }

    [Fact]
    public void Every_occupancy_rule_broken_is_reported_at_once()
    {
        var facility = Facility(id: "half-pitch-a", parentId: "pitch", rules: Rules with { MaxActiveBookings = 1, MaxBookingsPerWeek = 1 });
        Occupant[] occupants = [Holding("2026-06-02 09:00", "2026-06-02 10:00", facilityId: "pitch"), Holding("2026-06-02 10:00", "2026-06-02 11:00", facilityId: "half-pitch-a")];

        Assert.Equal(
            [Reasons.RelatedFacilityBooked, Reasons.SlotFull, Reasons.ActiveBookingLimitReached, Reasons.WeeklyBookingLimitReached],
            Check(facility, 2, occupants, new ResidentLoad(Active: 1, InSameWeek: 1)));
    }

    [Theory]
    [InlineData("2026-06-01 00:00")]
    [InlineData("2026-06-03 15:00")]
    [InlineData("2026-06-07 23:30")]
    public void The_week_of_a_slot_runs_from_local_Monday_to_Sunday(string slotStart)
    {
        var week = Admission.WeekOf(At(slotStart, Shanghai), Shanghai);

        Assert.Equal(Between("2026-06-01 00:00", "2026-06-08 00:00", Shanghai), week);
    }

    [Fact]
    public void A_Sunday_evening_belongs_to_its_local_week_even_when_it_is_already_Monday_elsewhere()
    {
        // Sunday 23:30 in London (BST) is Monday 06:30 in Shanghai.
        var week = Admission.WeekOf(At("2026-06-07 23:30", London), London);

        Assert.Equal(new Interval(At("2026-06-01 00:00", London), At("2026-06-08 00:00", London)), week);
    }

    [Fact]
    public void The_next_Monday_starts_a_new_week()
    {
        var week = Admission.WeekOf(At("2026-06-08 00:00", Shanghai), Shanghai);

        Assert.Equal(At("2026-06-08 00:00", Shanghai), week.Start);
    }

    [Fact]
    public void A_week_with_the_spring_DST_change_is_an_hour_short()
    {
        var week = Admission.WeekOf(At("2026-03-29 12:00", London), London);

        Assert.Equal(Utc("2026-03-23T00:00:00Z"), week.Start);
        Assert.Equal(Utc("2026-03-29T23:00:00Z"), week.End);
        Assert.Equal(Duration.FromHours((7 * 24) - 1), week.Duration);
    }

    [Theory]
    [InlineData("2026-06-02 09:00", "2026-06-02 10:00", "2026-06-02 10:00", "2026-06-02 11:00", false)]
    [InlineData("2026-06-02 09:00", "2026-06-02 10:01", "2026-06-02 10:00", "2026-06-02 11:00", true)]
    [InlineData("2026-06-02 09:00", "2026-06-02 12:00", "2026-06-02 10:00", "2026-06-02 11:00", true)]
    [InlineData("2026-06-02 09:00", "2026-06-02 10:00", "2026-06-02 11:00", "2026-06-02 12:00", false)]
    public void Half_open_intervals_overlap_only_when_they_share_time(string aStart, string aEnd, string bStart, string bEnd, bool overlap)
    {
        var a = Between(aStart, aEnd, Shanghai);
        var b = Between(bStart, bEnd, Shanghai);

        Assert.Equal(overlap, Admission.Overlaps(a, b));
        Assert.Equal(overlap, Admission.Overlaps(b, a));
    }
}
