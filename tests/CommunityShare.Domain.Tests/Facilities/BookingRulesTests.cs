using CommunityShare.Domain.Facilities;
using NodaTime;
using static CommunityShare.Domain.Tests.Given;

namespace CommunityShare.Domain.Tests.Facilities;

public class BookingRulesTests
{
    private const string Prefix = "facility.booking_rules";

    private static IReadOnlyList<FieldViolation> ViolationsOf(BookingRules rules)
    {
        var violations = new Violations();
        rules.Validate(violations, Prefix);
        return violations.Items;
    }

    [Fact]
    public void A_date_is_released_the_horizon_before_at_the_release_time_local()
    {
        var rules = BookingRules.Default with { BookingHorizonDays = 7, ReleaseTime = new LocalTime(8, 0) };

        Assert.Equal(At("2026-06-02 08:00", Shanghai), rules.ReleaseOf(Date(2026, 6, 9), Shanghai));
        Assert.Equal(Utc("2026-06-02T00:00:00Z"), rules.ReleaseOf(Date(2026, 6, 9), Shanghai));
    }

    [Fact]
    public void A_horizon_of_zero_days_releases_a_date_on_the_day_itself()
    {
        var rules = BookingRules.Default with { BookingHorizonDays = 0, ReleaseTime = new LocalTime(6, 30) };

        Assert.Equal(At("2026-06-09 06:30", Shanghai), rules.ReleaseOf(Date(2026, 6, 9), Shanghai));
    }

    [Fact]
    public void The_release_follows_the_local_clock_when_DST_starts_in_between()
    {
        var rules = BookingRules.Default with { BookingHorizonDays = 7, ReleaseTime = new LocalTime(8, 0) };

        // Released on 2026-03-29, the day clocks go forward: 08:00 BST is 07:00 UTC.
        Assert.Equal(Utc("2026-03-29T07:00:00Z"), rules.ReleaseOf(Date(2026, 4, 5), London));
        // A week earlier it is still GMT.
        Assert.Equal(Utc("2026-03-22T08:00:00Z"), rules.ReleaseOf(Date(2026, 3, 29), London));
    }

    [Fact]
    public void The_release_follows_the_local_clock_when_DST_ends_in_between()
    {
        var rules = BookingRules.Default with { BookingHorizonDays = 7, ReleaseTime = new LocalTime(8, 0) };

        Assert.Equal(Utc("2026-10-25T08:00:00Z"), rules.ReleaseOf(Date(2026, 11, 1), London));
        Assert.Equal(Utc("2026-10-18T07:00:00Z"), rules.ReleaseOf(Date(2026, 10, 25), London));
    }

    [Fact]
    public void A_release_time_the_clocks_skip_is_moved_forward_by_the_gap()
    {
        var rules = BookingRules.Default with { BookingHorizonDays = 7, ReleaseTime = new LocalTime(1, 30) };

        // 01:30 does not exist on 2026-03-29 in London; it becomes 02:30 BST, i.e. 01:30 UTC.
        Assert.Equal(Utc("2026-03-29T01:30:00Z"), rules.ReleaseOf(Date(2026, 4, 5), London));
    }

    [Fact]
    public void A_release_time_the_clocks_repeat_takes_its_first_occurrence()
    {
        var rules = BookingRules.Default with { BookingHorizonDays = 7, ReleaseTime = new LocalTime(1, 30) };

        // 01:30 happens twice on 2026-10-25 in London; the first (BST) is 00:30 UTC.
        Assert.Equal(Utc("2026-10-25T00:30:00Z"), rules.ReleaseOf(Date(2026, 11, 1), London));
    }

    [Fact]
    public void The_default_rules_are_valid()
    {
        Assert.Empty(ViolationsOf(BookingRules.Default));
    }

    [Fact]
    public void Rules_at_the_edges_of_their_ranges_are_valid()
    {
        var smallest = BookingRules.Default with
        {
            SlotLength = BookingRules.ShortestSlot,
            MaxSlotsPerBooking = 1,
            BookingHorizonDays = 0,
            MinimumNotice = Duration.Zero,
            CancellationDeadline = Duration.Zero,
            MaxActiveBookings = 0,
            MaxBookingsPerWeek = 0,
            MaxPartySize = 0,
        };
        var largest = BookingRules.Default with
        {
            SlotLength = BookingRules.LongestSlot,
            MaxSlotsPerBooking = BookingRules.MostSlotsPerBooking,
            BookingHorizonDays = BookingRules.LongestHorizonDays,
            MinimumNotice = BookingRules.LongestNotice,
            CancellationDeadline = BookingRules.LongestNotice,
            MaxActiveBookings = 1000,
            MaxBookingsPerWeek = 1000,
            MaxPartySize = 100_000,
        };

        Assert.Empty(ViolationsOf(smallest));
        Assert.Empty(ViolationsOf(largest));
    }

    [Fact]
    public void Every_rule_out_of_range_is_reported_with_its_path_all_at_once()
    {
        var rules = new BookingRules
        {
            SlotLength = Duration.FromMinutes(4),
            MaxSlotsPerBooking = 0,
            BookingHorizonDays = -1,
            ReleaseTime = new LocalTime(8, 0),
            MinimumNotice = Duration.FromHours(-1),
            CancellationDeadline = Duration.FromDays(31),
            MaxActiveBookings = -1,
            MaxBookingsPerWeek = 1001,
            MaxPartySize = 100_001,
        };

        var violations = ViolationsOf(rules);

        Assert.Equal(
        [
            "facility.booking_rules.slot_length",
            "facility.booking_rules.max_slots_per_booking",
            "facility.booking_rules.booking_horizon_days",
            "facility.booking_rules.minimum_notice",
            "facility.booking_rules.cancellation_deadline",
            "facility.booking_rules.max_active_bookings",
            "facility.booking_rules.max_bookings_per_week",
            "facility.booking_rules.max_party_size",
        ], violations.Select(v => v.Field));
        Assert.All(violations, v => Assert.Equal(Reasons.OutOfRange, v.Reason));
    }

    [Fact]
    public void Only_the_rules_out_of_range_are_reported()
    {
        var rules = BookingRules.Default with { MaxSlotsPerBooking = 49, MaxPartySize = -1 };

        Assert.Equal(
            ["facility.booking_rules.max_slots_per_booking", "facility.booking_rules.max_party_size"],
            ViolationsOf(rules).Select(v => v.Field));
    }

    public static TheoryData<Duration> SlotLengthsOutOfRange => new()
    {
        Duration.Zero,
        Duration.FromMinutes(-60),
        Duration.FromMinutes(5) - Duration.FromSeconds(1),
        Duration.FromHours(24) + Duration.FromSeconds(1),
        Duration.FromMinutes(30) + Duration.FromMilliseconds(500),
        Duration.FromMinutes(30) + Duration.FromTicks(1),
        Duration.FromMinutes(30) + Duration.FromNanoseconds(1),
    };

    [Theory]
    [MemberData(nameof(SlotLengthsOutOfRange))]
    public void A_slot_length_that_is_not_whole_seconds_from_5_minutes_to_24_hours_is_out_of_range(Duration slotLength)
    {
        var violation = Assert.Single(ViolationsOf(BookingRules.Default with { SlotLength = slotLength }));

        Assert.Equal("facility.booking_rules.slot_length", violation.Field);
        Assert.Equal(Reasons.OutOfRange, violation.Reason);
    }

    [Fact]
    public void A_notice_longer_than_30_days_is_out_of_range()
    {
        var rules = BookingRules.Default with { MinimumNotice = BookingRules.LongestNotice + Duration.FromSeconds(1) };

        Assert.Equal("facility.booking_rules.minimum_notice", Assert.Single(ViolationsOf(rules)).Field);
    }

    [Fact]
    public void A_horizon_longer_than_366_days_is_out_of_range()
    {
        var rules = BookingRules.Default with { BookingHorizonDays = 367 };

        Assert.Equal("facility.booking_rules.booking_horizon_days", Assert.Single(ViolationsOf(rules)).Field);
    }

    [Fact]
    public void Rule_violations_are_added_to_those_already_collected()
    {
        var violations = new Violations().Add("facility.display_name", Reasons.Required, "is required.");

        (BookingRules.Default with { MaxSlotsPerBooking = 0 }).Validate(violations, "rules");

        Assert.Equal(["facility.display_name", "rules.max_slots_per_booking"], violations.Items.Select(v => v.Field));
    }
}
