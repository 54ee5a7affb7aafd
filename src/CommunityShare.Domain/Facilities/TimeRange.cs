using NodaTime;

namespace CommunityShare.Domain.Facilities;

/// <summary>
/// A local time range within one day, start inclusive, end exclusive. An <see cref="End"/> of
/// midnight means the end of the day (24:00), so 00:00–00:00 is the whole day.
/// </summary>
public sealed record TimeRange
{
    public TimeRange(LocalTime start, LocalTime end)
    {
        if (end != LocalTime.Midnight && end <= start)
        {
            throw new ArgumentOutOfRangeException(nameof(end), "The end of a time range must be after its start.");
        }
        Start = start;
        End = end;
    }

    public LocalTime Start { get; }

    public LocalTime End { get; }

    public bool EndsAtMidnight => End == LocalTime.Midnight;

    public static bool IsValid(LocalTime start, LocalTime end) => end == LocalTime.Midnight || end > start;

    public bool Overlaps(TimeRange other) => Start < other.EndOrMax() && other.Start < EndOrMax();

    /// <summary>The end as an offset from midnight, so that 24:00 compares after every other time.</summary>
    private LocalTime EndOrMax() => EndsAtMidnight ? LocalTime.MaxValue : End;

    /// <summary>Start and end as instants on <paramref name="date"/> in <paramref name="zone"/>.</summary>
    /// <remarks>
    /// Local times that a DST change skips move forward by the gap, and ambiguous ones take the
    /// earlier offset (NodaTime's lenient resolver), so a window that contains a transition is
    /// really an hour shorter or longer, as the clock on the wall says.
    /// </remarks>
    public Interval On(LocalDate date, DateTimeZone zone)
    {
        var start = date.At(Start).InZoneLeniently(zone).ToInstant();
        var endDateTime = EndsAtMidnight ? date.PlusDays(1).AtMidnight() : date.At(End);
        var end = endDateTime.InZoneLeniently(zone).ToInstant();
        return new Interval(start, end < start ? start : end);
    }
}
