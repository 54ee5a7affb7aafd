using System.Globalization;
using System.Net;
using CommunityShare.Contracts.V1;
using static CommunityShare.Server.Tests.Web.DemoDistrictFixture;

namespace CommunityShare.Server.Tests.Web;

/// <summary>
/// The area overview (/manage/places/{code}): the same figures as PlaceService.GetPlaceStatistics,
/// per day (the table the chart is drawn from), per place under the area and per institution; week
/// navigation; who may see it.
/// </summary>
public sealed class AreaOverviewPageTests(DemoDistrictFixture demo) : IClassFixture<DemoDistrictFixture>
{
    private const string Xinzhuang = "310112101";

    private async Task<WebSession> SignedInAsync(string userName)
    {
        var web = new WebSession(demo.Server);
        Assert.Equal(HttpStatusCode.Redirect, (await web.SignInAsync(userName, Password)).Status);
        return web;
    }

    private Task<PlaceStatistics> StatisticsAsync(string place, Google.Type.Date? date = null) =>
        demo.Server.Places(null).GetPlaceStatisticsAsync(new GetPlaceStatisticsRequest { Place = "places/" + place, Date = date }).ResponseAsync;

    private static double Value(AngleSharp.Dom.IElement cell) => double.Parse(cell.GetAttribute("data-value")!, CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_town_office_sees_its_week_per_day_per_neighbourhood_and_per_institution_as_the_api_counts_it()
    {
        using var web = await SignedInAsync("xinzhuang.office");
        // Last week: the demo's bookings are mostly in the past week ("now" is Wednesday 2026-06-10).
        var stats = await StatisticsAsync(Xinzhuang, new Google.Type.Date { Year = 2026, Month = 6, Day = 3 });

        var thisWeek = await web.GetAsync("/manage/places/" + Xinzhuang);
        var page = await web.GetAsync($"/manage/places/{Xinzhuang}?week=2026-06-03");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("2026-06-08", thisWeek.Document.QuerySelector("[data-week]")?.GetAttribute("data-week"));
        Assert.Equal("2026-06-01", page.Document.QuerySelector("[data-week]")?.GetAttribute("data-week"));
        var days = page.Document.QuerySelectorAll("table#days tbody tr");
        Assert.Equal(7, days.Length);
        for (var i = 0; i < 7; i++)
        {
            var cells = days[i].QuerySelectorAll("td");
            var expected = stats.Days[i].Figures;
            Assert.Equal(expected.OpenTime.ToTimeSpan().TotalHours, Value(cells[0]), 2);
            Assert.Equal(expected.Bookings, (int)Value(cells[1]));
            Assert.Equal(expected.UseRate * 100, Value(cells[2]), 2);
        }
        Assert.True(stats.Total.Bookings > 0, "The demo's last week has bookings in Xinzhuang.");
        Assert.Equal(stats.Total.Bookings.ToString(CultureInfo.InvariantCulture),
            page.Document.QuerySelector("[data-total=bookings] .figure")?.TextContent);
        Assert.Equal(stats.Institutions.ToString(CultureInfo.InvariantCulture),
            page.Document.QuerySelector("[data-total=institutions] .figure")?.TextContent);
        // The chart is drawn from the day table by a script file: no inline script or style anywhere.
        Assert.NotNull(page.Document.QuerySelector("table#days[data-chart] th[data-series]"));
        var scripts = page.Document.QuerySelectorAll("script").Select(s => s.GetAttribute("src") ?? "inline").ToArray();
        Assert.Equal(2, scripts.Length);
        Assert.StartsWith("/lib/chart.js/chart.umd.min.js", scripts[0], StringComparison.Ordinal);
        Assert.StartsWith("/js/table-chart.js", scripts[1], StringComparison.Ordinal);
        Assert.Empty(page.Document.QuerySelectorAll("[style]"));
        // Each institution, linked to its console, in the API's order.
        var institutions = page.Document.QuerySelectorAll("table#institutions tbody tr").Select(tr => tr.GetAttribute("data-institution")).ToArray();
        Assert.Equal(stats.InstitutionsByOpenTime.Select(i => i.Institution["institutions/".Length..]), institutions);
        Assert.NotNull(page.Document.QuerySelector($"table#institutions a[href='/manage/institutions/school-{Xinzhuang}']"));
        // The three neighbourhoods, each linked to its own overview of the same week, adding up to the town.
        var areas = page.Document.QuerySelectorAll("table#areas tbody tr");
        Assert.Equal([$"{Xinzhuang}001", $"{Xinzhuang}002", $"{Xinzhuang}003"], areas.Select(tr => tr.GetAttribute("data-place")));
        Assert.Equal($"/manage/places/{Xinzhuang}001?week=2026-06-01", areas[0].QuerySelector("a")?.GetAttribute("href"));
        Assert.Equal(stats.Total.Bookings, areas.Sum(tr => int.Parse(tr.QuerySelectorAll("td")[2].TextContent, CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task The_district_links_to_each_town_and_the_weeks_go_back_and_forth()
    {
        using var web = await SignedInAsync("district.admin");

        var district = await web.GetAsync("/manage/places/310112");
        var previous = district.Document.QuerySelector("a[rel=prev]")?.GetAttribute("href");
        var lastWeek = await web.GetAsync(previous!);
        var stats = await StatisticsAsync("310112", new Google.Type.Date { Year = 2026, Month = 6, Day = 1 });

        Assert.Equal(HttpStatusCode.OK, district.Status);
        Assert.Equal(14, district.Document.QuerySelectorAll("table#areas tbody tr").Length);
        Assert.NotNull(district.Document.QuerySelector($"table#areas a[href='/manage/places/{Xinzhuang}?week=2026-06-08']"));
        Assert.Equal("/manage/places/310112?week=2026-06-01", previous);
        Assert.Equal("/manage/places/310112?week=2026-06-15", district.Document.QuerySelector("a[rel=next]")?.GetAttribute("href"));
        Assert.Equal("2026-06-01", lastWeek.Document.QuerySelector("[data-week]")?.GetAttribute("data-week"));
        Assert.Equal(stats.Total.Bookings.ToString(CultureInfo.InvariantCulture),
            lastWeek.Document.QuerySelector("[data-total=bookings] .figure")?.TextContent);
        // Another week offers the way back to this one.
        Assert.NotNull(lastWeek.Document.QuerySelector("a[href='/manage/places/310112?week=2026-06-10']"));
    }

    [Fact]
    public async Task A_week_that_is_not_a_date_is_told_on_its_field_and_this_week_is_shown()
    {
        using var web = await SignedInAsync("xinzhuang.office");

        var page = await web.GetAsync($"/manage/places/{Xinzhuang}?week=next-tuesday");

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Equal("格式不正确。", page.FieldError("Week"));
        Assert.Equal("next-tuesday", page.Value("Week"));
        Assert.Equal("2026-06-08", page.Document.QuerySelector("[data-week]")?.GetAttribute("data-week"));
        Assert.Equal(7, page.Document.QuerySelectorAll("table#days tbody tr").Length);
    }

    [Theory]
    [InlineData("xinzhuang.office", HttpStatusCode.OK, null)]
    [InlineData("district.supervisor", HttpStatusCode.OK, null)]
    [InlineData("district.admin", HttpStatusCode.OK, null)]
    [InlineData("gumei.office", HttpStatusCode.Forbidden, "NOT_IN_SCOPE")]
    [InlineData("xinzhuang.school", HttpStatusCode.Forbidden, "NOT_IN_SCOPE")]
    [InlineData("resident01", HttpStatusCode.Forbidden, "NOT_ALLOWED")]
    public async Task Only_staff_who_oversee_the_place_see_its_overview(string userName, HttpStatusCode status, string? reason)
    {
        using var web = await SignedInAsync(userName);

        var page = await web.GetAsync("/manage/places/" + Xinzhuang);

        Assert.Equal(status, page.Status);
        if (reason is not null)
        {
            Assert.Equal(reason, page.Reason);
        }
    }

    [Fact]
    public async Task Visitors_are_sent_to_sign_in_and_an_unknown_place_is_not_found()
    {
        using var anonymous = new WebSession(demo.Server);
        using var district = await SignedInAsync("district.admin");

        var visitor = await anonymous.GetAsync("/manage/places/" + Xinzhuang);
        var unknown = await district.GetAsync("/manage/places/999999");

        Assert.Equal(HttpStatusCode.Redirect, visitor.Status);
        Assert.StartsWith("/account/sign-in", visitor.Location, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
    }

    [Fact]
    public async Task The_overview_speaks_english_when_asked()
    {
        using var web = await SignedInAsync("xinzhuang.office");
        await web.GetAsync("/language?culture=en&returnUrl=/");

        var page = await web.GetAsync("/manage/places/" + Xinzhuang);

        Assert.Equal("en", page.Lang);
        Assert.Contains("area overview", page.Text, StringComparison.Ordinal);
        Assert.Contains("Use rate", page.Text, StringComparison.Ordinal);
    }
}
