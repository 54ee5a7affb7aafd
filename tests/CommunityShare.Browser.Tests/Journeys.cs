using Microsoft.Playwright;

namespace CommunityShare.Browser.Tests;

/// <summary>Steps a person takes that several tests share.</summary>
public static class Journeys
{
    public const string Password = CommunityShare.Server.Data.Seeding.DemoAccounts.Password;

    /// <summary>Signs in through the page, as a person types it, and waits for the page it returns to.</summary>
    public static async Task SignInAsync(IPage page, string userName, string returnUrl = "/")
    {
        await page.GotoAsync("/account/sign-in?returnUrl=" + Uri.EscapeDataString(returnUrl));
        await page.FillAsync("#Input_UserName", userName);
        await page.FillAsync("#Input_Password", Password);
        await page.PressAsync("#Input_Password", "Enter");
        await page.WaitForURLAsync(url => !url.Contains("/account/sign-in", StringComparison.Ordinal));
    }
}
