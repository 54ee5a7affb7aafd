using NodaTime;

namespace CommunityShare.Domain.Facilities;

/// <summary>Open to the public every week on <see cref="Day"/> during <see cref="Hours"/>.</summary>
public sealed record WeeklyWindow(IsoDayOfWeek Day, TimeRange Hours);

/// <summary>On <see cref="Date"/> the weekly windows are replaced by <see cref="Windows"/>; none means closed.</summary>
public sealed record DateOverride(LocalDate Date, IReadOnlyList<TimeRange> Windows, string Reason);

/// <summary>When a facility is open to the public, in local time of its zone.</summary>
public sealed class OpeningSchedule
{
    public static readonly OpeningSchedule Closed = new([], []);

    public OpeningSchedule(IReadOnlyList<WeeklyWindow> weekly, IReadOnlyList<DateOverride> overrides)
    {
        Weekly = weekly.OrderBy(w => w.Day).ThenBy(w => w.Hours.Start).ToArray();
        Overrides = overrides.OrderBy(o => o.Date).ToArray();
    }

    public IReadOnlyList<WeeklyWindow> Weekly { get; }

    public IReadOnlyList<DateOverride> Overrides { get; }

    public IReadOnlyList<TimeRange> WindowsOn(LocalDate date)
    {
        foreach (var o in Overrides)
        {
            if (o.Date == date)
            {
                return o.Windows;
            }
        }
        return Weekly.Where(w => w.Day == date.DayOfWeek).Select(w => w.Hours).ToArray();
    }

    /// <summary>Hours open in a typical week (ignoring overrides), for summaries.</summary>
    public Duration WeeklyOpenHours() =>
        Weekly.Aggregate(Duration.Zero, (sum, w) => sum + Duration.FromTicks(
            (w.Hours.EndsAtMidnight ? NodaConstants.TicksPerDay : w.Hours.End.TickOfDay) - w.Hours.Start.TickOfDay));
}
