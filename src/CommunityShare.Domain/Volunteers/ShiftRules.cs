using NodaTime;

namespace CommunityShare.Domain.Volunteers;

/// <summary>What a volunteer already holds, for judging one more shift: the intervals of their holding assignments.</summary>
public sealed record VolunteerLoad(IReadOnlyList<Interval> Held);

/// <summary>
/// The invariants of a roster, as pure functions: a shift never has more volunteers than places, a
/// volunteer is never in two overlapping shifts, never over their weekly maximum, and never on a
/// shift without every skill it requires. Each broken rule is a reason code; all of them are told at once.
/// </summary>
public static class ShiftRules
{
    /// <summary>Every rule that putting <paramref name="volunteer"/> on <paramref name="shift"/> would break.</summary>
    /// <param name="taken">Places of the shift already held.</param>
    /// <param name="load">The volunteer's holding assignments (any week; only overlaps and the shift's week count).</param>
    /// <param name="zone">The district's zone: weeks run Monday 00:00 to Monday 00:00 there.</param>
    public static List<RuleViolation> Check(Shift shift, Volunteer volunteer, int taken, VolunteerLoad load, DateTimeZone zone)
    {
        var broken = new List<RuleViolation>();
        if (taken >= shift.PlacesNeeded)
        {
            broken.Add(new RuleViolation(Reasons.ShiftFull, "Every place on this shift is taken.",
                new Dictionary<string, string> { ["places_needed"] = Text(shift.PlacesNeeded), ["taken"] = Text(taken) }));
        }
        var overlapping = load.Held.Where(h => Overlaps(h, shift.Period)).ToList();
        if (overlapping.Count > 0)
        {
            broken.Add(new RuleViolation(Reasons.ShiftOverlap, "The volunteer is already on a shift at this time.",
                new Dictionary<string, string> { ["start_time"] = Format(overlapping[0].Start), ["end_time"] = Format(overlapping[0].End) }));
        }
        var week = WeekOf(shift.Start, zone);
        var inWeek = HoursInWeek(load.Held, week);
        if (inWeek + shift.Length > volunteer.WeeklyLimit)
        {
            broken.Add(new RuleViolation(Reasons.WeeklyHoursExceeded, $"This would take the volunteer over {volunteer.MaxHoursPerWeek} hours in the week.",
                new Dictionary<string, string>
                {
                    ["max_hours_per_week"] = Text(volunteer.MaxHoursPerWeek),
                    ["hours_that_week"] = (inWeek.TotalMinutes / 60).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture),
                }));
        }
        var missing = shift.RequiredSkills & ~volunteer.Skills;
        if (missing != Skills.None)
        {
            broken.Add(new RuleViolation(Reasons.SkillMissing, "The shift needs a skill the volunteer does not hold.",
                new Dictionary<string, string> { ["missing"] = string.Join(',', missing.Each()) }));
        }
        return broken;
    }

    public static bool Overlaps(Interval a, Interval b) => a.Start < b.End && b.Start < a.End;

    /// <summary>Monday 00:00 to the next Monday 00:00 in <paramref name="zone"/>, around <paramref name="instant"/>.</summary>
    public static Interval WeekOf(Instant instant, DateTimeZone zone)
    {
        var date = instant.InZone(zone).Date;
        var monday = date.PlusDays(-((int)date.DayOfWeek - 1));
        return new Interval(zone.AtStartOfDay(monday).ToInstant(), zone.AtStartOfDay(monday.PlusWeeks(1)).ToInstant());
    }

    /// <summary>The part of <paramref name="held"/> that lies in <paramref name="week"/>.</summary>
    public static Duration HoursInWeek(IEnumerable<Interval> held, Interval week)
    {
        var total = Duration.Zero;
        foreach (var h in held)
        {
            var start = h.Start > week.Start ? h.Start : week.Start;
            var end = h.End < week.End ? h.End : week.End;
            if (end > start)
            {
                total += end - start;
            }
        }
        return total;
    }

    private static string Text(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Format(Instant i) => NodaTime.Text.InstantPattern.General.Format(i);
}
