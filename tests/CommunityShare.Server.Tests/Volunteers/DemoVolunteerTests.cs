using CommunityShare.Contracts.V1;
using static CommunityShare.Server.Tests.Volunteers.VolunteerWorld;

namespace CommunityShare.Server.Tests.Volunteers;

public sealed class DemoVolunteerTests
{
    [Fact]
    public async Task The_demo_district_has_volunteers_a_team_and_weekend_shifts_in_Xinzhuang()
    {
        await using var f = new ServerFixture(seedDemoData: true);
        var office = Client(f, "staff:li:office=310112101");

        var volunteers = await office.ListVolunteersAsync(new ListVolunteersRequest { Parent = "places/310112101" });
        var teams = await office.ListTeamsAsync(new ListTeamsRequest { Parent = "places/310112101" });
        var shifts = await office.ListShiftsAsync(new ListShiftsRequest { Parent = "activities/-", Place = "places/310112101" });
        var first = await Client(f, "resident:demo-resident-01").GetVolunteerAsync(new GetVolunteerRequest { Name = "residents/demo-resident-01/volunteer" });

        Assert.True(volunteers.Volunteers.Count >= 4);
        Assert.Contains(Assert.Single(teams.Teams).Members, m => m.Leader);
        Assert.Contains(shifts.Shifts, s => s.PlacesTaken < s.PlacesNeeded);
        Assert.Equal(1, first.StarLevel);

        // The school field needs volunteers on site: its openings say whether they are staffed; Saturday's are not yet.
        using var web = new Web.WebSession(f);
        var field = await web.GetAsync("/facilities/school-310112101-field");
        var openings = field.Document.QuerySelectorAll("[data-staffing] li");
        Assert.NotEmpty(openings);
        Assert.All(openings, o => Assert.Equal("false", o.GetAttribute("data-staffed")));
    }
}
