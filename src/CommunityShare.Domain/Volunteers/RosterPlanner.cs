using NodaTime;

namespace CommunityShare.Domain.Volunteers;

/// <summary>A shift with places still open, as the planner sees it.</summary>
public sealed record OpenShift(string ShiftId, Interval Period, string PlaceCode, Skills RequiredSkills, int OpenPlaces);

/// <summary>
/// A volunteer as the planner sees them for one week: skills, home, when they are available that
/// week (pattern minus exceptions), their weekly limit, the service they gave recently (for fair
/// rotation) and the shifts they already hold.
/// </summary>
public sealed record RosterCandidate(string ResidentId, Skills Skills, string HomePlaceCode, IReadOnlyList<Interval> Available, Duration WeeklyLimit,
    Duration RecentService, IReadOnlyList<Interval> Held)
{
    public static RosterCandidate Of(Volunteer volunteer, Interval week, DateTimeZone zone, Duration recentService, IReadOnlyList<Interval> held) =>
        new(volunteer.ResidentId, volunteer.Skills, volunteer.HomePlaceCode,
            volunteer.AvailableIntervals(week.Start.InZone(zone).Date, (week.End - Duration.Epsilon).InZone(zone).Date, zone),
            volunteer.WeeklyLimit, recentService, held);
}

public sealed record ProposedAssignment(string ShiftId, string ResidentId);

/// <summary>A shift the proposal could not fill: how many places stay open.</summary>
public sealed record RosterGap(string ShiftId, int Missing);

public sealed record RosterProposal(IReadOnlyList<ProposedAssignment> Assignments, IReadOnlyList<RosterGap> Gaps);

/// <summary>
/// Proposes a week's roster: shifts are filled in order of their start; for each, from the
/// volunteers who hold every required skill, are available for all of it, are on no overlapping
/// shift and stay within their weekly limit, it takes the nearest home neighbourhood first (the
/// longest common place code: same neighbourhood, then same town), then the fewest recent hours
/// (fair rotation: hours already proposed this week count too), then the resident id (so the same
/// input always gives the same roster). Staff review the proposal and publish it.
/// </summary>
public static class RosterPlanner
{
    public static RosterProposal Propose(IReadOnlyList<OpenShift> shifts, IReadOnlyList<RosterCandidate> candidates, Interval week)
    {
        var states = candidates.Select(c => new State(c, week)).ToArray();
        var assignments = new List<ProposedAssignment>();
        var gaps = new List<RosterGap>();
        var eligible = new List<(State State, int Nearness)>(states.Length);
        foreach (var shift in shifts.Where(s => s.OpenPlaces > 0).OrderBy(s => s.Period.Start).ThenBy(s => s.ShiftId, StringComparer.Ordinal))
        {
            eligible.Clear();
            var inWeek = InWeek(shift.Period, week);
            foreach (var s in states)
            {
                if (s.Candidate.Skills.Covers(shift.RequiredSkills) && s.MinutesThisWeek + inWeek <= s.LimitMinutes && s.IsAvailable(shift.Period)
                    && !s.Overlaps(shift.Period))
                {
                    eligible.Add((s, Nearness(shift.PlaceCode, s.Candidate.HomePlaceCode)));
                }
            }
            eligible.Sort(static (a, b) =>
            {
                var c = b.Nearness.CompareTo(a.Nearness);
                if (c == 0)
                {
                    c = a.State.RotationMinutes.CompareTo(b.State.RotationMinutes);
                }
                return c != 0 ? c : string.CompareOrdinal(a.State.Candidate.ResidentId, b.State.Candidate.ResidentId);
            });
            var take = Math.Min(shift.OpenPlaces, eligible.Count);
            for (var i = 0; i < take; i++)
            {
                var s = eligible[i].State;
                s.Take(shift.Period, inWeek);
                assignments.Add(new ProposedAssignment(shift.ShiftId, s.Candidate.ResidentId));
            }
            if (take < shift.OpenPlaces)
            {
                gaps.Add(new RosterGap(shift.ShiftId, shift.OpenPlaces - take));
            }
        }
        return new RosterProposal(assignments, gaps);
    }

    /// <summary>How near a home is to a shift: the length of the common prefix of their place codes (codes nest: district, town, neighbourhood).</summary>
    public static int Nearness(string shiftPlace, string homePlace)
    {
        var n = Math.Min(shiftPlace.Length, homePlace.Length);
        var i = 0;
        while (i < n && shiftPlace[i] == homePlace[i])
        {
            i++;
        }
        return i;
    }

    private static long InWeek(Interval period, Interval week)
    {
        var start = period.Start > week.Start ? period.Start : week.Start;
        var end = period.End < week.End ? period.End : week.End;
        return end > start ? (long)(end - start).TotalMinutes : 0;
    }

    private sealed class State
    {
        private readonly List<Interval> _held;

        public State(RosterCandidate candidate, Interval week)
        {
            Candidate = candidate;
            _held = [.. candidate.Held];
            LimitMinutes = (long)candidate.WeeklyLimit.TotalMinutes;
            MinutesThisWeek = candidate.Held.Sum(h => InWeek(h, week));
            RotationMinutes = (long)candidate.RecentService.TotalMinutes;
        }

        public RosterCandidate Candidate { get; }

        public long LimitMinutes { get; }

        public long MinutesThisWeek { get; private set; }

        public long RotationMinutes { get; private set; }

        public bool IsAvailable(Interval period)
        {
            foreach (var a in Candidate.Available)
            {
                if (a.Start <= period.Start && period.End <= a.End)
                {
                    return true;
                }
            }
            return false;
        }

        public bool Overlaps(Interval period)
        {
            foreach (var h in _held)
            {
                if (h.Start < period.End && period.Start < h.End)
                {
                    return true;
                }
            }
            return false;
        }

        public void Take(Interval period, long minutesInWeek)
        {
            _held.Add(period);
            MinutesThisWeek += minutesInWeek;
            RotationMinutes += (long)period.Duration.TotalMinutes;
        }
    }
}
