using CommunityShare.Contracts;
using CommunityShare.Contracts.V1;
using CommunityShare.Server.Notifications;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NodaTime;
using static CommunityShare.Browser.Tests.PageChecks;

namespace CommunityShare.Browser.Tests;

/// <summary>
/// The pages around a resident's record, in a real browser on a phone: the public rules, quotas,
/// the inbox with a reminder, the reminder's one-step cancel (no sign-in), and the institution's
/// report form — each checked with axe and kept as a screenshot.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ResidentRecordPagesTests(BrowserFixture browser)
{
    private static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    [Fact]
    public async Task Rules_quotas_inbox_and_the_reminder_s_cancel_link_are_accessible_and_the_link_cancels()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/policies");
        Assert.True(await page.Locator("[data-rule]").CountAsync() >= 1);
        await CheckAsync(page, "record-policies");

        // A booking made days ahead, reminded the day before.
        var start = new LocalDate(2026, 6, 13).At(new LocalTime(15, 0)).InZoneStrictly(Shanghai).ToInstant();
        var booking = await browser.Server.Bookings("resident:demo-resident-08").CreateBookingAsync(new CreateBookingRequest
        {
            Parent = "facilities/centre-310112101-meeting",
            Booking = new Booking { StartTime = start.ToTimestamp(), EndTime = (start + Duration.FromHours(1)).ToTimestamp(), PartySize = 2 },
        });
        await browser.Server.CreateAccountAsync("resident08", Journeys.Password, "demo-resident-08");
        browser.Server.Clock.Reset(start - Duration.FromHours(20));
        try
        {
            await using (var scope = browser.Server.Services.CreateAsyncScope())
            {
                await NoticeService.RunOnceAsync(scope.ServiceProvider, CancellationToken.None);
            }
            await Journeys.SignInAsync(page, "resident08", "/inbox");
            var reminder = page.Locator("[data-template='booking.reminder']").Filter(new() { HasText = booking.CheckInCode });
            Assert.Equal(1, await reminder.CountAsync());
            var text = await reminder.InnerTextAsync();
            await CheckAsync(page, "record-inbox");
            await page.GotoAsync("/account/quotas");
            await CheckAsync(page, "record-quotas");
            await page.GotoAsync("/account/credit");
            await CheckAsync(page, "record-credit-good");
            var link = new Uri(text[text.IndexOf("http", StringComparison.Ordinal)..].Trim()).PathAndQuery;
            await page.Context.CloseAsync();

            // The link, opened on another device without signing in.
            var phone = await browser.NewPageAsync();
            await phone.GotoAsync(link);
            await CheckAsync(phone, "record-cancel-link");
            await phone.ClickAsync("main form button.primary");
            await phone.WaitForURLAsync("**done=true");
            Assert.Equal(1, await phone.Locator("[data-cancelled]").CountAsync());
            await CheckAsync(phone, "record-cancel-link-done");
            await phone.Context.CloseAsync();
        }
        finally
        {
            browser.Server.Clock.Reset(CommunityShare.Server.Tests.ServerFixture.DefaultNow);
        }
        var after = await browser.Server.Bookings("resident:demo-resident-08").GetBookingAsync(new GetBookingRequest { Name = booking.Name });
        Assert.Equal(Booking.Types.State.Cancelled, after.State);
    }

    [Fact]
    public async Task The_institution_s_report_form_is_accessible_with_its_errors()
    {
        var start = new LocalDate(2026, 6, 10).At(new LocalTime(18, 0)).InZoneStrictly(Shanghai).ToInstant();
        var booking = await browser.Server.Bookings("resident:demo-resident-09").CreateBookingAsync(new CreateBookingRequest
        {
            Parent = "facilities/school-310112101-track",
            Booking = new Booking { StartTime = start.ToTimestamp(), EndTime = (start + Duration.FromHours(1)).ToTimestamp(), PartySize = 1 },
        });
        var ids = booking.Name.Split('/');
        var page = await browser.NewPageAsync();
        browser.Server.Clock.Reset(start + Duration.FromMinutes(30));
        try
        {
            await Journeys.SignInAsync(page, "xinzhuang.school", "/manage");
            await page.GotoAsync($"/manage/facilities/{ids[1]}/bookings/{ids[3]}/report");
            await CheckAsync(page, "record-report");
            await page.ClickAsync("main form button.primary");
            await page.WaitForSelectorAsync("[data-valmsg-for=Evidence].field-validation-error");
            await CheckAsync(page, "record-report-errors");
        }
        finally
        {
            browser.Server.Clock.Reset(CommunityShare.Server.Tests.ServerFixture.DefaultNow);
        }
        await page.Context.CloseAsync();
    }
}
