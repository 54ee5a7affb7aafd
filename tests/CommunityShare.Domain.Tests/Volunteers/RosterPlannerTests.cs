using CommunityShare.Domain.Volunteers;
using NodaTime;
using static CommunityShare.Domain.Tests.Volunteers.VolunteerWorld;

namespace CommunityShare.Domain.Tests.Volunteers;

/// <summary>The week's roster proposal, one rule at a time.</summary>
public class RosterPlannerTests
{
    private static RosterProposal Propose(OpenShift[] shifts, params RosterCandidate[] candidates) => RosterPlanner.Propose(shifts, candidates, Week);

    private static string[] Who(RosterProposal p, string shift) => p.Assignments.Where(a => a.ShiftId == shift).Select(a => a.ResidentId).ToArray();

    [Fact]
    public void Fills_open_places_and_no_more()
    {
        var shift = Shift("s", "2026-06-10", 9, 12, places: 3);

        var p = Propose([Open(shift, open: 2)], Candidate(Volunteer("a")), Candidate(Volunteer("b")), Candidate(Volunteer("c")));

        Assert.Equal(2, Who(p, "s").Length);
        Assert.Empty(p.Gaps);
    }

    [Fact]
    public void Only_volunteers_with_every_required_skill()
    {
        var shift = Shift("s", "2026-06-10", 9, 12, places: 2, skills: Skills.FirstAid | Skills.Medical);

        var p = Propose([Open(shift)], Candidate(Volunteer("a", Skills.FirstAid)), Candidate(Volunteer("b", Skills.FirstAid | Skills.Medical | Skills.Legal)));

        Assert.Equal(["b"], Who(p, "s"));
        Assert.Equal(new RosterGap("s", 1), Assert.Single(p.Gaps));
    }

    [Fact]
    public void Nearest_home_neighbourhood_first()
    {
        var shift = Shift("s", "2026-06-10", 9, 12, places: 1, place: Xinzhuang2);

        var p = Propose([Open(shift)],
            Candidate(Volunteer("a-qibao", home: Qibao1)),
            Candidate(Volunteer("b-same-town", home: Xinzhuang1)),
            Candidate(Volunteer("c-same-neighbourhood", home: Xinzhuang2), recentHours: 50));

        Assert.Equal(["c-same-neighbourhood"], Who(p, "s"));
    }

    [Fact]
    public void Among_equally_near_volunteers_the_fewest_recent_hours_first()
    {
        var shift = Shift("s", "2026-06-10", 9, 12, places: 1);

        var p = Propose([Open(shift)], Candidate(Volunteer("a"), recentHours: 10), Candidate(Volunteer("b"), recentHours: 2), Candidate(Volunteer("c"), recentHours: 5));

        Assert.Equal(["b"], Who(p, "s"));
    }

    [Fact]
    public void Rotation_counts_the_hours_proposed_this_week_too()
    {
        var monday = Shift("mon", "2026-06-08", 9, 12);
        var tuesday = Shift("tue", "2026-06-09", 9, 12);

        var p = Propose([Open(monday), Open(tuesday)], Candidate(Volunteer("a"), recentHours: 0), Candidate(Volunteer("b"), recentHours: 1));

        Assert.Equal(["a"], Who(p, "mon"));
        Assert.Equal(["b"], Who(p, "tue"));
    }

    [Fact]
    public void Never_two_overlapping_shifts_for_one_volunteer_including_what_they_already_hold()
    {
        var morning = Shift("m", "2026-06-10", 9, 12);
        var overlapping = Shift("o", "2026-06-10", 11, 13);
        var held = Given.Between("2026-06-11 09:00", "2026-06-11 10:00", Zone);
        var heldShift = Shift("h", "2026-06-11", 9, 10);

        var p = Propose([Open(morning), Open(overlapping), Open(heldShift)], Candidate(Volunteer("a"), 0, held));

        Assert.Equal(["a"], Who(p, "m"));
        Assert.Empty(Who(p, "o"));
        Assert.Empty(Who(p, "h"));
        Assert.Equal(["o", "h"], p.Gaps.Select(g => g.ShiftId));
    }

    [Fact]
    public void Within_the_weekly_limit()
    {
        var shifts = new[] { Shift("1", "2026-06-08", 9, 12), Shift("2", "2026-06-09", 9, 12), Shift("3", "2026-06-10", 9, 12) };

        var p = Propose(shifts.Select(s => Open(s)).ToArray(), Candidate(Volunteer("a", maxHours: 6)));

        Assert.Equal(["a"], Who(p, "1"));
        Assert.Equal(["a"], Who(p, "2"));
        Assert.Empty(Who(p, "3"));
    }

    [Fact]
    public void Only_when_available_by_the_weekly_pattern()
    {
        var shift = Shift("s", "2026-06-13", 9, 12); // Saturday
        var weekdays = Enum.GetValues<IsoDayOfWeek>().Where(d => d is >= IsoDayOfWeek.Monday and <= IsoDayOfWeek.Friday)
            .Select(d => new AvailabilityWindow(d, Given.Hours(8, 22))).ToArray();

        var p = Propose([Open(shift)], Candidate(Volunteer("weekdays", availability: weekdays)), Candidate(Volunteer("weekends", availability: EveryDay(8, 12))));

        Assert.Equal(["weekends"], Who(p, "s"));
    }

    [Fact]
    public void The_same_input_gives_the_same_roster()
    {
        var shifts = Enumerable.Range(0, 20).Select(i => Open(Shift($"s{i:D2}", $"2026-06-{8 + i % 7:D2}", 9 + i % 5, 11 + i % 5, places: 2))).ToArray();
        var candidates = Enumerable.Range(0, 15).Select(i => Candidate(Volunteer($"v{i:D2}", home: i % 2 == 0 ? Xinzhuang1 : Xinzhuang2), recentHours: i % 3)).ToArray();

        Assert.Equal(Propose(shifts, candidates).Assignments, Propose(shifts.Reverse().ToArray(), candidates.Reverse().ToArray()).Assignments);
    }
}
