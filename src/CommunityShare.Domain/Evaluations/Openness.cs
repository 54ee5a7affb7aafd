namespace CommunityShare.Domain.Evaluations;

/// <summary>What the openness index of one institution is computed from, for a period.</summary>
public sealed record OpennessInputs(
    double PlaceHoursOffered,
    double ReferencePlaceHours,
    double PlaceHoursBooked,
    int Bookings,
    int? ComplaintsUpheld,
    IReadOnlyList<int> Ratings);

/// <summary>An institution's openness index (0–100) and its parts (each 0–1; null when there is nothing to measure).</summary>
public sealed record OpennessScore(double Index, double Breadth, double? Use, double? Quality);

/// <summary>
/// The openness index (开放指数): how much of its capacity an institution opens to residents, and how
/// well. Breadth = public place-hours offered ÷ reference place-hours (every facility's places ×
/// <see cref="ReferenceHoursPerWeek"/> a week, i.e. open 08:00–22:00 every day), capped at 1.
/// Use = use rate ÷ <see cref="FullUseRate"/>, capped at 1. Quality = the mean of what is known of
/// (1 − upheld complaints per 1,000 bookings ÷ 10, floored at 0) and ((satisfaction − 1) ÷ 4).
/// Index = 100 × (0.5 breadth + 0.3 use + 0.2 quality); a part with nothing to measure (no places
/// offered: no use; no bookings and no ratings: no quality) is left out and the others scaled up.
/// </summary>
public static class Openness
{
    public const double ReferenceHoursPerWeek = 14 * 7;
    public const double FullUseRate = 0.6;
    public const double UpheldPerThousandAtZero = 10;

    public static OpennessScore Compute(OpennessInputs i)
    {
        var breadth = i.ReferencePlaceHours > 0 ? Math.Min(1, i.PlaceHoursOffered / i.ReferencePlaceHours) : 0;
        double? use = i.PlaceHoursOffered > 0 ? Math.Min(1, i.PlaceHoursBooked / i.PlaceHoursOffered / FullUseRate) : null;
        var qualityParts = new List<double>();
        if (i.ComplaintsUpheld is { } upheld && i.Bookings > 0)
        {
            qualityParts.Add(Math.Max(0, 1 - upheld * 1000.0 / i.Bookings / UpheldPerThousandAtZero));
        }
        if (i.Ratings.Count > 0)
        {
            qualityParts.Add((i.Ratings.Average() - 1) / 4);
        }
        double? quality = qualityParts.Count > 0 ? qualityParts.Average() : null;
        var weighted = new List<(double Weight, double Value)> { (0.5, breadth) };
        if (use is { } u)
        {
            weighted.Add((0.3, u));
        }
        if (quality is { } q)
        {
            weighted.Add((0.2, q));
        }
        var index = weighted.Sum(x => x.Weight * x.Value) / weighted.Sum(x => x.Weight) * 100;
        return new OpennessScore(Math.Round(index, 1), Math.Round(breadth, 4), use is null ? null : Math.Round(use.Value, 4),
            quality is null ? null : Math.Round(quality.Value, 4));
    }
}
