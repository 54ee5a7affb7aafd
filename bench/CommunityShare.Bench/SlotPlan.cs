using CommunityShare.Contracts;
using CommunityShare.Contracts.V1;
using NodaTime;

namespace CommunityShare.Bench;

/// <summary>
/// The bookable grid every benchmark facility shares: open 00:00–24:00 every day in Shanghai,
/// 15-minute slots, from tomorrow's local midnight on. Slot <c>k</c> is the k-th 15 minutes after
/// that midnight; Asia/Shanghai has no daylight saving, so the grid is plain arithmetic.
/// </summary>
public sealed class SlotPlan
{
    public const string TimeZone = "Asia/Shanghai";
    public static readonly Duration SlotLength = Duration.FromMinutes(15);
    public const int SlotsPerDay = 96;

    /// <summary>Stay well inside the 365-day horizon.</summary>
    public const int Days = 360;

    public const int SlotCount = SlotsPerDay * Days;

    private readonly Instant first;

    public SlotPlan(IClock clock)
    {
        var zone = DateTimeZoneProviders.Tzdb[TimeZone];
        var tomorrow = clock.GetCurrentInstant().InZone(zone).Date.PlusDays(1);
        First = tomorrow;
        first = zone.AtStartOfDay(tomorrow).ToInstant();
    }

    /// <summary>The local date slot 0 is on.</summary>
    public LocalDate First { get; }

    public Instant StartOf(int slot)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(slot, SlotCount);
        return first + SlotLength * slot;
    }

    /// <summary>The booking body for one slot.</summary>
    public Booking Booking(int slot, int partySize = 1)
    {
        var start = StartOf(slot);
        return new Booking
        {
            StartTime = start.ToTimestamp(),
            EndTime = (start + SlotLength).ToTimestamp(),
            PartySize = partySize,
        };
    }
}
