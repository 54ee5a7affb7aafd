using CommunityShare.Contracts.V1;

namespace CommunityShare.Server.Tests.TimeBank;

/// <summary>Calls the time bank tests share.</summary>
public static class TimeBankCalls
{
    public static TimeBankService.TimeBankServiceClient Bank(ServerFixture f, string actor) => new(f.Channel(actor));

    /// <summary>The Xinzhuang office credits <paramref name="minutes"/> of service to a resident; the source is fresh unless given.</summary>
    public static Task<TimeEntry> DepositAsync(ServerFixture f, string resident, long minutes, string? source = null,
        string actor = TimeBankTests.Xinzhuang) =>
        Bank(f, actor).DepositTimeAsync(new DepositTimeRequest
        {
            Account = $"residents/{resident}/timeAccount",
            Minutes = minutes,
            Source = source ?? $"volunteers/{resident}/serviceRecords/{Guid.NewGuid():N}",
            Place = "places/310112101001",
            Note = "周六学校操场开放值守",
        }).ResponseAsync;

    public static async Task<Redemption> RedeemAsync(ServerFixture f, string resident, string item) =>
        await Bank(f, "resident:" + resident).CreateRedemptionAsync(new CreateRedemptionRequest
        {
            Parent = "residents/" + resident,
            Redemption = new Redemption { Item = item },
        });
}
