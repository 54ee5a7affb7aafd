using CommunityShare.Contracts;
using CommunityShare.Contracts.V1;
using Grpc.Core;
using NodaTime;
using NodaTime.Text;
using static CommunityShare.Browser.Tests.PageChecks;

namespace CommunityShare.Browser.Tests;

/// <summary>
/// The waitlist in a real browser on a phone screen: resident01 finds the slot resident02 holds full,
/// joins its line, resident02 cancels, the offer appears on /waitlist with its deadline, and taking it
/// makes it resident01's confirmed booking. "Now" is Wednesday 2026-06-10 09:00 in Shanghai.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class WaitlistJourneyTests(BrowserFixture browser)
{
    private const string Facility = "centre-310112110-meeting";

    /// <summary>resident02 books the first hour of Sunday evening the meeting room has free; the booking.</summary>
    private async Task<Booking> HoldAsync()
    {
        var zone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
        foreach (var hour in new[] { 19, 18, 17, 16, 15 })
        {
            var start = new LocalDate(2026, 6, 14).At(new LocalTime(hour, 0)).InZoneStrictly(zone).ToInstant();
            try
            {
                return await browser.Server.Bookings("resident:demo-resident-02").CreateBookingAsync(new CreateBookingRequest
                {
                    Parent = "facilities/" + Facility,
                    Booking = new Booking { StartTime = start.ToTimestamp(), EndTime = (start + Duration.FromHours(1)).ToTimestamp(), PartySize = 1 },
                });
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition)
            {
                // A demo booking is there already; try the hour before.
            }
        }
        throw new InvalidOperationException("No free hour on Sunday evening.");
    }

    [Fact]
    public async Task A_resident_queues_for_a_full_slot_another_cancels_and_the_offer_is_taken_on_the_waitlist_page()
    {
        var held = await HoldAsync();
        var start = InstantPattern.General.Format(held.StartTime.ToInstant());
        var page = await browser.NewPageAsync();
        await Journeys.SignInAsync(page, "resident01");

        // The facility page shows the slot full, with a way into its line.
        await page.GotoAsync("/facilities/" + Facility);
        var full = page.Locator($"li[data-start='{start}']");
        Assert.Equal("Full", await full.GetAttributeAsync("data-state"));
        await CheckAsync(page, "waitlist-0-facility-full");
        await full.Locator("a.slot.full").ClickAsync();
        await page.WaitForURLAsync("**/book?start=*");
        Assert.True(await page.Locator("[data-waitlist]").IsVisibleAsync());
        await CheckAsync(page, "waitlist-1-join-form");

        // Join by keyboard: the commitment, then the one button, which queues.
        await page.FocusAsync("#Input_AcceptRules");
        await page.Keyboard.PressAsync("Space");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("true", await page.EvaluateAsync<string>("() => String(document.activeElement.hasAttribute('data-join-waitlist'))"));
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/waitlist?joined=true");
        Assert.Equal("1", await page.Locator("li[data-state=Waiting] [data-position]").GetAttributeAsync("data-position"));
        await CheckAsync(page, "waitlist-2-in-line");

        // Another resident cancels: the place is held for the first in line, who is told by text.
        await browser.Server.Bookings("resident:demo-resident-02").CancelBookingAsync(new CancelBookingRequest { Name = held.Name });
        await page.GotoAsync("/waitlist");
        var offer = page.Locator("li[data-state=Offered]");
        Assert.Contains("09:30", await offer.Locator("[data-offer]").InnerTextAsync(), StringComparison.Ordinal);
        await CheckAsync(page, "waitlist-3-offer");
        var told = await browser.Server.Notifications().ListOutboxMessagesAsync(new ListOutboxMessagesRequest { Recipient = "residents/demo-resident-01" });
        Assert.Contains(told.OutboxMessages, m => m.Template == "waitlist.offer" && m.Text.Contains("/waitlist", StringComparison.Ordinal));

        // Taking it makes it the resident's booking.
        await offer.Locator("form[action*='handler=Accept'] button").ClickAsync();
        await page.WaitForURLAsync("**/bookings/**?made=true");
        Assert.Equal("Confirmed", await page.Locator("section.outcome").GetAttributeAsync("data-state"));
        await CheckAsync(page, "waitlist-4-booked");

        // The same page in English and care mode, with the line's history.
        await page.GotoAsync("/care-mode?on=true&returnUrl=/waitlist");
        await page.GotoAsync("/language?culture=en&returnUrl=/waitlist");
        Assert.Equal(1, await page.Locator("ul.ended li[data-state=Accepted]").CountAsync());
        await CheckAsync(page, "waitlist-5-english-care");
        await page.Context.CloseAsync();
    }
}
