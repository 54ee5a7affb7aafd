using System.Net;

namespace CommunityShare.Server.Tests.Web;

/// <summary>The demo district's evaluations and openness ranking: the public pages are not empty on a fresh start.</summary>
public sealed class DemoEvaluationPagesTests(DemoDistrictFixture demo) : IClassFixture<DemoDistrictFixture>
{
    [Fact]
    public async Task The_public_page_shows_the_demo_evaluation_of_the_last_quarter_with_its_indicators()
    {
        using var visitor = new WebSession(demo.Server);
        var page = await visitor.GetAsync("/evaluations");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        var section = Assert.Single(page.Document.QuerySelectorAll("[data-evaluation]"));
        Assert.Equal(8, section.QuerySelectorAll("[data-indicator]").Length);
        Assert.Contains("2026", section.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_openness_ranking_ranks_all_forty_institutions_overall_and_within_their_kind()
    {
        using var visitor = new WebSession(demo.Server);
        var page = await visitor.GetAsync("/statistics/openness");

        var rows = page.Document.QuerySelectorAll("[data-institution]");
        Assert.Equal(40, rows.Length);
        var ranks = rows.Select(r => int.Parse(r.GetAttribute("data-rank")!, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(1, ranks[0]);
        Assert.Equal(ranks.Order(), ranks);
        var hospitals = await visitor.GetAsync("/statistics/openness?kind=Hospital");
        Assert.Equal(8, hospitals.Document.QuerySelectorAll("[data-institution]").Length);

        using var district = new WebSession(demo.Server);
        await district.SignInAsync("district.admin", DemoDistrictFixture.Password);
        var console = await district.GetAsync("/manage/openness");
        Assert.Equal(40, console.Document.QuerySelectorAll("[data-institution]").Length);
    }
}
