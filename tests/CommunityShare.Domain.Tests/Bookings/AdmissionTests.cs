using CommunityShare.Domain.Bookings;
using CommunityShare.Domain.Facilities;
using NodaTime;
using static CommunityShare.Domain.Tests.Given;

namespace CommunityShare.Domain.Tests.Bookings;

/// <summary>
/// <see cref="Admission.CheckTiming"/>. Unless a test says otherwise: a Shanghai court open 08:00–22:00 every day,
/// 1 h slots, at most 2 a booking, dates released 7 days ahead at 08:00, 1 h notice; it is Monday 2026-06-01 10:00.
/// </summary>
public class AdmissionTests
{
    private static readonly Instant Now = At("2026-06-01 10:00", Shanghai);

    private static readonly Interval TomorrowNineToEleven = Between("2026-06-02 09:00", "2026-06-02 11:00", Shanghai);

    private static List<RuleViolation> Check(Interval requested, int partySize = 2, Facility? facility = null,
        IEnumerable<Blackout>? blackouts = null, Instant? now = null) =>
        Admission.CheckTiming(facility ?? Facility(), blackouts ?? [], requested, partySize, now ?? Now);

    private static string[] ReasonsOf(IEnumerable<RuleViolation> rules) => rules.Select(r => r.Reason).ToArray();

    private static Blackout Blackout(string start, string end, string id = "exam-week") =>
        new(id, "court-1", Between(start, end, Shanghai), BlackoutReason.Exam, "Mid-term exams", SomeCreateTime);

    [Fact]
    public void A_valid_request_passes()
    {
        Assert.Empty(Check(TomorrowNineToEleven));
    }

    [Fact]
    public void A_request_that_has_already_started_is_in_the_past()
    {
        var rule = Assert.Single(Check(Between("2026-06-01 09:00", "2026-06-01 10:00", Shanghai)));

        Assert.Equal(Reasons.InThePast, rule.Reason);
        Assert.Equal("2026-06-01T01:00:00Z", rule.Metadata["start_time"]);
    }

    [Fact]
    public void A_request_in_the_past_is_not_also_reported_as_too_late()
    {
        var reasons = ReasonsOf(Check(Between("2026-06-01 08:00", "2026-06-01 09:00", Shanghai)));

        Assert.Contains(Reasons.InThePast, reasons);
        Assert.DoesNotContain(Reasons.TooLate, reasons);
    }

    [Fact]
    public void A_request_inside_the_minimum_notice_is_too_late()
    {
        var now = At("2026-06-01 10:30", Shanghai);

        var rule = Assert.Single(Check(Between("2026-06-01 11:00", "2026-06-01 12:00", Shanghai), now: now));

        Assert.Equal(Reasons.TooLate, rule.Reason);
        Assert.Equal("2026-06-01T02:00:00Z", rule.Metadata["latest_booking_time"]);
    }

    [Fact]
    public void A_request_exactly_the_minimum_notice_ahead_is_in_time()
    {
        Assert.Empty(Check(Between("2026-06-01 11:00", "2026-06-01 12:00", Shanghai), now: At("2026-06-01 10:00", Shanghai)));
    }

    [Fact]
    public void A_request_starting_now_with_no_minimum_notice_is_in_time()
    {
        var facility = Facility(rules: Rules with { MinimumNotice = Duration.Zero });

        Assert.Empty(Check(Between("2026-06-01 10:00", "2026-06-01 11:00", Shanghai), facility: facility));
    }

    [Theory]
    [InlineData("2026-06-02 06:00", "2026-06-02 07:00")]
    [InlineData("2026-06-02 07:00", "2026-06-02 09:00")]
    [InlineData("2026-06-02 21:00", "2026-06-02 23:00")]
    [InlineData("2026-06-02 22:00", "2026-06-02 23:00")]
    public void A_request_not_wholly_inside_opening_hours_is_refused(string start, string end)
    {
        var rule = Assert.Single(Check(Between(start, end, Shanghai)));

        Assert.Equal(Reasons.OutsideOpeningHours, rule.Reason);
    }

    [Fact]
    public void A_request_on_a_day_closed_by_an_override_is_outside_opening_hours()
    {
        var schedule = new OpeningSchedule(OpenEveryDay(Hours(8, 22)).Weekly, [new DateOverride(Date(2026, 6, 2), [], "Sports day")]);

        Assert.Equal([Reasons.OutsideOpeningHours], ReasonsOf(Check(TomorrowNineToEleven, facility: Facility(schedule: schedule))));
    }

    [Theory]
    [InlineData("2026-06-02 09:30", "2026-06-02 10:30")]
    [InlineData("2026-06-02 09:00", "2026-06-02 09:30")]
    [InlineData("2026-06-02 09:00", "2026-06-02 10:15")]
    public void A_request_off_the_slot_grid_is_not_on_a_slot_boundary(string start, string end)
    {
        var rule = Assert.Single(Check(Between(start, end, Shanghai)));

        Assert.Equal(Reasons.NotOnSlotBoundary, rule.Reason);
        Assert.True(rule.Metadata.ContainsKey("slot_length"));
    }

    [Fact]
    public void A_request_a_nanosecond_off_the_slot_grid_is_not_on_a_slot_boundary()
    {
        var nanosecond = Duration.FromNanoseconds(1);
        var offByANanosecond = new Interval(TomorrowNineToEleven.Start + nanosecond, TomorrowNineToEleven.End + nanosecond);

        Assert.Equal([Reasons.NotOnSlotBoundary], ReasonsOf(Check(offByANanosecond)));
    }

    [Fact]
    public void A_request_longer_than_the_most_slots_per_booking_has_too_many_slots()
    {
        var rule = Assert.Single(Check(Between("2026-06-02 09:00", "2026-06-02 12:00", Shanghai)));

        Assert.Equal(Reasons.TooManySlots, rule.Reason);
        Assert.Equal("2", rule.Metadata["max_slots_per_booking"]);
    }

    [Fact]
    public void A_request_of_exactly_the_most_slots_per_booking_passes()
    {
        var facility = Facility(rules: Rules with { MaxSlotsPerBooking = 3 });

        Assert.Empty(Check(Between("2026-06-02 09:00", "2026-06-02 12:00", Shanghai), facility: facility));
    }

    [Fact]
    public void A_date_not_yet_released_is_too_far_ahead_and_says_when_it_will_be()
    {
        var rule = Assert.Single(Check(Between("2026-06-09 09:00", "2026-06-09 10:00", Shanghai)));

        Assert.Equal(Reasons.TooFarAhead, rule.Reason);
        Assert.Equal("2026-06-02T00:00:00Z", rule.Metadata["release_time"]);
    }

    [Fact]
    public void A_date_becomes_bookable_at_its_release_time()
    {
        var nextMonday = Between("2026-06-08 09:00", "2026-06-08 10:00", Shanghai);

        Assert.Equal([Reasons.TooFarAhead], ReasonsOf(Check(nextMonday, now: At("2026-06-01 07:59", Shanghai))));
        Assert.Empty(Check(nextMonday, now: At("2026-06-01 08:00", Shanghai)));
    }

    [Fact]
    public void The_release_time_is_local_in_a_zone_with_DST()
    {
        var london = Facility(zone: London, schedule: OpenEveryDay(Hours(8, 22)));
        var sundayAfterTheChange = new Interval(At("2026-04-05 09:00", London), At("2026-04-05 10:00", London));

        // Released at 08:00 BST on 2026-03-29, the day the clocks go forward: 07:00 UTC.
        var rule = Assert.Single(Check(sundayAfterTheChange, facility: london, now: Utc("2026-03-29T06:30:00Z")));
        Assert.Equal(Reasons.TooFarAhead, rule.Reason);
        Assert.Equal("2026-03-29T07:00:00Z", rule.Metadata["release_time"]);

        Assert.Empty(Check(sundayAfterTheChange, facility: london, now: Utc("2026-03-29T07:30:00Z")));
    }

    [Fact]
    public void A_slot_after_the_spring_DST_change_is_on_the_grid_of_its_window()
    {
        var london = Facility(zone: London, schedule: OpenEveryDay(Hours(0, 4)));
        // The window runs 00:00 GMT to 04:00 BST (00:00–03:00 UTC); its last slot starts at 03:00 BST.
        var lastSlot = new Interval(Utc("2026-03-29T02:00:00Z"), Utc("2026-03-29T03:00:00Z"));
        var pastTheWindow = new Interval(Utc("2026-03-29T02:00:00Z"), Utc("2026-03-29T04:00:00Z"));
        var now = Utc("2026-03-28T12:00:00Z");

        Assert.Empty(Check(lastSlot, facility: london, now: now));
        Assert.Equal([Reasons.OutsideOpeningHours], ReasonsOf(Check(pastTheWindow, facility: london, now: now)));
    }

    [Fact]
    public void A_request_overlapping_a_blackout_is_blacked_out()
    {
        var rule = Assert.Single(Check(TomorrowNineToEleven, blackouts: [Blackout("2026-06-02 10:00", "2026-06-02 12:00")]));

        Assert.Equal(Reasons.BlackedOut, rule.Reason);
        Assert.Equal("exam-week", rule.Metadata["blackout"]);
        Assert.Equal(nameof(BlackoutReason.Exam), rule.Metadata["blackout_reason"]);
    }

    [Fact]
    public void A_blackout_that_only_touches_the_request_does_not_block_it()
    {
        Blackout[] blackouts = [Blackout("2026-06-02 07:00", "2026-06-02 09:00", "before"), Blackout("2026-06-02 11:00", "2026-06-02 13:00", "after")];

        Assert.Empty(Check(TomorrowNineToEleven, blackouts: blackouts));
    }

    [Fact]
    public void An_exclusive_facility_limits_the_party_by_its_rules_only()
    {
        var exclusive = Facility(capacity: 1, rules: Rules with { MaxPartySize = 4 });

        var rule = Assert.Single(Check(TomorrowNineToEleven, partySize: 5, facility: exclusive));

        Assert.Equal(Reasons.PartyTooLarge, rule.Reason);
        Assert.Equal("4", rule.Metadata["max_party_size"]);
        Assert.Empty(Check(TomorrowNineToEleven, partySize: 4, facility: exclusive));
    }

    [Fact]
    public void An_exclusive_facility_with_no_party_limit_takes_any_party()
    {
        var exclusive = Facility(capacity: 1, rules: Rules with { MaxPartySize = 0 });

        Assert.Empty(Check(TomorrowNineToEleven, partySize: 200, facility: exclusive));
    }

    [Fact]
    public void A_shared_facility_with_no_party_limit_caps_the_party_at_its_capacity()
    {
        var shared = Facility(capacity: 10, rules: Rules with { MaxPartySize = 0 });

        var rule = Assert.Single(Check(TomorrowNineToEleven, partySize: 11, facility: shared));

        Assert.Equal(Reasons.PartyTooLarge, rule.Reason);
        Assert.Equal("10", rule.Metadata["max_party_size"]);
        Assert.Empty(Check(TomorrowNineToEleven, partySize: 10, facility: shared));
    }

    [Theory]
    [InlineData(30, 6, 7, "6")]
    [InlineData(5, 8, 6, "5")]
    public void A_shared_facility_caps_the_party_at_the_smaller_of_its_rule_and_its_capacity(
        int capacity, int maxPartySize, int partySize, string limit)
    {
        var shared = Facility(capacity: capacity, rules: Rules with { MaxPartySize = maxPartySize });

        var rule = Assert.Single(Check(TomorrowNineToEleven, partySize: partySize, facility: shared));

        Assert.Equal(Reasons.PartyTooLarge, rule.Reason);
        Assert.Equal(limit, rule.Metadata["max_party_size"]);
    }

    [Fact]
    public void Every_broken_rule_is_reported_at_once()
    {
        var facility = Facility(capacity: 1, rules: Rules with { MaxPartySize = 4 });
        var earlyThisMorning = Between("2026-06-01 07:00", "2026-06-01 08:00", Shanghai);

        var reasons = ReasonsOf(Check(earlyThisMorning, partySize: 9, facility: facility,
            blackouts: [Blackout("2026-06-01 00:00", "2026-06-02 00:00")]));

        Assert.Equal([Reasons.InThePast, Reasons.OutsideOpeningHours, Reasons.BlackedOut, Reasons.PartyTooLarge], reasons);
    }

    [Fact]
    public void Grid_release_notice_and_blackout_problems_are_reported_together()
    {
        var facility = Facility(capacity: 10);
        var offGridNextWeek = Between("2026-06-09 09:30", "2026-06-09 10:30", Shanghai);

        var reasons = ReasonsOf(Check(offGridNextWeek, partySize: 11, facility: facility,
            blackouts: [Blackout("2026-06-09 10:00", "2026-06-09 11:00")]));

        Assert.Equal([Reasons.NotOnSlotBoundary, Reasons.TooFarAhead, Reasons.BlackedOut, Reasons.PartyTooLarge], reasons);
    }

    [Fact]
    public void Too_late_and_too_many_slots_are_reported_together()
    {
        var reasons = ReasonsOf(Check(Between("2026-06-01 10:00", "2026-06-01 13:00", Shanghai), now: At("2026-06-01 09:30", Shanghai)));

        Assert.Equal([Reasons.TooLate, Reasons.TooManySlots], reasons);
    }

    [Fact]
    public void A_request_of_no_length_is_not_a_slot()
    {
        var start = TomorrowNineToEleven.Start;

        Assert.Contains(Reasons.NotOnSlotBoundary, ReasonsOf(Check(new Interval(start, start))));
    }
}
