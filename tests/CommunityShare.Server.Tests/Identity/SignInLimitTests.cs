using CommunityShare.Contracts.V1;
using Grpc.Core;
using static CommunityShare.Server.Tests.Demo;

namespace CommunityShare.Server.Tests.Identity;

/// <summary>Sign-in is limited per address (the endpoint's policy) and per account name (wherever attempts come from).</summary>
public sealed class SignInLimitTests
{
    private static async Task<RpcException> FailAsync(AccountService.AccountServiceClient accounts, string userName) =>
        await Assert.ThrowsAsync<RpcException>(() => accounts.SignInAsync(new SignInRequest { UserName = userName, Password = "wrong-password" }).ResponseAsync);

    [Fact]
    public async Task Attempts_past_the_per_account_limit_are_resource_exhausted_with_a_retry_delay()
    {
        await using var f = new ServerFixture(settings: new Dictionary<string, string?>
        {
            ["RateLimits:SignInPerAccount:PermitLimit"] = "3",
            ["RateLimits:SignInPerAccount:WindowSeconds"] = "600",
        });
        var accounts = new AccountService.AccountServiceClient(f.Channel(null));

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("INVALID_CREDENTIALS", Reason(await FailAsync(accounts, "someone")));
        }
        var limited = await FailAsync(accounts, "SOMEONE");
        var other = await FailAsync(accounts, "someone-else");

        Assert.Equal(StatusCode.ResourceExhausted, limited.StatusCode);
        Assert.Equal("RATE_LIMITED", Reason(limited));
        Assert.True(limited.GetRpcStatus()!.GetDetail<Google.Rpc.RetryInfo>()!.RetryDelay.Seconds > 0);
        Assert.Equal("INVALID_CREDENTIALS", Reason(other));
    }

    [Fact]
    public async Task Attempts_past_the_per_address_limit_are_resource_exhausted()
    {
        await using var f = new ServerFixture(settings: new Dictionary<string, string?>
        {
            ["RateLimits:SignIn:PermitLimit"] = "2",
            ["RateLimits:SignIn:WindowSeconds"] = "600",
        });
        var accounts = new AccountService.AccountServiceClient(f.Channel(null));

        await FailAsync(accounts, "a1");
        await FailAsync(accounts, "a2");
        var limited = await FailAsync(accounts, "a3");

        Assert.Equal(StatusCode.ResourceExhausted, limited.StatusCode);
        Assert.Equal("RATE_LIMITED", Reason(limited));
        Assert.NotNull(limited.GetRpcStatus()!.GetDetail<Google.Rpc.RetryInfo>());
    }
}
