using Microsoft.Playwright;
using static CommunityShare.Browser.Tests.PageChecks;

namespace CommunityShare.Browser.Tests;

/// <summary>
/// What a town office's clerk does in a real browser, on a phone screen: serves a resident at the
/// counter (finds her, books for her with her consent) and looks at the area overview, whose chart
/// is drawn from its table by a script under the strict CSP. "Now" is Wednesday 2026-06-10 09:00.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TownConsoleJourneyTests(BrowserFixture browser)
{
    /// <summary>Anything the browser refused under the Content-Security-Policy, and any script error, is collected here.</summary>
    private static List<string> WatchForRefusals(IPage page)
    {
        var refused = new List<string>();
        page.Console += (_, message) =>
        {
            // A form sent back with its problems is a 400, which the console also reports; that is expected.
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                refused.Add(message.Text);
            }
        };
        page.PageError += (_, error) => refused.Add(error);
        return refused;
    }

    [Fact]
    public async Task A_street_office_finds_a_resident_at_the_counter_and_books_for_her_with_her_consent()
    {
        var page = await browser.NewPageAsync();
        var refused = WatchForRefusals(page);
        await Journeys.SignInAsync(page, "xinzhuang.office", "/manage");

        // From the workbench to the counter, and the resident by the mobile number she gives.
        await page.ClickAsync("a[href='/manage/counter']");
        await page.WaitForURLAsync("**/manage/counter");
        await CheckAsync(page, "town-0-counter");
        await page.FillAsync("#Q", "13900000003");
        await page.PressAsync("#Q", "Enter");
        var found = page.Locator("li[data-resident=demo-resident-03]");
        await found.WaitForAsync();
        // Posted: the number is not in the address (nor in history or logs).
        Assert.EndsWith("/manage/counter", page.Url, StringComparison.Ordinal);
        Assert.Contains("刘**", await found.InnerTextAsync(), StringComparison.Ordinal);
        await CheckAsync(page, "town-1-counter-found");

        // Her card: masked, with the standing consent she gave her son.
        await found.Locator("a").ClickAsync();
        await page.WaitForURLAsync("**/manage/counter/residents/demo-resident-03");
        Assert.Equal("masked", await page.Locator("[data-view]").GetAttributeAsync("data-view"));
        Assert.Equal(1, await page.Locator("li[data-proxy=demo-resident-01]").CountAsync());
        Assert.DoesNotContain("13900000003", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await CheckAsync(page, "town-2-resident-card");

        // Book for her: a gym of the town, a day, the first free slot.
        await page.ClickAsync("main a.primary[href$='/book']");
        await page.WaitForURLAsync("**/book");
        await page.SelectOptionAsync("#Kind", "Gym");
        await page.ClickAsync("main form.search button.primary");
        await page.WaitForURLAsync("**/book?*Kind=Gym*");
        await CheckAsync(page, "town-3-book-choose-facility");
        await page.ClickAsync("li[data-facility='centre-310112101-gym'] a");
        await page.WaitForURLAsync("**/book?facility=centre-310112101-gym");
        await page.FillAsync("#Date", "2026-06-12");
        await page.ClickAsync("main form.choose button");
        await page.WaitForURLAsync("**Date=2026-06-12*");
        await CheckAsync(page, "town-4-book-choose-slot");
        await page.Locator("li[data-state=Available] a.slot").First.ClickAsync();
        await page.WaitForURLAsync("**/book?facility=*&start=*");
        await CheckAsync(page, "town-5-book-form");

        // Sent without her consent: told on the field, nothing booked.
        await page.ClickAsync("main form.form button.primary");
        await page.WaitForSelectorAsync("[data-valmsg-for='Input.Consent'].field-validation-error");
        await CheckAsync(page, "town-6-book-form-errors");

        // By keyboard: the consent she gave by phone, a note, and send.
        await page.FocusAsync("input[name='Input.Consent'][value=ByPhone]");
        await page.Keyboard.PressAsync("Space");
        Assert.True(await page.IsCheckedAsync("input[name='Input.Consent'][value=ByPhone]"));
        await page.FillAsync("#Input_Note", "本人来电，女儿陪同");
        await page.FocusAsync("#Input_Note");
        await page.Keyboard.PressAsync("Tab");
        // The rules box holds no control: the next stop is the button.
        Assert.Equal("BUTTON", await page.EvaluateAsync<string>("() => document.activeElement.tagName"));
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/manage/counter/residents/demo-resident-03/bookings/**?made=true");

        // Her booking, made by the office, with how she consented.
        Assert.Equal("Confirmed", await page.Locator("section.outcome").GetAttributeAsync("data-state"));
        var createdBy = page.Locator("[data-created-by]");
        Assert.StartsWith("staff/", await createdBy.GetAttributeAsync("data-created-by"), StringComparison.Ordinal);
        Assert.Contains("莘庄镇受理中心", await createdBy.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("ByPhone", await page.Locator("[data-consent]").GetAttributeAsync("data-consent"));
        Assert.Contains("本人来电，女儿陪同", await page.Locator("[data-consent]").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Matches("^[A-Z0-9]{6,}$", (await page.Locator("[data-check-in-code]").InnerTextAsync()).Trim());
        Assert.True(await page.EvaluateAsync<bool>("() => { const i = document.querySelector('img.qr'); return i.complete && i.naturalWidth > 0; }"),
            "The QR image did not load.");
        await AssertChineseRendersAsync(page);
        await CheckAsync(page, "town-7-booked-for-resident");

        // Back on her card, listed as made at the counter.
        await page.ClickAsync("main .actions a[href='/manage/counter/residents/demo-resident-03']");
        await page.WaitForURLAsync("**/manage/counter/residents/demo-resident-03");
        Assert.Contains("莘庄镇受理中心", await page.Locator("section[aria-labelledby=upcoming-title]").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Empty(refused);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_street_office_looks_at_its_area_and_the_chart_is_drawn_from_the_table()
    {
        var page = await browser.NewPageAsync();
        var refused = WatchForRefusals(page);
        await Journeys.SignInAsync(page, "xinzhuang.office", "/manage");

        await page.ClickAsync("a[href='/manage/places/310112101']");
        await page.WaitForURLAsync("**/manage/places/310112101");
        await page.WaitForSelectorAsync("table#days[data-chart-drawn=true]");
        await CheckAsync(page, "town-8-area-overview");

        // Last week, when the demo's bookings were: the chart shows them.
        await page.ClickAsync("a[rel=prev]");
        await page.WaitForURLAsync("**/manage/places/310112101?week=2026-06-01");
        await page.WaitForSelectorAsync("table#days[data-chart-drawn=true]");
        var canvas = page.Locator(".chart-box canvas");
        Assert.Equal(1, await canvas.CountAsync());
        Assert.Equal("img", await canvas.GetAttributeAsync("role"));
        var box = await canvas.BoundingBoxAsync();
        Assert.True(box!.Width > 200 && box.Height > 100, $"The chart is {box.Width}x{box.Height}.");
        // Something is drawn on it: pixels of more than one colour.
        Assert.True(await page.EvaluateAsync<bool>("""
            () => {
              const c = document.querySelector('.chart-box canvas');
              const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
              const seen = new Set();
              for (let i = 0; i < data.length; i += 4 * 97) { seen.add(data[i] + ',' + data[i + 1] + ',' + data[i + 2] + ',' + data[i + 3]); }
              return seen.size > 3;
            }
            """), "The chart canvas is blank.");
        // The table holds the figures the chart was drawn from.
        var rows = page.Locator("table#days tbody tr");
        Assert.Equal(7, await rows.CountAsync());
        var bookings = 0;
        for (var i = 0; i < 7; i++)
        {
            bookings += int.Parse((await rows.Nth(i).Locator("td").Nth(1).InnerTextAsync()).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }
        Assert.True(bookings > 0, "Last week's table shows no bookings.");
        Assert.Equal(bookings.ToString(System.Globalization.CultureInfo.InvariantCulture),
            (await page.Locator("[data-total=bookings] .figure").InnerTextAsync()).Trim());
        Assert.True(await page.Locator("table#institutions tbody tr").CountAsync() >= 2);
        await CheckAsync(page, "town-9-area-overview-last-week");

        // A neighbourhood of the town, the same week.
        await page.ClickAsync("table#areas a[href^='/manage/places/310112101001']");
        await page.WaitForURLAsync("**/manage/places/310112101001?week=2026-06-01");
        await CheckAsync(page, "town-10-area-overview-neighbourhood");
        Assert.Empty(refused);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Without_javascript_the_overview_is_its_tables()
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = browser.BaseAddress.ToString().TrimEnd('/'),
            ViewportSize = BrowserFixture.Phone,
            JavaScriptEnabled = false,
        });
        var page = await context.NewPageAsync();
        await Journeys.SignInAsync(page, "district.admin", "/manage");

        await page.GotoAsync("/manage/places/310112");

        Assert.Equal(0, await page.Locator(".chart-box").CountAsync());
        Assert.Equal(7, await page.Locator("table#days tbody tr").CountAsync());
        Assert.Equal(14, await page.Locator("table#areas tbody tr").CountAsync());
        await AssertFitsThePhoneAsync(page);
        await ScreenshotAsync(page, "town-11-district-overview-without-javascript");
        await context.CloseAsync();
    }
}
