using CommunityShare.Contracts;
using CommunityShare.Contracts.V1;
using Microsoft.Playwright;
using NodaTime;
using static CommunityShare.Browser.Tests.PageChecks;

namespace CommunityShare.Browser.Tests;

/// <summary>
/// What a school's staff do in a real browser, on a phone screen: publish a facility, close it for a
/// day, approve a resident's request, and check the resident in at the door. Every page visited is
/// checked with axe and kept as a screenshot. "Now" is Wednesday 2026-06-10 09:00 in Shanghai.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class InstitutionJourneyTests(BrowserFixture browser)
{
    private const string School = "school-310112101";

    [Fact]
    public async Task A_school_publishes_a_facility_sets_a_blackout_approves_a_request_and_checks_the_resident_in()
    {
        var page = await browser.NewPageAsync();
        await Journeys.SignInAsync(page, "xinzhuang.school", "/manage");
        await CheckAsync(page, "institution-0-workbench");
        await page.ClickAsync($"a[href='/manage/institutions/{School}']");
        await page.WaitForURLAsync($"**/manage/institutions/{School}");
        await CheckAsync(page, "institution-1-console");

        // Publish: the first try forgets the name and mistypes Monday; both are shown, nothing else is lost.
        await page.ClickAsync($"a[href='/manage/institutions/{School}/facilities/new']");
        await page.WaitForURLAsync("**/facilities/new");
        await page.SelectOptionAsync("#Input_Kind", "MeetingRoom");
        await page.FillAsync("#Input_Capacity", "1");
        for (var d = 0; d < 7; d++)
        {
            await page.FillAsync($"#Input_Days_{d}_", "08:00-22:00");
        }
        await page.FillAsync("#Input_Days_0_", "8点到22点");
        await page.CheckAsync("#Input_ApprovalRequired");
        await page.ClickAsync("main form button.primary");
        await page.WaitForSelectorAsync("[data-valmsg-for='Input.DisplayName'].field-validation-error");
        Assert.NotEqual("", (await page.Locator("[data-valmsg-for='Input.Days[0]']").InnerTextAsync()).Trim());
        Assert.Equal("08:00-22:00", await page.InputValueAsync("#Input_Days_3_"));
        await CheckAsync(page, "institution-2-form-errors");
        await page.FillAsync("#Input_DisplayName", "四楼会议室");
        await page.FillAsync("#Input_Days_0_", "08:00-22:00");
        await page.ClickAsync("main form button.primary");
        await page.WaitForURLAsync($"**/manage/institutions/{School}?saved=*");
        var id = page.Url.Split("saved=")[1];
        Assert.Equal("四楼会议室", (await page.Locator($"tr[data-facility='{id}'] th").InnerTextAsync()).Trim());

        // A blackout on Saturday: the day's slots go.
        await page.ClickAsync($"a[href='/manage/facilities/{id}/blackouts']");
        await page.WaitForURLAsync("**/blackouts");
        await page.FillAsync("#Input_StartDate", "2026-06-13");
        await page.FillAsync("#Input_EndDate", "2026-06-13");
        await page.SelectOptionAsync("#Input_Reason", "InstitutionEvent");
        await page.FillAsync("#Input_Note", "校园开放日");
        await page.ClickAsync("main form.form button.primary");
        await page.WaitForURLAsync("**/blackouts?added=*");
        Assert.Equal(1, await page.Locator("[data-blackout]").CountAsync());
        await CheckAsync(page, "institution-3-blackouts");
        var saturday = await browser.Server.Facilities(null).ListFacilitySlotsAsync(new ListFacilitySlotsRequest
        {
            Facility = "facilities/" + id,
            StartDate = new Google.Type.Date { Year = 2026, Month = 6, Day = 13 },
            EndDate = new Google.Type.Date { Year = 2026, Month = 6, Day = 13 },
        });
        Assert.NotEmpty(saturday.Slots);
        Assert.All(saturday.Slots, s => Assert.Equal(Slot.Types.State.BlackedOut, s.State));

        // A resident asks for it today at 11:00; the school approves.
        var zone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
        var start = new LocalDate(2026, 6, 10).At(new LocalTime(11, 0)).InZoneStrictly(zone).ToInstant();
        var request = await browser.Server.Bookings("resident:demo-resident-05").CreateBookingAsync(new CreateBookingRequest
        {
            Parent = "facilities/" + id,
            Booking = new Booking { StartTime = start.ToTimestamp(), EndTime = (start + Duration.FromHours(1)).ToTimestamp(), PartySize = 3 },
        });
        Assert.Equal(Booking.Types.State.PendingApproval, request.State);
        var bookingId = request.Name.Split('/')[^1];
        await page.GotoAsync($"/manage/institutions/{School}/approvals");
        await CheckAsync(page, "institution-4-approvals");
        await page.Locator($"li[data-booking='{bookingId}'] form:not(.decline) button").ClickAsync();
        await page.WaitForURLAsync("**/approvals?approved=*");

        // At the door: the resident shows the code (typed in lower case); checked in.
        browser.Server.Clock.Reset(start - Duration.FromMinutes(10));
        try
        {
            await page.GotoAsync($"/manage/institutions/{School}/today");
            await page.FillAsync("#Code", request.CheckInCode.ToLowerInvariant());
            await page.PressAsync("#Code", "Enter");
            await page.WaitForURLAsync("**/today?checkedIn=*");
            Assert.Equal("CheckedIn", await page.Locator($"tr[data-booking='{bookingId}']").GetAttributeAsync("data-state"));
            await CheckAsync(page, "institution-5-today");
        }
        finally
        {
            browser.Server.Clock.Reset(CommunityShare.Server.Tests.ServerFixture.DefaultNow);
        }
        var seen = await browser.Server.Bookings("resident:demo-resident-05").GetBookingAsync(new GetBookingRequest { Name = request.Name });
        Assert.Equal(Booking.Types.State.CheckedIn, seen.State);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_edit_form_of_a_facility_with_parts_is_accessible_in_care_mode_and_english()
    {
        var page = await browser.NewPageAsync();
        await Journeys.SignInAsync(page, "xinzhuang.school", "/manage");
        await page.GotoAsync($"/manage/facilities/{School}-field/edit");
        await CheckAsync(page, "institution-edit-form");
        await page.GotoAsync("/care-mode?on=true&returnUrl=/manage");
        await page.GotoAsync("/language?culture=en&returnUrl=/manage");
        await page.GotoAsync($"/manage/facilities/{School}-field/edit");
        await CheckAsync(page, "institution-edit-form-english-care");
        await page.Context.CloseAsync();
    }
}
