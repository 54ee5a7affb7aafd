using CommunityShare.Server.Tests;
using Microsoft.Playwright;

namespace CommunityShare.Browser.Tests;

/// <summary>
/// The real server on real Kestrel ports with the demo district seeded and a FakeClock (Wednesday
/// 2026-06-10 09:00 in Shanghai), and one headless Chromium (Debian's, with fonts-noto-cjk) for
/// the whole collection. Each test opens its own browser context: its own cookies, a phone screen.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>An iPhone-sized screen: every page must work at 375 CSS pixels.</summary>
    public static readonly ViewportSize Phone = new() { Width = 375, Height = 812 };

    private IPlaywright? _playwright;

    public ServerFixture Server { get; } = new(seedDemoData: true, realPort: true, settings: new Dictionary<string, string?>
    {
        ["RateLimits:SignIn:PermitLimit"] = "10000",
        ["RateLimits:SignInPerAccount:PermitLimit"] = "10000",
    });

    public IBrowser Browser { get; private set; } = null!;

    public Uri BaseAddress => Server.WebAddress;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"The browser tests need Debian's chromium at {ChromiumPath} and fonts-noto-cjk: run ./test.sh (it installs them) or apt-get install -y chromium fonts-noto-cjk.");
        }
        _ = Server.WebAddress; // starts the host, which seeds the district
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A fresh context (no cookies) on a phone screen, in the default language.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString().TrimEnd('/'),
            ViewportSize = Phone,
            AcceptDownloads = true,
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        _playwright?.Dispose();
        await Server.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
