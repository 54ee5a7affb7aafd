using System.Net;
using CommunityShare.Contracts.V1;
using CommunityShare.Domain.Access;
using Grpc.Core;
using NodaTime;
using static CommunityShare.Server.Tests.Demo;

namespace CommunityShare.Server.Tests.Web;

/// <summary>Cookie sign-in on the web door: the same accounts, checks and answers as AccountService.SignIn.</summary>
public sealed class SignInPageTests : IAsyncLifetime
{
    private const string Password = "长城长-correct-horse";
    private readonly ServerFixture _f = new();

    public async Task InitializeAsync()
    {
        await _f.CreateAccountAsync("wang.resident", Password, residentId: "r-wang");
        await _f.CreateAccountAsync("zhao.school1", Password, residentId: null, new RoleAssignment(Role.InstitutionStaff, "school-1"));
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    [Fact]
    public async Task Signing_in_sets_an_http_only_same_site_cookie_and_returns_to_the_page_asked_for()
    {
        using var web = new WebSession(_f);

        var page = await web.SignInAsync("wang.resident", Password, returnUrl: "/account");

        Assert.Equal(HttpStatusCode.Redirect, page.Status);
        Assert.Equal("/account", page.Location);
        var setCookie = Assert.Single(page.Headers.GetValues("Set-Cookie"), c => c.StartsWith("cs.session=", StringComparison.Ordinal));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", setCookie, StringComparison.OrdinalIgnoreCase); // plain http: a Secure cookie would never come back
        var account = await web.GetAsync("/account");
        Assert.Equal(HttpStatusCode.OK, account.Status);
        Assert.Contains("wang.resident", account.Text, StringComparison.Ordinal);
        Assert.Equal("no-store", account.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Over_tls_the_session_and_antiforgery_cookies_are_secure()
    {
        using var web = new WebSession(_f, https: true);

        var form = await web.GetAsync("/account/sign-in");
        var page = await web.SignInAsync("wang.resident", Password);

        var antiforgery = Assert.Single(form.Headers.GetValues("Set-Cookie"), c => c.StartsWith("cs.antiforgery=", StringComparison.Ordinal));
        Assert.Contains("; secure", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Redirect, page.Status);
        var session = Assert.Single(page.Headers.GetValues("Set-Cookie"), c => c.StartsWith("cs.session=", StringComparison.Ordinal));
        Assert.Contains("; secure", session, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("wang.resident", "wrong-password")]
    [InlineData("nobody", Password)]
    public async Task A_wrong_password_and_an_unknown_user_get_the_same_answer_and_keep_the_user_name(string userName, string password)
    {
        using var web = new WebSession(_f);

        var page = await web.SignInAsync(userName, password);

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Equal(["用户名或密码不正确。"], page.SummaryErrors);
        Assert.Equal(userName, page.Value("Input.UserName"));
        Assert.Null(page.Value("Input.Password")); // a password is never sent back
        Assert.Null(web.SessionCookie);
    }

    [Fact]
    public async Task Missing_fields_are_each_reported_on_their_field_at_once()
    {
        using var web = new WebSession(_f);

        var page = await web.SignInAsync("", "");

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Equal("此项必填。", page.FieldError("Input.UserName"));
        Assert.Equal("此项必填。", page.FieldError("Input.Password"));
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_for_both_doors()
    {
        using var web = new WebSession(_f);
        for (var i = 0; i < 4; i++)
        {
            await web.SignInAsync("zhao.school1", "wrong-password");
        }

        var fifth = await web.SignInAsync("zhao.school1", "wrong-password");
        var right = await web.SignInAsync("zhao.school1", Password);

        Assert.Contains(fifth.SummaryErrors, e => e.Contains("锁定", StringComparison.Ordinal));
        Assert.Contains(right.SummaryErrors, e => e.Contains("锁定", StringComparison.Ordinal));
        var e = await Assert.ThrowsAsync<RpcException>(() => new AccountService.AccountServiceClient(_f.Channel(null))
            .SignInAsync(new SignInRequest { UserName = "zhao.school1", Password = Password }).ResponseAsync);
        Assert.Equal("ACCOUNT_LOCKED", Reason(e));
    }

    [Fact]
    public async Task A_return_address_on_another_site_is_not_followed()
    {
        using var web = new WebSession(_f);

        var page = await web.SignInAsync("wang.resident", Password, returnUrl: "//evil.example/phish");

        Assert.Equal("/", page.Location);
    }

    [Fact]
    public async Task A_page_that_needs_a_caller_sends_an_anonymous_visitor_to_sign_in_and_back()
    {
        using var web = new WebSession(_f);

        var page = await web.GetAsync("/bookings");

        Assert.Equal(HttpStatusCode.Redirect, page.Status);
        Assert.Equal("/account/sign-in?returnUrl=%2Fbookings", page.Location);
    }

    [Fact]
    public async Task Signing_out_ends_the_session_and_needs_the_form()
    {
        using var web = new WebSession(_f);
        await web.SignInAsync("wang.resident", Password);

        var forged = await web.PostAsync("/account/sign-out", new Dictionary<string, string>(), antiforgeryToken: null);
        Assert.Equal(HttpStatusCode.BadRequest, forged.Status);
        Assert.Equal("FORM_EXPIRED", forged.Reason);
        Assert.Equal(HttpStatusCode.OK, (await web.GetAsync("/account")).Status);

        var signedOut = await web.SubmitAsync("/account/sign-out", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, signedOut.Status);
        Assert.Equal(HttpStatusCode.Redirect, (await web.GetAsync("/account")).Status);
    }

    [Fact]
    public async Task The_web_cookie_does_not_open_the_grpc_api()
    {
        using var web = new WebSession(_f);
        await web.SignInAsync("wang.resident", Password);
        var cookie = web.SessionCookie!;

        var e = await Assert.ThrowsAsync<RpcException>(() => new AccountService.AccountServiceClient(_f.Channel(null))
            .GetCurrentAccountAsync(new GetCurrentAccountRequest(), new Metadata { { "cookie", $"{cookie.Name}={cookie.Value}" } }).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
        Assert.Equal("UNAUTHENTICATED", Reason(e));
    }

    [Fact]
    public async Task An_altered_session_cookie_opens_nothing_is_removed_and_is_explained()
    {
        using var web = new WebSession(_f);
        await web.SignInAsync("wang.resident", Password);
        var cookie = web.SessionCookie!;
        var value = cookie.Value.ToCharArray();
        value[value.Length / 2] = value[value.Length / 2] == 'A' ? 'B' : 'A';
        web.Cookies.Add(web.BaseAddress, new System.Net.Cookie(cookie.Name, new string(value), "/"));

        var page = await web.GetAsync("/bookings");

        Assert.Equal(HttpStatusCode.Redirect, page.Status);
        Assert.Equal("/account/sign-in?returnUrl=%2Fbookings&reason=SESSION_INVALID", page.Location);
        Assert.Contains(page.Headers.GetValues("Set-Cookie"), c => c.StartsWith("cs.session=;", StringComparison.Ordinal));
        var signIn = await web.GetAsync(page.Location!);
        Assert.Equal("SESSION_INVALID", signIn.Reason);
    }

    [Fact]
    public async Task An_expired_session_is_told_the_same_way()
    {
        using var web = new WebSession(_f);
        await web.SignInAsync("wang.resident", Password);

        _f.Clock.Advance(Duration.FromHours(9));
        var home = await web.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, home.Status);
        Assert.Equal("SESSION_INVALID", home.Reason);
        Assert.Null(web.SessionCookie);
    }

    [Fact]
    public async Task Over_the_address_limit_the_sign_in_form_answers_429_with_retry_after_but_still_shows()
    {
        await using var f = new ServerFixture(settings: new Dictionary<string, string?> { ["RateLimits:SignIn:PermitLimit"] = "2" });
        using var web = new WebSession(f);
        await web.SignInAsync("nobody", "wrong-password");
        await web.SignInAsync("nobody", "wrong-password");

        var third = await web.SignInAsync("nobody", "wrong-password");

        Assert.Equal(HttpStatusCode.TooManyRequests, third.Status);
        Assert.True(int.Parse(third.Headers.RetryAfter!.ToString(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Equal("RATE_LIMITED", third.Reason);
        Assert.Contains("操作太频繁", third.Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await web.GetAsync("/account/sign-in")).Status);
    }
}
