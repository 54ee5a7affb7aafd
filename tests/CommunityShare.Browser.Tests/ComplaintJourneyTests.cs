using CommunityShare.Server.Complaints;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NodaTime;
using static CommunityShare.Browser.Tests.PageChecks;

namespace CommunityShare.Browser.Tests;

/// <summary>
/// A complaint from filing to rating, in a real browser: a resident complains about a facility on its
/// page; nobody answers, so once the deadline (5 working days) has passed the sweep moves it to the
/// town office; the office's queue shows it escalated; the office closes it as upheld; the resident
/// sees the outcome and rates it; after the quarter the district evaluates the contract under which a
/// provider runs the facility (centre-310112101-gym, 莘庄社区文化活动中心 健身房, run by the demo's
/// social organisation) and the evaluation counts the complaint, upheld, with its rating.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ComplaintJourneyTests(BrowserFixture browser)
{
    private const string Facility = "centre-310112101-gym";
    private const string Contract = "providers/xinzhuang-social/contracts/demo-entrusted";
    private static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    [Fact]
    public async Task A_complaint_is_filed_escalates_past_its_deadline_is_closed_upheld_and_rated()
    {
        await browser.Server.CreateAccountAsync("resident10", Journeys.Password, "demo-resident-10");
        try
        {
            // Wednesday 2026-06-10 09:00: she files it from the facility's page.
            var page = await browser.NewPageAsync();
            await Journeys.SignInAsync(page, "resident10", "/facilities/" + Facility);
            await page.Locator("[data-complain] a").ClickAsync();
            await page.WaitForURLAsync("**/complaints/new?facility=*");
            await CheckAsync(page, "complaint-1-new");
            await page.ClickAsync("main form button.primary");
            await page.WaitForSelectorAsync("#description[aria-invalid=true]");
            await page.FillAsync("#description", "健身房的跑步机坏了两台，一周没人修，前台说不归他们管。");
            await page.ClickAsync("main form button.primary");
            await page.WaitForURLAsync("**/complaints?filed=*");
            var id = new Uri(page.Url).Query.Split('=')[1];
            var mine = page.Locator($"li[data-complaint='{id}']");
            Assert.Equal("Operator", await mine.GetAttributeAsync("data-level"));
            await CheckAsync(page, "complaint-2-mine");
            await page.Context.CloseAsync();

            // Due at the end of Wednesday 06-17 (11, 12, 15, 16, 17). Thursday morning the sweep moves it to the town office.
            browser.Server.Clock.Reset(new LocalDateTime(2026, 6, 18, 9, 0).InZoneStrictly(Shanghai).ToInstant());
            await using (var scope = browser.Server.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<ComplaintDesk>().EscalateOverdueAsync(CancellationToken.None);
            }

            var office = await browser.NewPageAsync();
            await Journeys.SignInAsync(office, "xinzhuang.office", "/manage/complaints");
            var queued = office.Locator($"li[data-complaint='{id}']");
            Assert.Equal("Office", await queued.GetAttributeAsync("data-level"));
            Assert.Equal(1, await queued.Locator("[data-escalated]").CountAsync());
            // The demo's complaint left unanswered at the district is overdue, and comes first.
            Assert.Equal("true", await office.Locator("li[data-complaint]").First.GetAttributeAsync("data-overdue"));
            await CheckAsync(office, "complaint-3-queue");
            await queued.Locator("input[name=Outcome][value=Upheld]").CheckAsync();
            await queued.Locator("textarea[name=Note]").FillAsync("情况属实，已督促中心三日内修复并回访。");
            await queued.Locator("form[action*=Close] button").ClickAsync();
            await office.WaitForURLAsync("**/manage/complaints?done=*");
            Assert.Equal("Closed", await office.Locator($"li[data-complaint='{id}']").GetAttributeAsync("data-state"));
            await office.Context.CloseAsync();

            // She sees the outcome and rates it (signing in again: a week has passed).
            page = await browser.NewPageAsync();
            await Journeys.SignInAsync(page, "resident10", "/complaints");
            mine = page.Locator($"li[data-complaint='{id}']");
            Assert.Equal("Upheld", await mine.Locator("[data-outcome]").GetAttributeAsync("data-outcome"));
            await CheckAsync(page, "complaint-4-closed");
            await mine.Locator("input[name=Satisfaction][value='5']").CheckAsync();
            await mine.Locator("button.primary").ClickAsync();
            await page.WaitForURLAsync("**/complaints?rated=*");
            Assert.Equal("5", await page.Locator($"li[data-complaint='{id}'] [data-satisfaction]").GetAttributeAsync("data-satisfaction"));
            await page.Locator($"li[data-complaint='{id}'] summary").ClickAsync();
            Assert.Equal(["Filed", "Routed", "Escalated", "Closed", "Rated"],
                await page.Locator($"li[data-complaint='{id}'] [data-step]").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.step)"));
            await page.Context.CloseAsync();

            // The provider's evaluation reflects it. The gym is run by 莘庄镇邻里社会工作服务社 under the demo's entrusted
            // contract, and no other complaint about that contract's facilities was filed in the quarter: once the quarter
            // is over, the district evaluates the contract and finds exactly this complaint, upheld, rated 5.
            browser.Server.Clock.Reset(new LocalDateTime(2026, 7, 2, 9, 0).InZoneStrictly(Shanghai).ToInstant());
            var district = await browser.NewPageAsync();
            await Journeys.SignInAsync(district, "district.admin", "/manage/evaluations");
            await district.Locator("select[name=Subject]").SelectOptionAsync(Contract);
            await district.Locator("select[name=Quarter]").SelectOptionAsync("2026-Q2");
            await district.Locator("form[action*=Create] button.primary").ClickAsync();
            await district.WaitForURLAsync("**/manage/evaluations/*");
            Assert.Equal("1", await district.Locator("[data-indicator=ComplaintsPerThousand]").GetAttributeAsync("data-numerator"));
            Assert.Equal("1", await district.Locator("[data-indicator=UpheldPerThousand]").GetAttributeAsync("data-numerator"));
            Assert.Equal("5", await district.Locator("[data-indicator=Satisfaction]").GetAttributeAsync("data-value"));
            await CheckAsync(district, "complaint-5-evaluation");
            await district.Context.CloseAsync();

            // The public statistics count it, without personal data.
            var visitor = await browser.NewPageAsync();
            await visitor.GotoAsync("/statistics/complaints");
            Assert.DoesNotContain("跑步机", await visitor.ContentAsync(), StringComparison.Ordinal);
            await CheckAsync(visitor, "complaint-6-statistics");
            await visitor.Context.CloseAsync();
        }
        finally
        {
            browser.Server.Clock.Reset(CommunityShare.Server.Tests.ServerFixture.DefaultNow);
        }
    }

    [Fact]
    public async Task Supervision_pages_work_on_a_phone()
    {
        var district = await browser.NewPageAsync();
        await Journeys.SignInAsync(district, "district.admin", "/manage/calendar");
        Assert.True(await district.Locator("tr[data-day='2026-06-19'][data-kind=Holiday]").CountAsync() == 1);
        await CheckAsync(district, "calendar");
        await district.GotoAsync("/manage/inspections");
        Assert.True(await district.Locator("[data-inspection]").CountAsync() >= 1);
        await CheckAsync(district, "inspections");
        // The queue and the public statistics in English too.
        await district.GotoAsync("/language?culture=en&returnUrl=%2Fmanage%2Fcomplaints");
        Assert.Equal("en", await district.Locator("html").GetAttributeAsync("lang"));
        Assert.True(await district.Locator("li[data-complaint]").CountAsync() >= 1);
        await CheckAsync(district, "complaints-queue-en");
        await district.GotoAsync("/statistics/complaints");
        await CheckAsync(district, "complaint-statistics-en");
        await district.Context.CloseAsync();
    }
}
