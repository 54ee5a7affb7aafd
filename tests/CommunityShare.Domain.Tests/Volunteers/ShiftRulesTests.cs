using CommunityShare.Domain.Volunteers;
using NodaTime;
using static CommunityShare.Domain.Tests.Volunteers.VolunteerWorld;

namespace CommunityShare.Domain.Tests.Volunteers;

public class ShiftRulesTests
{
    private static List<string> Broken(Shift shift, Volunteer v, int taken = 0, params Interval[] held) =>
        ShiftRules.Check(shift, v, taken, new VolunteerLoad(held), Zone).Select(r => r.Reason).ToList();

    [Fact]
    public void A_free_volunteer_with_the_skills_fits_an_open_shift()
    {
        Assert.Empty(Broken(Shift("s", "2026-06-10", 9, 12, skills: Skills.FirstAid), Volunteer("v", Skills.FirstAid | Skills.Legal)));
    }

    [Fact]
    public void A_shift_is_never_over_its_places()
    {
        var shift = Shift("s", "2026-06-10", 9, 12, places: 2);

        Assert.Empty(Broken(shift, Volunteer("v"), taken: 1));
        Assert.Equal([Reasons.ShiftFull], Broken(shift, Volunteer("v"), taken: 2));
    }

    [Fact]
    public void A_volunteer_is_never_in_two_overlapping_shifts_but_back_to_back_is_fine()
    {
        var shift = Shift("s", "2026-06-10", 9, 12);
        var before = Given.Between("2026-06-10 07:00", "2026-06-10 09:00", Zone);
        var across = Given.Between("2026-06-10 11:59", "2026-06-10 13:00", Zone);

        Assert.Empty(Broken(shift, Volunteer("v"), 0, before));
        Assert.Equal([Reasons.ShiftOverlap], Broken(shift, Volunteer("v"), 0, across));
    }

    [Fact]
    public void A_volunteer_never_goes_over_the_weekly_maximum_counted_in_the_shifts_week()
    {
        var v = Volunteer("v", maxHours: 6);
        var shift = Shift("s", "2026-06-10", 9, 12);
        var sameWeek = Given.Between("2026-06-08 09:00", "2026-06-08 12:00", Zone);
        var moreSameWeek = Given.Between("2026-06-09 09:00", "2026-06-09 09:01", Zone);
        var lastWeek = Given.Between("2026-06-07 09:00", "2026-06-07 15:00", Zone);

        Assert.Empty(Broken(shift, v, 0, sameWeek, lastWeek));
        Assert.Equal([Reasons.WeeklyHoursExceeded], Broken(shift, v, 0, sameWeek, moreSameWeek));
    }

    [Fact]
    public void A_volunteer_is_never_on_a_shift_without_every_required_skill()
    {
        var shift = Shift("s", "2026-06-10", 9, 12, skills: Skills.FirstAid | Skills.ElderlyCare);

        var broken = ShiftRules.Check(shift, Volunteer("v", Skills.FirstAid), 0, new VolunteerLoad([]), Zone);

        var rule = Assert.Single(broken);
        Assert.Equal(Reasons.SkillMissing, rule.Reason);
        Assert.Equal("ElderlyCare", rule.Metadata["missing"]);
    }

    [Fact]
    public void Every_broken_rule_is_told_at_once()
    {
        var shift = Shift("s", "2026-06-10", 9, 12, places: 1, skills: Skills.Medical);
        var v = Volunteer("v", maxHours: 2);

        Assert.Equal([Reasons.ShiftFull, Reasons.ShiftOverlap, Reasons.WeeklyHoursExceeded, Reasons.SkillMissing],
            Broken(shift, v, 1, Given.Between("2026-06-10 10:00", "2026-06-10 11:00", Zone)));
    }
}
