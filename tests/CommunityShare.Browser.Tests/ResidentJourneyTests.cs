using Microsoft.Playwright;
using static CommunityShare.Browser.Tests.PageChecks;

namespace CommunityShare.Browser.Tests;

/// <summary>What a resident does in a real browser, on a phone screen. "Now" is Wednesday 2026-06-10 09:00 in Shanghai.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ResidentJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_resident_finds_a_slot_within_a_walk_books_it_by_keyboard_and_downloads_its_calendar_file()
    {
        var page = await browser.NewPageAsync();
        await Journeys.SignInAsync(page, "resident01");

        // Home: what is open near the resident's own neighbourhood, without choosing it.
        await page.GotoAsync("/");
        Assert.Equal("310112101001", await page.Locator("[data-neighbourhood]").GetAttributeAsync("data-neighbourhood"));
        Assert.True(await page.Locator("li[data-facility]").CountAsync() > 0);
        await CheckAsync(page, "journey-0-home");

        // Search: a date, the neighbourhood, within a 15-minute walk, nearest first.
        await page.GotoAsync("/facilities");
        await page.FillAsync("#Date", "2026-06-13");
        await page.SelectOptionAsync("#Near", "310112101001");
        await page.CheckAsync("#Walk");
        await page.CheckAsync("input[name=Sort][value=distance]");
        await page.ClickAsync("main form.search button.primary");
        await page.WaitForURLAsync("**/facilities?*");
        await AssertChineseRendersAsync(page);
        await CheckAsync(page, "journey-1-search-results");
        var first = page.Locator("ol.results > li").First;
        var facilityName = (await first.Locator("h3").InnerTextAsync()).Trim();

        // Choose the first free slot of the nearest facility.
        await first.Locator("a.slot").First.ClickAsync();
        await page.WaitForURLAsync("**/book?start=*");
        await CheckAsync(page, "journey-2-booking-form");

        // The form by keyboard: party size, Tab to the commitment, Space to tick it, Tab, Enter.
        await page.FocusAsync("#Input_PartySize");
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync("2");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Input_AcceptRules", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        await page.Keyboard.PressAsync("Space");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/bookings/**?made=true");

        var outcome = page.Locator("section.outcome");
        Assert.Contains(await outcome.GetAttributeAsync("data-state"), new[] { "Confirmed", "PendingApproval" });
        Assert.Contains(facilityName, await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        var code = (await page.Locator("[data-check-in-code]").InnerTextAsync()).Trim();
        Assert.Matches("^[A-Z0-9]{6,}$", code);
        Assert.True(await page.EvaluateAsync<bool>("() => { const i = document.querySelector('img.qr'); return i.complete && i.naturalWidth > 0; }"),
            "The QR image did not load.");
        await CheckAsync(page, "journey-3-booked");

        // The calendar file, as the browser downloads it.
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("a[href$='/calendar']"));
        var ics = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.EndsWith(".ics", download.SuggestedFilename, StringComparison.Ordinal);
        Assert.StartsWith("BEGIN:VCALENDAR", ics, StringComparison.Ordinal);
        Assert.Contains("TZID:Asia/Shanghai", ics, StringComparison.Ordinal);
        Assert.Matches(@"DTSTART;TZID=Asia/Shanghai:20260613T\d{6}", ics);
        Assert.Contains("DTSTAMP:20260610T010000Z", ics, StringComparison.Ordinal);
        Assert.Contains("SUMMARY:" + facilityName, ics, StringComparison.Ordinal);
        Assert.Contains(code, ics, StringComparison.Ordinal);

        // And it is listed under My bookings.
        await page.GotoAsync("/bookings");
        Assert.Contains(code, await page.Locator("section[aria-labelledby=upcoming]").InnerTextAsync(), StringComparison.Ordinal);
        await CheckAsync(page, "journey-4-my-bookings");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_language_switch_turns_the_site_english_and_back_and_is_kept()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/facilities/school-310112101-track");
        Assert.Equal("zh-CN", await page.GetAttributeAsync("html", "lang"));

        await page.ClickAsync("a[hreflang=en]");
        await page.WaitForURLAsync("**/facilities/school-310112101-track");
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        Assert.Contains("Rules", await page.Locator("main h2#rules").InnerTextAsync(), StringComparison.Ordinal);
        await CheckAsync(page, "language-english-facility");
        await page.GotoAsync("/facilities");
        Assert.Equal("Find a facility", (await page.Locator("main h1").InnerTextAsync()).Trim());

        await page.ClickAsync("a[hreflang=zh-CN]");
        await page.WaitForURLAsync("**/facilities");
        Assert.Equal("zh-CN", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal("找场地", (await page.Locator("main h1").InnerTextAsync()).Trim());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Care_mode_makes_the_text_larger_on_every_page_and_is_kept_until_switched_off()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/facilities/school-310112101-track");
        var standard = await FontSizeAsync(page);

        await page.ClickAsync("a[data-care=off]");
        await page.WaitForURLAsync("**/facilities/school-310112101-track");
        var care = await FontSizeAsync(page);
        await CheckAsync(page, "care-mode-facility");
        await page.GotoAsync("/facilities");
        var careElsewhere = await FontSizeAsync(page);
        var button = await page.Locator("main form.search button.primary").BoundingBoxAsync();
        await CheckAsync(page, "care-mode-search");

        await page.ClickAsync("a[data-care=on]");
        await page.WaitForURLAsync("**/facilities");
        var back = await FontSizeAsync(page);

        Assert.True(care >= standard * 1.2, $"care mode {care}px is not clearly larger than {standard}px");
        Assert.Equal(care, careElsewhere);
        Assert.True(button!.Height >= 56, $"buttons are {button.Height}px high in care mode");
        Assert.Equal(standard, back);
        await page.Context.CloseAsync();
    }

    private static Task<double> FontSizeAsync(IPage page) =>
        page.EvaluateAsync<double>("() => parseFloat(getComputedStyle(document.body).fontSize)");
}
