using CommunityShare.Contracts.V1;
using CommunityShare.Server.Lotteries;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;
using static CommunityShare.Browser.Tests.PageChecks;

namespace CommunityShare.Browser.Tests;

/// <summary>
/// A lottery in a real browser on a phone screen: resident01 finds a lottery slot on the facility
/// page, applies under the commitment by keyboard, sees the application waiting on /lotteries, and
/// after the draw at the close sees the place won with the draw's seed. "Now" is Wednesday
/// 2026-06-10 09:00 in Shanghai; the room (a copy of a demo meeting room, run by lottery) takes
/// applications for Saturday 2026-06-20 until Saturday 2026-06-13 08:00.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LotteryJourneyTests(BrowserFixture browser)
{
    private const string Facility = "lottery-room";

    private static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    private async Task CreateLotteryRoomAsync()
    {
        var room = await browser.Server.Facilities().GetFacilityAsync(new GetFacilityRequest { Name = "facilities/centre-310112110-meeting" });
        room.Name = "";
        room.DisplayName = "摇号活动室";
        room.Rules.Lottery = new LotteryRules { Enabled = true, ApplicationDays = 3, HostAreaWeight = 2, HouseholdCap = 1 };
        await browser.Server.Facilities().CreateFacilityAsync(new CreateFacilityRequest { FacilityId = Facility, Facility = room });
    }

    [Fact]
    public async Task A_resident_applies_for_a_lottery_slot_and_sees_the_result_after_the_draw()
    {
        await CreateLotteryRoomAsync();
        var start = new LocalDate(2026, 6, 20).At(new LocalTime(10, 0)).InZoneStrictly(Shanghai).ToInstant();
        var page = await browser.NewPageAsync();
        await Journeys.SignInAsync(page, "resident01");

        await page.GotoAsync("/facilities/" + Facility);
        var slot = page.Locator($"[data-lottery] li[data-lottery-start='{InstantPattern.General.Format(start)}'] a");
        await CheckAsync(page, "lottery-0-facility");
        await slot.ClickAsync();
        await page.WaitForURLAsync("**/apply?start=*");
        await CheckAsync(page, "lottery-1-apply-form");

        // By keyboard: the commitment, then the one button.
        await page.FocusAsync("#Input_AcceptRules");
        await page.Keyboard.PressAsync("Space");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("true", await page.EvaluateAsync<string>("() => String(document.activeElement.hasAttribute('data-apply'))"));
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/lotteries?applied=true");
        Assert.Equal(1, await page.Locator("li[data-state=Pending]").CountAsync());
        await CheckAsync(page, "lottery-2-waiting");

        // The close: the draw runs, and the resident (signed in again three days on) sees the place won and the seed.
        browser.Server.Clock.Reset(new LocalDate(2026, 6, 13).At(new LocalTime(8, 0)).InZoneStrictly(Shanghai).ToInstant());
        try
        {
            await using (var scope = browser.Server.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<ReleaseSweep>().RunAsync(CancellationToken.None);
            }
            await page.Context.ClearCookiesAsync();
            await Journeys.SignInAsync(page, "resident01", "/lotteries");
            var won = page.Locator("li[data-state=Won]");
            Assert.Equal("1", await won.Locator("[data-rank]").GetAttributeAsync("data-rank"));
            Assert.Equal(64, (await won.Locator("[data-seed]").InnerTextAsync()).Length);
            await CheckAsync(page, "lottery-3-won");
            await page.GotoAsync("/language?culture=en&returnUrl=/lotteries");
            await CheckAsync(page, "lottery-4-english");
        }
        finally
        {
            browser.Server.Clock.Reset(CommunityShare.Server.Tests.ServerFixture.DefaultNow);
            await page.Context.CloseAsync();
        }
    }
}
