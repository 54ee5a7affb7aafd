using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;

namespace CommunityShare.Server.Tests.Web;

/// <summary>
/// A browser without the browser: one cookie jar against the fixture's host, no automatic
/// redirects, and forms posted the way a page posts them (with the antiforgery token read from the
/// form). Pages come back parsed, to be asked about their fields, errors and reason codes.
/// </summary>
public sealed class WebSession : IDisposable
{
    private readonly HttpClient _http;

    public WebSession(ServerFixture fixture, bool https = false)
    {
        BaseAddress = new Uri(https ? "https://localhost" : "http://localhost");
        _http = fixture.CreateDefaultClient(BaseAddress, new CookieContainerHandler(Cookies));
    }

    public Uri BaseAddress { get; }

    public CookieContainer Cookies { get; } = new();

    public Task<WebPage> GetAsync(string path) => SendAsync(new HttpRequestMessage(HttpMethod.Get, path));

    /// <summary>Posts <paramref name="fields"/> to the form at <paramref name="formPath"/>, as the browser would after loading it.</summary>
    public async Task<WebPage> SubmitAsync(string formPath, IReadOnlyDictionary<string, string> fields, string? handler = null)
    {
        var form = await GetAsync(formPath);
        Assert.True(form.Status == HttpStatusCode.OK, $"GET {formPath} answered {(int)form.Status}.");
        var action = handler is null ? formPath : AddHandler(formPath, handler);
        return await PostAsync(action, fields, form.AntiforgeryToken);
    }

    /// <summary>Posts a form with the given token (none: as a forged request would).</summary>
    public Task<WebPage> PostAsync(string path, IReadOnlyDictionary<string, string> fields, string? antiforgeryToken)
    {
        var all = new Dictionary<string, string>(fields);
        if (antiforgeryToken is not null)
        {
            all["__RequestVerificationToken"] = antiforgeryToken;
        }
        return SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(all) });
    }

    /// <summary>Posts fields whose names may repeat (check boxes), as a browser sends them.</summary>
    public Task<WebPage> PostAsync(string path, IEnumerable<KeyValuePair<string, string>> fields) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) });

    public async Task<WebPage> SignInAsync(string userName, string password, string returnUrl = "/")
    {
        var page = await SubmitAsync("/account/sign-in?returnUrl=" + Uri.EscapeDataString(returnUrl), new Dictionary<string, string>
        {
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
        });
        return page;
    }

    /// <summary>The session cookie as the jar holds it, or null.</summary>
    public Cookie? SessionCookie => Cookies.GetCookies(BaseAddress)[CommunityShare.Server.Identity.IdentityModule.CookieName];

    public void Dispose() => _http.Dispose();

    private static string AddHandler(string path, string handler) => path + (path.Contains('?') ? "&" : "?") + "handler=" + handler;

    private async Task<WebPage> SendAsync(HttpRequestMessage request)
    {
        using var response = await _http.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();
        var document = await new HtmlParser().ParseDocumentAsync(html);
        return new WebPage(response.StatusCode, response.Headers, response.Content.Headers.ContentType?.MediaType, html, document);
    }
}

/// <summary>One answer from the web door, parsed.</summary>
public sealed record WebPage(HttpStatusCode Status, System.Net.Http.Headers.HttpResponseHeaders Headers, string? MediaType, string Html, IDocument Document)
{
    /// <summary>Where a redirect goes (path and query), or null.</summary>
    public string? Location => Headers.Location is { } l ? (l.IsAbsoluteUri ? l.PathAndQuery : l.OriginalString) : null;

    /// <summary>The reason code the page states (data-reason), or null.</summary>
    public string? Reason => Document.QuerySelector("[data-reason]")?.GetAttribute("data-reason");

    public string? AntiforgeryToken => Document.QuerySelector("main form input[name=__RequestVerificationToken]")?.GetAttribute("value")
                                       ?? Document.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value");

    /// <summary>The error shown on a field (by its input's name), or null.</summary>
    public string? FieldError(string field) =>
        Document.QuerySelector($"[data-valmsg-for='{field}']")?.TextContent.Trim() is { Length: > 0 } text ? text : null;

    /// <summary>The errors listed at the top of the form.</summary>
    public IReadOnlyList<string> SummaryErrors =>
        Document.QuerySelectorAll(".validation-summary-errors li").Select(li => li.TextContent.Trim()).ToArray();

    /// <summary>The value an input shows (what the user typed, when a form comes back).</summary>
    public string? Value(string field) => Document.QuerySelector($"[name='{field}']")?.GetAttribute("value");

    public string Text => Document.Body?.TextContent ?? "";

    public string Lang => Document.DocumentElement.GetAttribute("lang") ?? "";
}
