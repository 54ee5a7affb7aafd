using CommunityShare.Domain.Facilities;
using NodaTime;

namespace CommunityShare.Domain.Providers;

/// <summary>One facility of a contract's scope, as the opening-hours check needs it.</summary>
public sealed record ScopeFacility(OpeningSchedule Schedule, DateTimeZone Zone, IReadOnlyList<Interval> Blackouts);

/// <summary>
/// How a contract's promised service levels are measured from the platform's own data, over fixed
/// 28-day periods (so a missed level is reminded once per period, whenever the sweep runs).
/// </summary>
public static class ServiceLevelCheck
{
    /// <summary>Periods are counted from Monday 2024-01-01, in blocks of <see cref="ContractReminder.MeasuredDays"/> days.</summary>
    public static readonly LocalDate PeriodEpoch = new(2024, 1, 1);

    /// <summary>The last whole period that ended before <paramref name="today"/>.</summary>
    public static DateInterval LastPeriod(LocalDate today)
    {
        var days = Period.Between(PeriodEpoch, today, PeriodUnits.Days).Days;
        var start = PeriodEpoch.PlusDays((days / ContractReminder.MeasuredDays - 1) * ContractReminder.MeasuredDays);
        return new DateInterval(start, start.PlusDays(ContractReminder.MeasuredDays - 1));
    }

    /// <summary>
    /// Public opening hours a week delivered across the scope over <paramref name="days"/>: each
    /// facility's published windows on each day, less the blackouts that cover them, summed, per 7 days.
    /// </summary>
    public static double OpenHoursPerWeek(IEnumerable<ScopeFacility> scope, DateInterval days)
    {
        var total = Duration.Zero;
        foreach (var facility in scope)
        {
            foreach (var date in days)
            {
                foreach (var window in facility.Schedule.WindowsOn(date))
                {
                    var open = window.On(date, facility.Zone);
                    total += open.Duration - Covered(open, facility.Blackouts);
                }
            }
        }
        return total.TotalHours / (days.Length / 7.0);
    }

    /// <summary>How much of <paramref name="open"/> the blackouts cover (overlapping blackouts count once).</summary>
    private static Duration Covered(Interval open, IReadOnlyList<Interval> blackouts)
    {
        var covered = Duration.Zero;
        var reached = open.Start;
        foreach (var b in blackouts.Where(b => b.Start < open.End && b.End > open.Start).OrderBy(b => b.Start))
        {
            var from = Instant.Max(Instant.Max(b.Start, open.Start), reached);
            var to = Instant.Min(b.End, open.End);
            if (to > from)
            {
                covered += to - from;
                reached = to;
            }
        }
        return covered;
    }

    /// <summary>Whether a complaint filed on <paramref name="filed"/> and answered on <paramref name="answered"/> (or still not, by <paramref name="today"/>) was answered late.</summary>
    public static bool AnsweredLate(Complaints.WorkingCalendar calendar, LocalDate filed, LocalDate? answered, LocalDate today, int workingDays)
    {
        var due = calendar.AddWorkingDays(filed, workingDays);
        return (answered ?? today) > due;
    }
}
