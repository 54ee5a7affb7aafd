using CommunityShare.Contracts;
using CommunityShare.Contracts.V1;
using CommunityShare.Server.Bookings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NodaTime;
using static CommunityShare.Browser.Tests.PageChecks;

namespace CommunityShare.Browser.Tests;

/// <summary>
/// 失信禁入 and back, in a real browser: a resident who missed three bookings is barred from
/// high-demand facilities (told why and until when), appeals one entry, the town's office grants
/// the appeal, and the bar is gone.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CreditJourneyTests(BrowserFixture browser)
{
    private const string Resident = "demo-resident-07";
    private static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    [Fact]
    public async Task From_three_no_shows_to_a_bar_an_appeal_and_its_outcome()
    {
        await browser.Server.CreateAccountAsync("resident07", Journeys.Password, Resident);
        var tomorrow = new LocalDate(2026, 6, 11);
        var booked = new List<Booking>();
        foreach (var hour in new[] { 9, 11, 14 })
        {
            var start = tomorrow.At(new LocalTime(hour, 0)).InZoneStrictly(Shanghai).ToInstant();
            booked.Add(await browser.Server.Bookings("resident:" + Resident).CreateBookingAsync(new CreateBookingRequest
            {
                Parent = "facilities/centre-310112101-meeting",
                Booking = new Booking { StartTime = start.ToTimestamp(), EndTime = (start + Duration.FromHours(1)).ToTimestamp(), PartySize = 2 },
            }));
        }
        browser.Server.Clock.Reset(tomorrow.At(new LocalTime(16, 0)).InZoneStrictly(Shanghai).ToInstant());
        try
        {
            await using (var scope = browser.Server.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<NoShowRelease>().RunAsync(CancellationToken.None);
            }
            var page = await browser.NewPageAsync();
            await Journeys.SignInAsync(page, "resident07", "/account/credit");

            // The record: limited, with the bar's reason and end; three no-shows.
            Assert.Equal("limited", await page.Locator("[data-standing]").GetAttributeAsync("data-standing"));
            Assert.Equal(1, await page.Locator("[data-consequence=BarredFromHighDemand]").CountAsync());
            Assert.Equal(3, await page.Locator("[data-kind=NoShow]").CountAsync());
            await CheckAsync(page, "credit-1-barred");

            // A high-demand court refuses her, saying why.
            await page.GotoAsync("/facilities/sports-310112101-tennis");
            await page.Locator("li[data-state=Available] a.slot").First.ClickAsync();
            await page.WaitForURLAsync("**/book?start=*");
            await page.CheckAsync("#Input_AcceptRules");
            await page.ClickAsync("main form button.primary");
            await page.WaitForSelectorAsync("[data-reason=CREDIT_BARRED]");
            await CheckAsync(page, "credit-2-refused");

            // She appeals the last no-show.
            await page.GotoAsync("/account/credit");
            var last = page.Locator("[data-kind=NoShow]").First;
            await last.Locator("summary").ClickAsync();
            await last.Locator("textarea").FillAsync("那天下午小区停水，我在家等维修，已向居委会报备。");
            await last.Locator("button").ClickAsync();
            await page.WaitForURLAsync("**/account/credit?appealed=*");
            Assert.Equal("Pending", await page.Locator("[data-kind=NoShow] [data-appeal]").GetAttributeAsync("data-appeal"));
            await page.Context.CloseAsync();

            // The town's office hears it and grants it.
            var office = await browser.NewPageAsync();
            await Journeys.SignInAsync(office, "xinzhuang.office", "/manage/appeals");
            await CheckAsync(office, "credit-3-hearing");
            var hearing = office.Locator("li[data-state=Pending]").First;
            await hearing.Locator("input[value=grant]").CheckAsync();
            await hearing.Locator("textarea").FillAsync("居委会证实当天停水");
            await hearing.Locator("button.primary").ClickAsync();
            await office.WaitForURLAsync("**/manage/appeals?decided=*");
            await office.Context.CloseAsync();

            // The bar is gone; two no-shows still ask for approval, and the court takes her request.
            var again = await browser.NewPageAsync();
            await Journeys.SignInAsync(again, "resident07", "/account/credit");
            Assert.Equal(0, await again.Locator("[data-consequence=BarredFromHighDemand]").CountAsync());
            Assert.Equal(1, await again.Locator("[data-consequence=ApprovalRequired]").CountAsync());
            Assert.Equal("Granted", await again.Locator("[data-appeal=Granted]").GetAttributeAsync("data-appeal"));
            await CheckAsync(again, "credit-4-after-appeal");
            await again.GotoAsync("/facilities/sports-310112101-tennis");
            await again.Locator("li[data-state=Available] a.slot").First.ClickAsync();
            await again.WaitForURLAsync("**/book?start=*");
            await again.CheckAsync("#Input_AcceptRules");
            await again.ClickAsync("main form button.primary");
            await again.WaitForURLAsync("**/bookings/**?made=true");
            Assert.Equal("PendingApproval", await again.Locator("section.outcome").GetAttributeAsync("data-state"));
            Assert.Equal(1, await again.Locator("[data-approval-reason=CREDIT_REQUIRES_APPROVAL]").CountAsync());
            await CheckAsync(again, "credit-5-request");
            await again.Context.CloseAsync();
        }
        finally
        {
            browser.Server.Clock.Reset(CommunityShare.Server.Tests.ServerFixture.DefaultNow);
        }
    }
}
