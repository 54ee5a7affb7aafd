using static CommunityShare.Browser.Tests.PageChecks;

namespace CommunityShare.Browser.Tests;

/// <summary>The evaluation and openness pages on a phone, in Chinese and English: the console with its errors, an evaluation, the public pages.</summary>
[Collection(BrowserCollection.Name)]
public sealed class EvaluationAccessibilityTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_evaluation_console_and_an_evaluation_are_accessible_on_a_phone_with_errors_and_in_english()
    {
        var page = await browser.NewPageAsync();
        await Journeys.SignInAsync(page, "district.admin");

        await page.GotoAsync("/manage/evaluations");
        await CheckAsync(page, "a11y-console-evaluations");
        await page.ClickAsync("form[action*=Create] button.primary");
        await page.WaitForSelectorAsync("[data-valmsg-for='Subject'].field-validation-error");
        await CheckAsync(page, "a11y-console-evaluations-errors");
        // The demo's published evaluation.
        await page.GotoAsync("/manage/evaluations");
        await page.ClickAsync("[data-evaluation] a");
        await page.WaitForSelectorAsync("[data-indicator]");
        await CheckAsync(page, "a11y-console-evaluation");
        await page.GotoAsync("/manage/openness");
        await CheckAsync(page, "a11y-console-openness");
        await page.GotoAsync("/language?culture=en&returnUrl=/manage/evaluations");
        await CheckAsync(page, "a11y-console-english-evaluations");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_public_evaluation_and_openness_pages_and_a_schools_indicators_are_accessible_on_a_phone()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/evaluations");
        await page.WaitForSelectorAsync("[data-evaluation]");
        await CheckAsync(page, "a11y-public-evaluations");
        await page.GotoAsync("/statistics/openness");
        await CheckAsync(page, "a11y-public-openness");
        await page.GotoAsync("/language?culture=en&returnUrl=/statistics/openness");
        await CheckAsync(page, "a11y-public-english-openness");
        await page.Context.CloseAsync();

        var school = await browser.NewPageAsync();
        await Journeys.SignInAsync(school, "xinzhuang.school", "/manage/indicators?subject=institutions/school-310112101");
        await school.WaitForSelectorAsync("[data-indicator]");
        await CheckAsync(school, "a11y-console-school-indicators");
        await school.Context.CloseAsync();
    }
}
