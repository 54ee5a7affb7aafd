using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace CommunityShare.Server.Tests.Web;

/// <summary>Simplified Chinese by default, English on a switch that is kept; every word the pages use has its English.</summary>
public sealed partial class LanguageTests : IAsyncLifetime
{
    private readonly ServerFixture _f = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _f.DisposeAsync();

    [Fact]
    public async Task Pages_are_in_chinese_by_default_whatever_the_browser_asks()
    {
        using var web = new WebSession(_f);

        var home = await web.GetAsync("/account/sign-in");

        Assert.Equal("zh-CN", home.Lang);
        Assert.Contains("忘记密码？", home.Text, StringComparison.Ordinal);
        Assert.Contains("<h1>登录</h1>", home.Html, StringComparison.Ordinal); // text, not &#x...; entities
    }

    [Fact]
    public async Task The_switch_turns_the_site_english_and_back_and_returns_to_the_same_page()
    {
        using var web = new WebSession(_f);
        var page = await web.GetAsync("/account/forgot-password");
        var link = page.Document.QuerySelector("a[hreflang=en]")?.GetAttribute("href");

        var switched = await web.GetAsync(link!);
        var english = await web.GetAsync("/account/forgot-password");
        var back = await web.GetAsync("/language?culture=zh-CN&returnUrl=" + Uri.EscapeDataString("https://evil.example/"));
        var chinese = await web.GetAsync("/account/forgot-password");

        Assert.Equal("/language?culture=en&returnUrl=%2Faccount%2Fforgot-password", link);
        Assert.Equal(HttpStatusCode.Redirect, switched.Status);
        Assert.Equal("/account/forgot-password", switched.Location);
        Assert.Equal("en", english.Lang);
        Assert.Contains("Forgotten password", english.Text, StringComparison.Ordinal);
        Assert.Equal("/", back.Location);
        Assert.Equal("zh-CN", chinese.Lang);
    }

    [Fact]
    public async Task Errors_are_in_the_chosen_language()
    {
        using var web = new WebSession(_f);
        await web.GetAsync("/language?culture=en&returnUrl=/");

        var failed = await web.SignInAsync("", "");

        Assert.Equal("This is required.", failed.FieldError("Input.UserName"));
    }

    [Fact]
    public void Every_word_the_pages_use_has_an_english_translation()
    {
        var root = Path.Combine(RepositoryRoot(), "src", "CommunityShare.Server");
        var english = Keys(Path.Combine(root, "Resources", "Web.Texts.en.resx"));
        var coded = Keys(Path.Combine(root, "Resources", "Web.Texts.resx"));
        var used = Directory.EnumerateFiles(root, "*.*", SearchOption.AllDirectories)
            .Where(p => (p.EndsWith(".cshtml", StringComparison.Ordinal) || p.EndsWith(".cs", StringComparison.Ordinal))
                        && !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(p => TextKey().Matches(File.ReadAllText(p)).Select(m => m.Groups[1].Value))
            .Where(k => !k.EndsWith('.')) // prefixes of coded keys such as "state." + state
            .ToHashSet();

        Assert.True(used.Count >= 40, $"Only {used.Count} texts found; the scan is broken.");
        Assert.Empty(used.Except(english).Order());
        Assert.Empty(coded.Except(english).Order());
    }

    private static HashSet<string> Keys(string resx) =>
        XDocument.Load(resx).Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet();

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CommunityShare.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("CommunityShare.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex("""(?:\bT|\btexts)\["([^"]+)"[,\]]""")]
    private static partial Regex TextKey();
}
