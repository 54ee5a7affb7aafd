using NodaTime;

namespace CommunityShare.Domain.Volunteers;

/// <summary>Hours of service from check-in and check-out, and the star level they add up to (星级志愿者).</summary>
public static class ServiceHours
{
    /// <summary>
    /// Minutes served: from check-in to check-out, counted only within the shift (coming early or
    /// staying late is not asked for; a correction request covers what really happened). Whole minutes.
    /// </summary>
    public static int Minutes(Interval shift, Instant checkIn, Instant checkOut)
    {
        var start = checkIn > shift.Start ? checkIn : shift.Start;
        var end = checkOut < shift.End ? checkOut : shift.End;
        return end > start ? (int)(end - start).TotalMinutes : 0;
    }
}

/// <summary>
/// Star levels by cumulative confirmed hours: a volunteer has as many stars as thresholds they have
/// reached. Configurable; by default 100, 300, 600, 1000 and 1500 hours (one to five stars).
/// </summary>
public sealed record StarLevels(IReadOnlyList<int> ThresholdHours)
{
    public static readonly StarLevels Default = new([100, 300, 600, 1000, 1500]);

    public int For(int confirmedMinutes) => ThresholdHours.Count(t => confirmedMinutes >= t * 60);

    /// <summary>Hours still needed for the next star; null at the top.</summary>
    public int? NextThreshold(int confirmedMinutes) => ThresholdHours.Where(t => confirmedMinutes < t * 60).Cast<int?>().FirstOrDefault();

    public static bool IsValid(IReadOnlyList<int> thresholds) =>
        thresholds.Count is >= 1 and <= 10 && thresholds[0] > 0 && thresholds.Zip(thresholds.Skip(1)).All(p => p.First < p.Second);
}
