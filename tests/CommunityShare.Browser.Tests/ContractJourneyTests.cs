using Microsoft.Playwright;
using static CommunityShare.Browser.Tests.PageChecks;

namespace CommunityShare.Browser.Tests;

/// <summary>
/// Providers and contracts in a real browser, on a phone screen: provider01 (the sports management
/// company) finds its contract, opens a facility in scope in the console and closes it for a day; the
/// district writes a draft (its problems shown on their fields), and terminates the entrusted contract
/// with a reason. Every page visited is checked with axe and kept as a screenshot.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ContractJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_provider_sees_its_contract_and_sets_a_blackout_on_a_facility_in_scope()
    {
        var page = await browser.NewPageAsync();
        await Journeys.SignInAsync(page, "provider01", "/manage");
        await CheckAsync(page, "contracts-0-provider-workbench");
        await page.ClickAsync("a[href='/provider']");
        await page.WaitForURLAsync("**/provider");
        Assert.Equal("Active", await page.Locator("[data-contract='demo-management']").GetAttributeAsync("data-state"));
        await CheckAsync(page, "contracts-1-provider");

        // The first facility in scope: its console, then its blackouts.
        var facility = await page.Locator("[data-contract='demo-management'] [data-facility]").First.GetAttributeAsync("data-facility");
        await page.ClickAsync($"[data-facility='{facility}'] a[href^='/manage/institutions/']");
        await page.WaitForURLAsync("**/manage/institutions/*");
        Assert.Equal(1, await page.Locator($"tr[data-facility='{facility}']").CountAsync());
        await CheckAsync(page, "contracts-2-provider-console");
        await page.ClickAsync($"tr[data-facility='{facility}'] a[href='/manage/facilities/{facility}/blackouts']");
        await page.WaitForURLAsync("**/blackouts");
        await page.FillAsync("#Input_StartDate", "2026-07-01");
        await page.FillAsync("#Input_EndDate", "2026-07-01");
        await page.SelectOptionAsync("#Input_Reason", "Maintenance");
        await page.FillAsync("#Input_Note", "场地翻新");
        await page.ClickAsync("main form.form button.primary");
        await page.WaitForURLAsync("**/blackouts?added=*");
        Assert.True(await page.Locator("[data-blackout]").CountAsync() >= 1);
        await CheckAsync(page, "contracts-3-provider-blackout");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_district_writes_a_draft_and_terminates_a_contract_with_a_reason()
    {
        var page = await browser.NewPageAsync();
        await Journeys.SignInAsync(page, "district.admin", "/manage");
        await page.ClickAsync("a[href='/manage/contracts']");
        await page.WaitForURLAsync("**/manage/contracts");
        Assert.Equal(1, await page.Locator("li[data-contract='demo-entrusted'] [data-flag='expiring']").CountAsync());
        await CheckAsync(page, "contracts-4-district-list");
        await page.GotoAsync("/manage/providers");
        await CheckAsync(page, "contracts-5-providers");

        // A draft with its end before its start and nothing in scope: both shown, what was typed kept.
        await page.GotoAsync("/manage/contracts/new");
        await page.SelectOptionAsync("#Input_Provider", "minhang-sports");
        await page.FillAsync("#Input_Title", "七宝体育训练基地管理承包");
        await page.SelectOptionAsync("#Input_Kind", "ManagementContract");
        await page.SelectOptionAsync("#Input_ContractingPlace", "310112");
        await page.FillAsync("#Input_StartDate", "2027-01-01");
        await page.FillAsync("#Input_EndDate", "2026-12-31");
        await page.FillAsync("#Input_Value", "900000");
        await page.ClickAsync("form[action*='handler=Save'] button.primary");
        await page.WaitForSelectorAsync("[data-valmsg-for='Input.EndDate'].field-validation-error");
        Assert.NotEqual("", (await page.Locator("[data-valmsg-for='Input.Facilities']").InnerTextAsync()).Trim());
        Assert.Equal("七宝体育训练基地管理承包", await page.InputValueAsync("#Input_Title"));
        await CheckAsync(page, "contracts-6-draft-errors");

        // Terminate the entrusted contract: the reason is required, then it is told.
        await page.GotoAsync("/manage/contracts/demo-entrusted");
        await CheckAsync(page, "contracts-7-contract");
        await page.CheckAsync("input[name='Action'][value='terminate']");
        await page.ClickAsync("form[action*='handler=State'] button.primary");
        await page.WaitForSelectorAsync("[data-valmsg-for='Reason']");
        await page.CheckAsync("input[name='Action'][value='terminate']");
        await page.FillAsync("#reason", "多次未按约开放，经约谈仍未整改");
        await page.ClickAsync("form[action*='handler=State'] button.primary");
        await page.WaitForURLAsync("**/manage/contracts/demo-entrusted?done=terminate");
        Assert.Equal("Terminated", await page.Locator("[data-state]").First.GetAttributeAsync("data-state"));
        Assert.Contains("多次未按约开放", await page.Locator("[data-termination]").InnerTextAsync());
        await CheckAsync(page, "contracts-8-terminated");
        await page.Context.CloseAsync();
    }
}
