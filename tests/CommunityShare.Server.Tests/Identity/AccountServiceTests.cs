using CommunityShare.Contracts.V1;
using CommunityShare.Domain.Access;
using Grpc.Core;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using static CommunityShare.Server.Tests.Demo;

namespace CommunityShare.Server.Tests.Identity;

public sealed class AccountServiceTests : IAsyncLifetime
{
    private const string Password = "长城长-correct-horse";
    private readonly ServerFixture _f = new();
    private AccountService.AccountServiceClient _accounts = null!;

    public async Task InitializeAsync()
    {
        _accounts = new AccountService.AccountServiceClient(_f.Channel(null));
        await _f.CreateAccountAsync("zhao.school1", Password, residentId: null, new RoleAssignment(Role.InstitutionStaff, "school-1"));
        await _f.CreateAccountAsync("wang.resident", Password, residentId: "r-wang");
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private static Metadata Bearer(string token) => new() { { "authorization", "Bearer " + token } };

    [Fact]
    public async Task Signing_in_gives_tokens_and_the_token_names_the_caller_and_their_roles()
    {
        var session = await _accounts.SignInAsync(new SignInRequest { UserName = "zhao.school1", Password = Password });

        var me = await _accounts.GetCurrentAccountAsync(new GetCurrentAccountRequest(), Bearer(session.AccessToken));

        Assert.Equal("zhao.school1", me.UserName);
        Assert.Equal(["institution=school-1"], me.Roles);
        Assert.Equal(ServerFixture.DefaultNow.ToUnixTimeSeconds() + 15 * 60, session.AccessTokenExpireTime.Seconds);
        Assert.NotEmpty(session.RefreshToken);
    }

    [Theory]
    [InlineData("zhao.school1", "wrong-password")]
    [InlineData("nobody", Password)]
    public async Task A_wrong_password_and_an_unknown_user_get_the_same_answer(string userName, string password)
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => _accounts.SignInAsync(new SignInRequest { UserName = userName, Password = password }).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
        Assert.Equal("INVALID_CREDENTIALS", Reason(e));
    }

    [Fact]
    public async Task Missing_credentials_are_reported_together()
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => _accounts.SignInAsync(new SignInRequest()).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Equal(["password", "user_name"], FieldViolations(e).Select(v => v.Field).Order());
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_one()
    {
        for (var i = 0; i < 4; i++)
        {
            await Assert.ThrowsAsync<RpcException>(() => _accounts.SignInAsync(new SignInRequest { UserName = "wang.resident", Password = "nope-nope" }).ResponseAsync);
        }
        var fifth = await Assert.ThrowsAsync<RpcException>(() => _accounts.SignInAsync(new SignInRequest { UserName = "wang.resident", Password = "nope-nope" }).ResponseAsync);
        var right = await Assert.ThrowsAsync<RpcException>(() => _accounts.SignInAsync(new SignInRequest { UserName = "wang.resident", Password = Password }).ResponseAsync);

        Assert.Equal("ACCOUNT_LOCKED", Reason(fifth));
        Assert.Equal("ACCOUNT_LOCKED", Reason(right));
        Assert.NotEmpty(right.GetRpcStatus()!.GetDetail<Google.Rpc.ErrorInfo>()!.Metadata["locked_until"]);
    }

    [Fact]
    public async Task A_refresh_token_works_once_and_a_second_use_ends_the_whole_sign_in()
    {
        var first = await _accounts.SignInAsync(new SignInRequest { UserName = "wang.resident", Password = Password });
        var second = await _accounts.RefreshSessionAsync(new RefreshSessionRequest { RefreshToken = first.RefreshToken });

        var replay = await Assert.ThrowsAsync<RpcException>(() => _accounts.RefreshSessionAsync(new RefreshSessionRequest { RefreshToken = first.RefreshToken }).ResponseAsync);
        var afterTheft = await Assert.ThrowsAsync<RpcException>(() => _accounts.RefreshSessionAsync(new RefreshSessionRequest { RefreshToken = second.RefreshToken }).ResponseAsync);

        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        Assert.Equal("REFRESH_TOKEN_REUSED", Reason(replay));
        Assert.Equal(StatusCode.Unauthenticated, afterTheft.StatusCode);
    }

    [Fact]
    public async Task Signing_out_ends_the_session_and_unknown_refresh_tokens_are_refused()
    {
        var session = await _accounts.SignInAsync(new SignInRequest { UserName = "wang.resident", Password = Password });

        await _accounts.SignOutAsync(new SignOutRequest { RefreshToken = session.RefreshToken });
        var ended = await Assert.ThrowsAsync<RpcException>(() => _accounts.RefreshSessionAsync(new RefreshSessionRequest { RefreshToken = session.RefreshToken }).ResponseAsync);
        var made_up = await Assert.ThrowsAsync<RpcException>(() => _accounts.RefreshSessionAsync(new RefreshSessionRequest { RefreshToken = "made-up" }).ResponseAsync);

        Assert.Equal("REFRESH_TOKEN_INVALID", Reason(ended));
        Assert.Equal("REFRESH_TOKEN_INVALID", Reason(made_up));
    }

    [Fact]
    public async Task An_expired_access_token_is_told_apart_from_a_forged_one()
    {
        var session = await _accounts.SignInAsync(new SignInRequest { UserName = "wang.resident", Password = Password });
        var parts = session.AccessToken.Split('.');
        var tampered = parts[0] + "." + parts[1] + "." + new string(parts[2].Reverse().ToArray());

        var forged = await Assert.ThrowsAsync<RpcException>(() =>
            _accounts.GetCurrentAccountAsync(new GetCurrentAccountRequest(), Bearer(tampered)).ResponseAsync);
        _f.Clock.Advance(Duration.FromMinutes(16));
        var expired = await Assert.ThrowsAsync<RpcException>(() =>
            _accounts.GetCurrentAccountAsync(new GetCurrentAccountRequest(), Bearer(session.AccessToken)).ResponseAsync);
        var refreshed = await _accounts.RefreshSessionAsync(new RefreshSessionRequest { RefreshToken = session.RefreshToken });

        Assert.Equal("TOKEN_INVALID", Reason(forged));
        Assert.Equal("TOKEN_EXPIRED", Reason(expired));
        Assert.Equal("wang.resident", (await _accounts.GetCurrentAccountAsync(new GetCurrentAccountRequest(), Bearer(refreshed.AccessToken))).UserName);
    }

    [Fact]
    public async Task A_signed_in_resident_books_with_their_token_as_themselves()
    {
        await TownAsync(_f);
        await SchoolAsync(_f);
        await FacilityAsync(_f, "court", OpenDaily("篮球场", 1));
        var session = await _accounts.SignInAsync(new SignInRequest { UserName = "wang.resident", Password = Password });
        var bookings = new BookingService.BookingServiceClient(_f.Channel(null));

        var booking = await bookings.CreateBookingAsync(new CreateBookingRequest
        {
            Parent = "facilities/court",
            Booking = Slot(new LocalDate(2026, 6, 11), 10),
        }, Bearer(session.AccessToken));

        Assert.Equal("residents/r-wang", booking.Resident);
    }

    [Fact]
    public async Task Passwords_are_stored_hashed()
    {
        var hash = await _f.WithDbAsync(async db =>
        {
            var users = _f.Services.CreateScope().ServiceProvider.GetRequiredService<UserManager<CommunityShare.Server.Identity.Account>>();
            return (await users.FindByNameAsync("wang.resident"))!.PasswordHash!;
        });

        Assert.DoesNotContain(Password, hash, StringComparison.Ordinal);
    }
}
