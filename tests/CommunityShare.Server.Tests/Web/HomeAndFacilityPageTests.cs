using System.Net;
using CommunityShare.Contracts;
using CommunityShare.Contracts.V1;
using NodaTime;
using static CommunityShare.Server.Tests.Web.DemoDistrictFixture;

namespace CommunityShare.Server.Tests.Web;

/// <summary>The home page (what is open near a neighbourhood), the facility page, and care mode.</summary>
public sealed class HomeAndFacilityPageTests(DemoDistrictFixture demo) : IClassFixture<DemoDistrictFixture>
{
    [Fact]
    public async Task A_visitor_chooses_a_neighbourhood_and_sees_what_is_open_there_today_and_this_week()
    {
        using var web = new WebSession(demo.Server);

        var bare = await web.GetAsync("/");
        var chosen = await web.GetAsync("/?Place=" + Xinzhuang1);

        Assert.Equal(HttpStatusCode.OK, bare.Status);
        Assert.Null(bare.Document.QuerySelector("[data-neighbourhood]"));
        Assert.NotNull(bare.Document.QuerySelector($"select[name=Place] option[value='{Xinzhuang1}']"));
        Assert.Equal(Xinzhuang1, chosen.Document.QuerySelector("[data-neighbourhood]")?.GetAttribute("data-neighbourhood"));
        var listed = chosen.Document.QuerySelectorAll("li[data-facility]").Select(li => li.GetAttribute("data-facility")!).Distinct().ToArray();
        Assert.NotEmpty(listed);
        // Facilities of the neighbourhood's town only.
        Assert.All(listed, id => Assert.Contains("-310112101", id, StringComparison.Ordinal));
        Assert.Contains("今天莘庄一村居委会附近可以约", chosen.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signed_in_resident_sees_their_home_neighbourhood_without_choosing()
    {
        await new ResidentService.ResidentServiceClient(demo.Server.Channel(null)).RegisterResidentAsync(new RegisterResidentRequest
        {
            Resident = new Resident
            {
                DisplayName = "李阿姨",
                Mobile = "13900001111",
                IdentityNumber = CommunityShare.Domain.Residents.IdentityNumber.WithCheckCharacter("31011219560702002"),
                HomePlace = "places/310112102002",
            },
            UserName = "li.ayi",
            Password = "home-page-2026",
        });
        using var web = new WebSession(demo.Server);
        await web.SignInAsync("li.ayi", "home-page-2026");

        var home = await web.GetAsync("/");

        Assert.Equal("310112102002", home.Document.QuerySelector("[data-neighbourhood]")?.GetAttribute("data-neighbourhood"));
        Assert.Contains("我的社区", home.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_neighbourhood_is_a_problem_on_the_form_not_an_error_page()
    {
        using var web = new WebSession(demo.Server);

        var page = await web.GetAsync("/?Place=999");

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.NotEmpty(page.SummaryErrors);
    }

    [Fact]
    public async Task The_facility_page_shows_owner_rules_accessibility_and_the_same_slots_as_the_api()
    {
        using var web = new WebSession(demo.Server);
        var today = new LocalDate(2026, 6, 10);
        var api = await demo.Server.Facilities(null).ListFacilitySlotsAsync(new ListFacilitySlotsRequest
        {
            Facility = "facilities/school-310112101-track",
            StartDate = today.ToProtoDate(),
            EndDate = today.PlusDays(6).ToProtoDate(),
            PartySize = 1,
        });

        var page = await web.GetAsync("/facilities/school-310112101-track");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("莘庄实验学校", page.Text, StringComparison.Ordinal);
        Assert.Contains("每次最多 4 人。", page.Document.QuerySelector("[data-rules]")?.TextContent, StringComparison.Ordinal);
        Assert.Equal("无障碍通行：有", page.Document.QuerySelector("[data-access=step-free]")?.TextContent.Trim());
        var shown = page.Document.QuerySelectorAll("li[data-start]").Select(li => (li.GetAttribute("data-start"), li.GetAttribute("data-state"))).ToArray();
        Assert.Equal(api.Slots.Count, shown.Length);
        Assert.Equal(
            api.Slots.Count(s => s.State == Slot.Types.State.Available),
            shown.Count(s => s.Item2 == "Available"));
        Assert.Equal(7, page.Document.QuerySelectorAll("section.day").Length);
    }

    [Fact]
    public async Task An_unknown_facility_is_the_404_page_with_its_reason()
    {
        using var web = new WebSession(demo.Server);

        var page = await web.GetAsync("/facilities/no-such-facility");

        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.Equal("NOT_FOUND", page.Reason);
    }

    [Fact]
    public async Task Care_mode_is_switched_on_from_any_page_kept_and_switched_off()
    {
        using var web = new WebSession(demo.Server);
        var page = await web.GetAsync("/facilities/school-310112101-track");
        var on = page.Document.QuerySelector("a[data-care=off]")?.GetAttribute("href");

        var switched = await web.GetAsync(on!);
        var later = await web.GetAsync("/facilities");
        var off = later.Document.QuerySelector("a[data-care=on]")?.GetAttribute("href");
        await web.GetAsync(off!);
        var standard = await web.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, switched.Status);
        Assert.Equal("/facilities/school-310112101-track", switched.Location);
        Assert.Equal("care", later.Document.Body?.GetAttribute("class"));
        Assert.Null(standard.Document.Body?.GetAttribute("class"));
        Assert.Equal("/", (await web.GetAsync("/care-mode?on=true&returnUrl=" + Uri.EscapeDataString("//evil.example/"))).Location);
    }
}
