using CommunityShare.Contracts;
using CommunityShare.Contracts.V1;
using Microsoft.Playwright;
using NodaTime;
using static CommunityShare.Browser.Tests.PageChecks;

namespace CommunityShare.Browser.Tests;

/// <summary>
/// axe-core on every page a resident or a visitor can reach, in the states they can see it in
/// (with results, with errors, in care mode): no serious or critical violation, nothing wider than
/// a phone, and a screenshot of each.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserFixture browser)
{
    public static TheoryData<string, string> AnonymousPages => new()
    {
        { "home", "/" },
        { "home-neighbourhood", "/?Place=310112101001" },
        { "search", "/facilities" },
        { "search-walk", "/facilities?Date=2026-06-12&Near=310112101001&Walk=true&Sort=distance" },
        { "search-errors", "/facilities?Date=someday&Party=0&Sort=distance" },
        { "facility", "/facilities/school-310112101-track" },
        { "facility-with-parts", "/facilities/school-310112101-field" },
        { "sign-in", "/account/sign-in" },
        { "forgot-password", "/account/forgot-password" },
        { "status-404", "/facilities/no-such-facility" },
        { "status-403", "/status/403" },
    };

    [Theory]
    [MemberData(nameof(AnonymousPages))]
    public async Task Every_public_page_is_accessible_on_a_phone(string name, string path)
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(path);
        await CheckAsync(page, "a11y-anonymous-" + name);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_check_fails_on_a_page_with_a_serious_violation()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/");
        // An image with no text alternative and a button with no name: both "critical" in axe.
        await page.EvaluateAsync("() => { document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"/css/site.css\"><button></button>'); }");

        var failure = await Assert.ThrowsAnyAsync<Xunit.Sdk.XunitException>(() => AssertAccessibleAsync(page));

        Assert.Contains("image-alt", failure.Message, StringComparison.Ordinal);
        Assert.Contains("button-name", failure.Message, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Every_public_page_is_accessible_in_care_mode_and_in_english()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/care-mode?on=true&returnUrl=/");
        foreach (var (name, path) in new[] { ("home", "/?Place=310112101001"), ("search", "/facilities?Date=2026-06-12"), ("facility", "/facilities/school-310112101-track") })
        {
            await page.GotoAsync(path);
            await CheckAsync(page, "a11y-care-" + name);
        }
        await page.GotoAsync("/language?culture=en&returnUrl=/");
        foreach (var (name, path) in new[] { ("home", "/?Place=310112101001"), ("search", "/facilities?Date=2026-06-12"), ("facility", "/facilities/school-310112101-track") })
        {
            await page.GotoAsync(path);
            await CheckAsync(page, "a11y-english-care-" + name);
        }
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Every_page_of_a_signed_in_resident_is_accessible_on_a_phone()
    {
        // A booking of resident01 and one of resident02 (whose page resident01 may not see).
        var start = new LocalDate(2026, 6, 14).At(new LocalTime(10, 0)).InZoneStrictly(DateTimeZoneProviders.Tzdb["Asia/Shanghai"]).ToInstant();
        var mine = await browser.Server.Bookings("resident:demo-resident-01").CreateBookingAsync(new CreateBookingRequest
        {
            Parent = "facilities/centre-310112102-gym",
            Booking = new Booking { StartTime = start.ToTimestamp(), EndTime = (start + Duration.FromHours(1)).ToTimestamp(), PartySize = 1 },
        });
        var theirs = await browser.Server.Bookings("resident:demo-resident-02").CreateBookingAsync(new CreateBookingRequest
        {
            Parent = "facilities/centre-310112102-gym",
            Booking = new Booking { StartTime = start.ToTimestamp(), EndTime = (start + Duration.FromHours(1)).ToTimestamp(), PartySize = 1 },
        });
        var page = await browser.NewPageAsync();
        await Journeys.SignInAsync(page, "resident01");

        await page.GotoAsync("/?Place=310112102001");
        await CheckAsync(page, "a11y-resident-home");
        await page.GotoAsync("/facilities?Date=2026-06-12");
        await CheckAsync(page, "a11y-resident-search");
        await page.GotoAsync("/facilities/centre-310112103-meeting");
        await CheckAsync(page, "a11y-resident-facility");
        await page.Locator("li[data-state=Available] a.slot").First.ClickAsync();
        await page.WaitForURLAsync("**/book?start=*");
        await CheckAsync(page, "a11y-resident-booking-form");
        await page.FillAsync("#Input_PartySize", "0");
        await page.ClickAsync("main form button.primary");
        await page.WaitForSelectorAsync("[data-valmsg-for='Input.AcceptRules'].field-validation-error");
        await CheckAsync(page, "a11y-resident-booking-form-errors");
        await page.GotoAsync(PagePath(mine.Name));
        await CheckAsync(page, "a11y-resident-booking");
        await page.GotoAsync("/bookings");
        await CheckAsync(page, "a11y-resident-my-bookings");
        await page.GotoAsync("/waitlist");
        await CheckAsync(page, "a11y-resident-waitlist");
        await page.GotoAsync("/account");
        await CheckAsync(page, "a11y-resident-account");
        var forbidden = await page.GotoAsync(PagePath(theirs.Name));
        Assert.Equal(403, forbidden!.Status);
        await CheckAsync(page, "a11y-resident-status-403");
        var missing = await page.GotoAsync("/bookings/centre-310112102-gym/no-such-booking");
        Assert.Equal(404, missing!.Status);
        await CheckAsync(page, "a11y-resident-status-404");
        await page.Context.CloseAsync();
    }

    /// <summary>Every page of the town and street office console, as the office and the district see them, in Chinese and English.</summary>
    public static TheoryData<string, string, string> ConsolePages => new()
    {
        { "xinzhuang.office", "workbench", "/manage" },
        { "xinzhuang.office", "area", "/manage/places/310112101" },
        { "xinzhuang.office", "area-last-week", "/manage/places/310112101?week=2026-06-01" },
        { "xinzhuang.office", "area-bad-week", "/manage/places/310112101?week=someday" },
        { "district.admin", "area-district", "/manage/places/310112?week=2026-06-03" },
        { "district.supervisor", "area-neighbourhood", "/manage/places/310112101001?week=2026-06-03" },
        { "xinzhuang.office", "counter", "/manage/counter" },
        { "xinzhuang.office", "resident-card", "/manage/counter/residents/demo-resident-03" },
        { "xinzhuang.office", "resident-card-minor", "/manage/counter/residents/demo-resident-04" },
        { "xinzhuang.office", "book-facilities", "/manage/counter/residents/demo-resident-01/book?Kind=Court" },
        { "xinzhuang.office", "book-slots", "/manage/counter/residents/demo-resident-01/book?facility=centre-310112101-meeting&date=2026-06-12" },
        { "xinzhuang.office", "book-bad-date", "/manage/counter/residents/demo-resident-01/book?facility=centre-310112101-meeting&date=someday" },
        { "gumei.office", "counter-status-403", "/manage/counter/residents/demo-resident-01" },
    };

    [Theory]
    [MemberData(nameof(ConsolePages))]
    public async Task Every_console_page_is_accessible_on_a_phone_in_chinese_and_english(string userName, string name, string path)
    {
        var page = await browser.NewPageAsync();
        await Journeys.SignInAsync(page, userName);

        await page.GotoAsync(path);
        await CheckAsync(page, "a11y-console-" + name);
        await page.GotoAsync("/language?culture=en&returnUrl=" + Uri.EscapeDataString(path));
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        await CheckAsync(page, "a11y-console-english-" + name);
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("counter-found", "13900000001")]
    [InlineData("counter-not-yours", "13900000005")]
    [InlineData("counter-by-name", "张")]
    [InlineData("counter-errors", "")]
    public async Task The_counter_search_is_accessible_on_a_phone_with_results_and_with_errors(string name, string query)
    {
        var page = await browser.NewPageAsync();
        await Journeys.SignInAsync(page, "xinzhuang.office");
        await page.GotoAsync("/manage/counter");
        await page.FillAsync("#Q", query);
        await page.PressAsync("#Q", "Enter");
        await page.WaitForSelectorAsync(query.Length == 0 ? "[data-valmsg-for=Q].field-validation-error" : "#found-title");
        await CheckAsync(page, "a11y-console-" + name);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_counter_booking_form_and_its_confirmation_are_accessible_on_a_phone_also_in_care_mode()
    {
        var page = await browser.NewPageAsync();
        await Journeys.SignInAsync(page, "xinzhuang.office");
        await page.GotoAsync("/manage/counter/residents/demo-resident-02/book?facility=centre-310112101-meeting&date=2026-06-15");
        await page.Locator("li[data-state=Available] a.slot").First.ClickAsync();
        await page.WaitForURLAsync("**start=*");
        await CheckAsync(page, "a11y-console-book-form");
        await page.FillAsync("#Input_PartySize", "0");
        await page.ClickAsync("main form.form button.primary");
        await page.WaitForSelectorAsync("[data-valmsg-for='Input.Consent'].field-validation-error");
        await CheckAsync(page, "a11y-console-book-form-errors");
        await page.FillAsync("#Input_PartySize", "1");
        await page.CheckAsync("input[name='Input.Consent'][value=Written]");
        await page.FillAsync("#Input_Note", "书面委托书已存档");
        await page.ClickAsync("main form.form button.primary");
        await page.WaitForURLAsync("**?made=true");
        await CheckAsync(page, "a11y-console-booked");
        var confirmation = page.Url;
        await page.GotoAsync("/care-mode?on=true&returnUrl=" + Uri.EscapeDataString(new Uri(confirmation).PathAndQuery));
        await CheckAsync(page, "a11y-console-care-booked");
        await page.GotoAsync("/manage/counter/residents/demo-resident-02");
        await CheckAsync(page, "a11y-console-care-resident-card");
        await page.GotoAsync("/manage/places/310112101?week=2026-06-01");
        await page.WaitForSelectorAsync("table#days[data-chart-drawn=true]");
        await CheckAsync(page, "a11y-console-care-area");
        await page.Context.CloseAsync();
    }

    /// <summary>The page of a booking: facilities/{f}/bookings/{b} is shown at /bookings/{f}/{b}.</summary>
    private static string PagePath(string bookingName)
    {
        var parts = bookingName.Split('/');
        return $"/bookings/{parts[1]}/{parts[3]}";
    }
}
