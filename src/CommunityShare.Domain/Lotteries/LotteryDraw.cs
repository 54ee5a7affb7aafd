using NodaTime;

namespace CommunityShare.Domain.Lotteries;

/// <summary>
/// The record of one slot's draw, kept so that anyone can run it again (<see cref="WeightedDraw"/>):
/// the seed and algorithm, when applications closed and when it ran, the places there were, and
/// the household cap; each applicant's ticket, weight, number, key, rank and outcome are on their
/// application. Its id is the slot's start (UTC, <c>20260613t0200z</c>), so a slot has one draw.
/// </summary>
public sealed class LotteryDraw
{
    private LotteryDraw() { }

    public LotteryDraw(string facilityId, Interval slot, Instant closeTime, string seed, int capacity, int householdCap, int applicants, int winners,
        int placesAllocated, Instant now)
    {
        Id = IdOf(slot.Start);
        FacilityId = facilityId;
        Start = slot.Start;
        End = slot.End;
        CloseTime = closeTime;
        DrawTime = now;
        Seed = seed;
        Algorithm = WeightedDraw.Algorithm;
        Capacity = capacity;
        HouseholdCap = householdCap;
        Applicants = applicants;
        Winners = winners;
        PlacesAllocated = placesAllocated;
    }

    public string Id { get; private set; } = "";

    public string FacilityId { get; private set; } = "";

    public Instant Start { get; private set; }

    public Instant End { get; private set; }

    public Interval Slot => new(Start, End);

    public Instant CloseTime { get; private set; }

    public Instant DrawTime { get; private set; }

    public string Seed { get; private set; } = "";

    public string Algorithm { get; private set; } = "";

    /// <summary>The facility's places (1: exclusive use).</summary>
    public int Capacity { get; private set; }

    public int HouseholdCap { get; private set; }

    public int Applicants { get; private set; }

    public int Winners { get; private set; }

    public int PlacesAllocated { get; private set; }

    /// <summary>The draw's id: its slot's start in UTC, e.g. <c>20260613t0200z</c>.</summary>
    public static string IdOf(Instant slotStart) =>
        NodaTime.Text.InstantPattern.CreateWithInvariantCulture("uuuuMMdd'T'HHmm'Z'").Format(slotStart).ToLowerInvariant();
}
