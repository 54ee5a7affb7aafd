using CommunityShare.Contracts.V1;
using static CommunityShare.Browser.Tests.PageChecks;

namespace CommunityShare.Browser.Tests;

/// <summary>The time bank pages on a phone: the resident's (with coins, family and a form with errors) and the staff desk, in Chinese and English.</summary>
[Collection(BrowserCollection.Name)]
public sealed class TimeBankAccessibilityTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_residents_time_bank_is_accessible_on_a_phone_with_coins_and_with_errors()
    {
        // resident01 and the elderly demo-resident-03 share a household in the demo district.
        await new TimeBankService.TimeBankServiceClient(browser.Server.Channel()).DepositTimeAsync(new DepositTimeRequest
        {
            Account = "residents/demo-resident-01/timeAccount",
            Minutes = 150,
            Source = "volunteers/demo-resident-01/serviceRecords/a11y-" + Guid.NewGuid().ToString("N"),
            Place = "places/310112101001",
            Note = "周六学校操场开放值守",
        });
        var page = await browser.NewPageAsync();
        await Journeys.SignInAsync(page, "resident01");

        await page.GotoAsync("/account/time-bank");
        await CheckAsync(page, "a11y-resident-time-bank");
        await page.FillAsync("#Gift_Coins", "很多");
        await page.ClickAsync("form[action*=Gift] button.primary");
        await page.WaitForSelectorAsync("[data-valmsg-for='Gift.Coins'].field-validation-error");
        await CheckAsync(page, "a11y-resident-time-bank-errors");
        await page.GotoAsync("/language?culture=en&returnUrl=/account/time-bank");
        await CheckAsync(page, "a11y-resident-english-time-bank");
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("district.admin")]
    [InlineData("xinzhuang.office")]
    public async Task The_time_bank_desk_is_accessible_on_a_phone_in_chinese_and_english(string userName)
    {
        var page = await browser.NewPageAsync();
        await Journeys.SignInAsync(page, userName);

        await page.GotoAsync("/manage/time-bank");
        await CheckAsync(page, "a11y-console-time-bank-" + userName);
        await page.ClickAsync("form[action*=Deposit] button.primary");
        await page.WaitForSelectorAsync("[data-valmsg-for='Deposit.Hours'].field-validation-error");
        await CheckAsync(page, "a11y-console-time-bank-errors-" + userName);
        await page.GotoAsync("/language?culture=en&returnUrl=/manage/time-bank");
        await CheckAsync(page, "a11y-console-english-time-bank-" + userName);
        await page.Context.CloseAsync();
    }
}
