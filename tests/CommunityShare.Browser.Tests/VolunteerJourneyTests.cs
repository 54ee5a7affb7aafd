using CommunityShare.Contracts;
using CommunityShare.Contracts.V1;
using NodaTime;
using static CommunityShare.Browser.Tests.PageChecks;

namespace CommunityShare.Browser.Tests;

/// <summary>
/// Volunteer rosters in a real browser: Xinzhuang's office proposes the week's roster, reviews it on
/// the grid and publishes it; a volunteer signs up for an open shift on their page, checks in on site
/// and opens their service certificate, which anyone can verify by its number.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class VolunteerJourneyTests(BrowserFixture browser)
{
    private static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    [Fact]
    public async Task An_office_publishes_a_roster_and_a_volunteer_signs_up_checks_in_and_opens_a_certificate()
    {
        // The office's console: propose, review (proposed volunteers on the grid), publish.
        var office = await browser.NewPageAsync();
        await Journeys.SignInAsync(office, "xinzhuang.office", "/manage/volunteers/310112101");
        Assert.True(await office.Locator("tr[data-shift]").CountAsync() > 0);
        await office.ClickAsync("form[action*=Propose] button");
        await office.WaitForURLAsync("**proposed=*");
        Assert.True(await office.Locator("[data-state=Proposed]").CountAsync() > 0);
        await CheckAsync(office, "volunteers-1-proposal");
        await office.ClickAsync("form[action*=Publish] button");
        await office.WaitForURLAsync("**published=*");
        Assert.Equal(0, await office.Locator("[data-state=Proposed]").CountAsync());
        Assert.True(await office.Locator("[data-state=Assigned]").CountAsync() > 0);
        await CheckAsync(office, "volunteers-2-published");
        await office.Context.CloseAsync();

        // A shift this morning that still needs people, and a certificate the office issued for resident01's hours.
        var staff = new VolunteerService.VolunteerServiceClient(browser.Server.Channel("staff:li:office=310112101"));
        var activity = await staff.CreateActivityAsync(new CreateActivityRequest
        {
            Activity = new Activity { Place = "places/310112101", Title = "莘庄公园健步走引导", Location = "莘庄公园北门" },
        });
        var today = browser.Server.Clock.GetCurrentInstant().InZone(Shanghai).Date;
        var start = today.At(new LocalTime(9, 30)).InZoneStrictly(Shanghai).ToInstant();
        await staff.CreateShiftAsync(new CreateShiftRequest
        {
            Parent = activity.Name,
            Shift = new Shift { StartTime = start.ToTimestamp(), EndTime = (start + Duration.FromHours(2)).ToTimestamp(), PlacesNeeded = 2 },
        });
        var certificate = await staff.IssueCertificateAsync(new IssueCertificateRequest
        {
            Parent = "residents/demo-resident-01/volunteer",
            Certificate = new Certificate { Content = "社区健康体检日引导与登记", Organisation = "莘庄镇人民政府", PersonInCharge = "张主任" },
        });

        // The volunteer signs up on their page, then checks in (it opens 30 minutes before).
        var page = await browser.NewPageAsync();
        await Journeys.SignInAsync(page, "resident01", "/volunteer");
        await CheckAsync(page, "volunteers-3-open-shifts");
        var open = page.Locator("li[data-open-shift]", new() { HasText = "莘庄公园健步走引导" });
        await open.Locator("button").ClickAsync();
        await page.WaitForURLAsync("**/volunteer?signed=*");
        var mine = page.Locator("li[data-assignment]", new() { HasText = "莘庄公园健步走引导" });
        Assert.Equal("Assigned", await mine.GetAttributeAsync("data-state"));
        await mine.Locator("button").ClickAsync();
        await page.WaitForURLAsync("**/volunteer?checkedIn=*");
        Assert.Equal(1, await page.Locator("li[data-assignment]", new() { HasText = "莘庄公园健步走引导" }).Locator("[data-checked-in]").CountAsync());
        await CheckAsync(page, "volunteers-4-checked-in");

        // Their certificate, to print; and the public check by its number.
        await page.ClickAsync($"a[data-certificate='{certificate.Number}']");
        await page.WaitForURLAsync($"**/volunteer/certificates/{certificate.Number}");
        Assert.Equal(certificate.Number, await page.Locator("[data-number]").InnerTextAsync());
        await CheckAsync(page, "volunteers-5-certificate");
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("a[data-image]"));
        var image = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Equal($"certificate-{certificate.Number}.svg", download.SuggestedFilename);
        Assert.StartsWith("<svg", image, StringComparison.Ordinal);
        Assert.Contains(certificate.Number, image, StringComparison.Ordinal);
        Assert.Contains("志愿服务证明", image, StringComparison.Ordinal);
        await page.GotoAsync("/certificates/" + certificate.Number);
        Assert.Equal("true", await page.Locator("[data-verified]").GetAttributeAsync("data-verified"));
        Assert.EndsWith("*", await page.Locator("[data-name]").InnerTextAsync());
        await CheckAsync(page, "volunteers-6-verified");
    }
}
