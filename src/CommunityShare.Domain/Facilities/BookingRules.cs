using NodaTime;

namespace CommunityShare.Domain.Facilities;

/// <summary>How a facility may be booked. Zero limits mean "no limit".</summary>
public sealed record BookingRules
{
    public static readonly BookingRules Default = new()
    {
        SlotLength = Duration.FromHours(1),
        MaxSlotsPerBooking = 2,
        BookingHorizonDays = 7,
        ReleaseTime = new LocalTime(8, 0),
        MinimumNotice = Duration.FromHours(1),
        CancellationDeadline = Duration.FromHours(2),
        MaxActiveBookings = 0,
        MaxBookingsPerWeek = 0,
        ApprovalRequired = false,
        MaxPartySize = 0,
    };

    public static readonly Duration ShortestSlot = Duration.FromMinutes(5);
    public static readonly Duration LongestSlot = Duration.FromHours(24);
    public const int MostSlotsPerBooking = 48;
    public const int LongestHorizonDays = 366;
    public static readonly Duration LongestNotice = Duration.FromDays(30);

    public Duration SlotLength { get; init; }

    public int MaxSlotsPerBooking { get; init; }

    /// <summary>A date opens for booking this many days ahead …</summary>
    public int BookingHorizonDays { get; init; }

    /// <summary>… at this local time.</summary>
    public LocalTime ReleaseTime { get; init; }

    public Duration MinimumNotice { get; init; }

    public Duration CancellationDeadline { get; init; }

    public int MaxActiveBookings { get; init; }

    public int MaxBookingsPerWeek { get; init; }

    public bool ApprovalRequired { get; init; }

    public int MaxPartySize { get; init; }

    /// <summary>A high-demand facility (热门场地): bars on high-demand facilities apply to it.</summary>
    public bool HighDemand { get; init; }

    /// <summary>With <see cref="ApprovalRequired"/>: residents in good standing are confirmed at once on their commitment (告知承诺).</summary>
    public bool CommitmentAdmission { get; init; }

    /// <summary>Whether places are allocated by lottery before the release, and how (<see cref="LotteryRules.Off"/>: first come, first served).</summary>
    public LotteryRules Lottery { get; init; } = LotteryRules.Off;

    /// <summary>When slots on <paramref name="date"/> open for booking.</summary>
    public Instant ReleaseOf(LocalDate date, DateTimeZone zone) =>
        date.PlusDays(-BookingHorizonDays).At(ReleaseTime).InZoneLeniently(zone).ToInstant();

    /// <summary>Every rule that is out of range, with field paths under <paramref name="prefix"/>.</summary>
    public void Validate(Violations violations, string prefix)
    {
        violations.Check(SlotLength < ShortestSlot || SlotLength > LongestSlot || SlotLength.SubsecondNanoseconds != 0,
            $"{prefix}.slot_length", Reasons.OutOfRange, "must be whole seconds between 5 minutes and 24 hours.");
        violations.Check(MaxSlotsPerBooking is < 1 or > MostSlotsPerBooking,
            $"{prefix}.max_slots_per_booking", Reasons.OutOfRange, $"must be 1 to {MostSlotsPerBooking}.");
        violations.Check(BookingHorizonDays is < 0 or > LongestHorizonDays,
            $"{prefix}.booking_horizon_days", Reasons.OutOfRange, $"must be 0 to {LongestHorizonDays} days.");
        violations.Check(MinimumNotice < Duration.Zero || MinimumNotice > LongestNotice,
            $"{prefix}.minimum_notice", Reasons.OutOfRange, "must be between 0 and 30 days.");
        violations.Check(CancellationDeadline < Duration.Zero || CancellationDeadline > LongestNotice,
            $"{prefix}.cancellation_deadline", Reasons.OutOfRange, "must be between 0 and 30 days.");
        violations.Check(MaxActiveBookings is < 0 or > 1000,
            $"{prefix}.max_active_bookings", Reasons.OutOfRange, "must be 0 (no limit) to 1000.");
        violations.Check(MaxBookingsPerWeek is < 0 or > 1000,
            $"{prefix}.max_bookings_per_week", Reasons.OutOfRange, "must be 0 (no limit) to 1000.");
        violations.Check(MaxPartySize is < 0 or > 100_000,
            $"{prefix}.max_party_size", Reasons.OutOfRange, "must be 0 (no limit) to 100000.");
        Lottery.Validate(violations, $"{prefix}.lottery");
    }
}
