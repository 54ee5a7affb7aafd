using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace CommunityShare.Browser.Tests;

/// <summary>What every browser test checks on every page it visits, and the screenshot it leaves behind.</summary>
public static class PageChecks
{
    /// <summary>SCREENSHOT_DIR, or TestResults/screenshots under the test output.</summary>
    public static string ScreenshotDirectory
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable("SCREENSHOT_DIR");
            var dir = string.IsNullOrWhiteSpace(configured)
                ? Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots")
                : configured;
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    /// <summary>A full-page PNG named after the step, kept as an artifact of the run.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var safe = string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
        var path = Path.Combine(ScreenshotDirectory, safe + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        Assert.True(new FileInfo(path).Length > 1000, $"The screenshot {path} is empty.");
        return path;
    }

    /// <summary>axe-core on the page as it is now: any serious or critical violation fails, with where it is.</summary>
    public static async Task AssertAccessibleAsync(IPage page)
    {
        var result = await page.RunAxe();
        Assert.True(result.Passes.Length > 0, $"axe checked nothing on {page.Url}.");
        var bad = result.Violations.Where(v => v.Impact is "serious" or "critical").ToArray();
        Assert.True(bad.Length == 0, $"Accessibility problems on {page.Url}:\n" + string.Join("\n", bad.Select(Describe)));
    }

    /// <summary>Nothing is wider than the phone's screen (no sideways scrolling at 375 px).</summary>
    public static async Task AssertFitsThePhoneAsync(IPage page)
    {
        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(width <= BrowserFixture.Phone.Width, $"{page.Url} is {width} px wide on a {BrowserFixture.Phone.Width} px screen.");
    }

    /// <summary>
    /// Chinese is drawn with real glyphs: two different characters come out different. Without a
    /// CJK font both are the same "tofu" box.
    /// </summary>
    public static async Task AssertChineseRendersAsync(IPage page)
    {
        var distinct = await page.EvaluateAsync<bool>("""
            () => {
              const font = getComputedStyle(document.body).fontFamily;
              const canvas = document.createElement('canvas');
              canvas.width = 64; canvas.height = 64;
              const ctx = canvas.getContext('2d');
              const draw = text => { ctx.clearRect(0, 0, 64, 64); ctx.font = '48px ' + font; ctx.fillText(text, 4, 52); return ctx.getImageData(0, 0, 64, 64).data.join(','); };
              return draw('社') !== draw('区') && draw('区') !== draw('预');
            }
            """);
        Assert.True(distinct, "Chinese characters render as identical boxes: is fonts-noto-cjk installed?");
    }

    /// <summary>Everything above, then the screenshot.</summary>
    public static async Task CheckAsync(IPage page, string name)
    {
        await AssertFitsThePhoneAsync(page);
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, name);
    }

    private static string Describe(AxeResultItem v) =>
        $"- {v.Impact} {v.Id}: {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString() ?? n.Html))}";
}
