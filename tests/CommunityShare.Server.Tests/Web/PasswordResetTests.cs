using System.Net;
using System.Web;
using CommunityShare.Contracts.V1;
using Grpc.Core;
using NodaTime;
using static CommunityShare.Server.Tests.Demo;

namespace CommunityShare.Server.Tests.Web;

/// <summary>Forgotten passwords, on the page and over gRPC: a one-time link by text message (the outbox), then a new password that ends every session.</summary>
public sealed class PasswordResetTests : IAsyncLifetime
{
    private const string OldPassword = "old-password-2026";
    private readonly ServerFixture _f = new();
    private Resident _resident = null!;

    public async Task InitializeAsync()
    {
        await TownAsync(_f);
        _resident = await new ResidentService.ResidentServiceClient(_f.Channel(null)).RegisterResidentAsync(new RegisterResidentRequest
        {
            Resident = new Resident
            {
                DisplayName = "王阿姨",
                Mobile = "13812345678",
                IdentityNumber = CommunityShare.Domain.Residents.IdentityNumber.WithCheckCharacter("31011219580301002"),
                HomePlace = "places/310112101001",
            },
            UserName = "wang.ayi",
            Password = OldPassword,
        });
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private async Task<OutboxMessage[]> ResetMessagesAsync() =>
        (await _f.Notifications().ListOutboxMessagesAsync(new ListOutboxMessagesRequest { PageSize = 100 })).OutboxMessages
        .Where(m => m.Template == "account.password_reset").ToArray();

    /// <summary>The reset page's path and query, from the link in the latest text message.</summary>
    private async Task<string> LinkAsync()
    {
        // Messages sent in the same instant have no order; the next one is sent a moment later.
        _f.Clock.Advance(Duration.FromSeconds(1));
        var text = (await ResetMessagesAsync())[^1].Text;
        var url = text.Split(' ', '（')[0]["【社区共享】重置密码：".Length..];
        return new Uri(url).PathAndQuery;
    }

    private static Dictionary<string, string> NewPassword(string password, string? confirm = null) => new()
    {
        ["Input.NewPassword"] = password,
        ["Input.ConfirmPassword"] = confirm ?? password,
    };

    [Fact]
    public async Task A_resident_resets_by_text_message_and_every_old_session_ends()
    {
        using var before = new WebSession(_f);
        await before.SignInAsync("wang.ayi", OldPassword);
        var api = await new AccountService.AccountServiceClient(_f.Channel(null)).SignInAsync(new SignInRequest { UserName = "wang.ayi", Password = OldPassword });
        using var web = new WebSession(_f);

        var asked = await web.SubmitAsync("/account/forgot-password", new Dictionary<string, string> { ["Input.UserName"] = "wang.ayi" });
        var message = Assert.Single(await ResetMessagesAsync());
        var link = await LinkAsync();
        var form = await web.GetAsync(link);
        var reset = await web.PostAsync(link, new Dictionary<string, string>(NewPassword("新的密码-2026"))
        {
            ["Input.Account"] = form.Value("Input.Account")!,
            ["Input.Token"] = form.Value("Input.Token")!,
        }, form.AntiforgeryToken);

        Assert.Equal("sent", asked.Document.QuerySelector("[data-state]")?.GetAttribute("data-state"));
        Assert.Equal("13812345678", message.Address);
        Assert.StartsWith("http://127.0.0.1:5080/account/reset-password?account=", message.Text[message.Text.IndexOf("http", StringComparison.Ordinal)..], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, reset.Status);
        Assert.Equal("/account/sign-in?passwordWasReset=true", reset.Location);
        Assert.Equal(HttpStatusCode.BadRequest, (await web.SignInAsync("wang.ayi", OldPassword)).Status);
        Assert.Equal(HttpStatusCode.Redirect, (await web.SignInAsync("wang.ayi", "新的密码-2026")).Status);
        // The browser signed in before the reset is let go at its next check; the API session's refresh token is dead.
        _f.Clock.Advance(Duration.FromMinutes(2));
        var old = await before.GetAsync("/bookings");
        Assert.Equal("/account/sign-in?returnUrl=%2Fbookings&reason=SESSION_INVALID", old.Location);
        var e = await Assert.ThrowsAsync<RpcException>(() => new AccountService.AccountServiceClient(_f.Channel(null))
            .RefreshSessionAsync(new RefreshSessionRequest { RefreshToken = api.RefreshToken }).ResponseAsync);
        Assert.Equal("REFRESH_TOKEN_INVALID", Reason(e));
    }

    [Fact]
    public async Task An_unknown_user_name_gets_the_same_answer_and_no_message()
    {
        using var web = new WebSession(_f);

        var page = await web.SubmitAsync("/account/forgot-password", new Dictionary<string, string> { ["Input.UserName"] = "nobody" });

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("sent", page.Document.QuerySelector("[data-state]")?.GetAttribute("data-state"));
        Assert.Empty(await ResetMessagesAsync());
    }

    [Fact]
    public async Task Every_problem_with_the_new_password_shows_at_once_and_changes_nothing()
    {
        await new AccountService.AccountServiceClient(_f.Channel(null)).RequestPasswordResetAsync(new RequestPasswordResetRequest { UserName = "wang.ayi" });
        using var web = new WebSession(_f);
        var link = await LinkAsync();
        var form = await web.GetAsync(link);

        var page = await web.PostAsync(link, new Dictionary<string, string>(NewPassword("short", "other"))
        {
            ["Input.Account"] = form.Value("Input.Account")!,
            ["Input.Token"] = form.Value("Input.Token")!,
        }, form.AntiforgeryToken);

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Equal("密码至少需要8个字符。", page.FieldError("Input.NewPassword"));
        Assert.Equal("两次输入的密码不一致。", page.FieldError("Input.ConfirmPassword"));
        Assert.Equal(form.Value("Input.Token"), page.Value("Input.Token")); // the link still works for the next try
        Assert.Equal(HttpStatusCode.Redirect, (await web.SignInAsync("wang.ayi", OldPassword)).Status);
    }

    [Fact]
    public async Task A_link_works_once_and_for_thirty_minutes()
    {
        var accounts = new AccountService.AccountServiceClient(_f.Channel(null));
        await accounts.RequestPasswordResetAsync(new RequestPasswordResetRequest { UserName = "wang.ayi" });
        var first = HttpUtility.ParseQueryString(new Uri("http://x" + await LinkAsync()).Query);
        await accounts.RequestPasswordResetAsync(new RequestPasswordResetRequest { UserName = "wang.ayi" });
        var second = HttpUtility.ParseQueryString(new Uri("http://x" + await LinkAsync()).Query);
        ResetPasswordRequest Request(System.Collections.Specialized.NameValueCollection q, string password) =>
            new() { Account = "accounts/" + q["account"], Token = q["token"], NewPassword = password };

        await accounts.ResetPasswordAsync(Request(first, "first-new-password"));
        var reused = await Assert.ThrowsAsync<RpcException>(() => accounts.ResetPasswordAsync(Request(first, "again-new-password")).ResponseAsync);
        // A reset changes the security stamp, so a link issued before it is spent too.
        var older = await Assert.ThrowsAsync<RpcException>(() => accounts.ResetPasswordAsync(Request(second, "other-new-password")).ResponseAsync);
        await accounts.RequestPasswordResetAsync(new RequestPasswordResetRequest { UserName = "wang.ayi" });
        var third = HttpUtility.ParseQueryString(new Uri("http://x" + await LinkAsync()).Query);
        _f.Clock.Advance(Duration.FromMinutes(31));
        var late = await Assert.ThrowsAsync<RpcException>(() => accounts.ResetPasswordAsync(Request(third, "late-new-password")).ResponseAsync);

        Assert.All(new[] { reused, older, late }, e =>
        {
            Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
            Assert.Equal("RESET_LINK_INVALID", Reason(e));
        });
        Assert.Equal(HttpStatusCode.Redirect, (await new WebSession(_f).SignInAsync("wang.ayi", "first-new-password")).Status);
    }

    [Fact]
    public async Task A_forged_token_is_refused_and_missing_fields_are_reported_together()
    {
        var accounts = new AccountService.AccountServiceClient(_f.Channel(null));
        var me = await accounts.SignInAsync(new SignInRequest { UserName = "wang.ayi", Password = OldPassword });

        var forged = await Assert.ThrowsAsync<RpcException>(() => accounts.ResetPasswordAsync(new ResetPasswordRequest
        {
            Account = me.Account.Name,
            Token = "not-a-token",
            NewPassword = "forged-new-password",
        }).ResponseAsync);
        var empty = await Assert.ThrowsAsync<RpcException>(() => accounts.ResetPasswordAsync(new ResetPasswordRequest()).ResponseAsync);

        Assert.Equal("RESET_LINK_INVALID", Reason(forged));
        Assert.Equal(StatusCode.InvalidArgument, empty.StatusCode);
        Assert.Equal(["account", "new_password", "token"], FieldViolations(empty).Select(v => v.Field).Order());
    }
}
