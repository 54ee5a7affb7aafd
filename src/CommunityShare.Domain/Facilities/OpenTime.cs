using NodaTime;

namespace CommunityShare.Domain.Facilities;

/// <summary>When a facility is really open to the public on a date: its windows for the date, less its blackouts.</summary>
public static class OpenTime
{
    /// <summary>The open intervals on <paramref name="date"/>, in order, with every closure cut out.</summary>
    public static IReadOnlyList<Interval> On(OpeningSchedule schedule, DateTimeZone zone, LocalDate date, IReadOnlyList<Interval> closures)
    {
        var open = new List<Interval>();
        foreach (var window in schedule.WindowsOn(date))
        {
            var pieces = new List<Interval> { window.On(date, zone) };
            foreach (var closure in closures)
            {
                pieces = pieces.SelectMany(p => Cut(p, closure)).ToList();
            }
            open.AddRange(pieces.Where(p => p.Duration > Duration.Zero));
        }
        return open.OrderBy(i => i.Start).ToArray();
    }

    /// <summary>The total open time on <paramref name="date"/>.</summary>
    public static Duration Total(OpeningSchedule schedule, DateTimeZone zone, LocalDate date, IReadOnlyList<Interval> closures) =>
        On(schedule, zone, date, closures).Aggregate(Duration.Zero, (sum, i) => sum + i.Duration);

    /// <summary>How much of <paramref name="interval"/> lies within <paramref name="within"/>.</summary>
    public static Duration Overlap(Interval interval, Interval within)
    {
        var start = Instant.Max(interval.Start, within.Start);
        var end = Instant.Min(interval.End, within.End);
        return end > start ? end - start : Duration.Zero;
    }

    private static IEnumerable<Interval> Cut(Interval piece, Interval closure)
    {
        if (closure.End <= piece.Start || closure.Start >= piece.End)
        {
            yield return piece;
            yield break;
        }
        if (closure.Start > piece.Start)
        {
            yield return new Interval(piece.Start, closure.Start);
        }
        if (closure.End < piece.End)
        {
            yield return new Interval(closure.End, piece.End);
        }
    }
}
