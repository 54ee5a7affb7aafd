using CommunityShare.Contracts.V1;
using CommunityShare.Server.Data;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using static CommunityShare.Server.Tests.Demo;
using static CommunityShare.Server.Tests.TimeBank.TimeBankCalls;
using DomainEntry = CommunityShare.Domain.TimeBank.TimeEntry;

namespace CommunityShare.Server.Tests.TimeBank;

/// <summary>
/// Many redemptions and gifts at once from one account, through the real gRPC server on a real port:
/// the balance never goes below zero, every refusal is INSUFFICIENT_COINS, and every ledger sums to
/// its balance with no gap or repeat in its sequence. Without the guard the database's own checks
/// (unique sequence, balance ≥ 0, each entry following the one before) still keep every ledger whole:
/// the writers that lost the race are told BUSY.
/// </summary>
public sealed class TimeBankRaceTests
{
    private const int Start = 600; // 10 coins

    private sealed record Outcome(bool Gift, RpcException? Error);

    private static async Task SetUpAsync(ServerFixture f)
    {
        await TownAsync(f);
        foreach (var id in new[] { "giver", "mum", "dad" })
        {
            await f.AddResidentAsync(id, "310112101001");
            await new ResidentService.ResidentServiceClient(f.Channel()).UpdateResidentAsync(new UpdateResidentRequest
            {
                Resident = new Resident { Name = "residents/" + id, Household = "h-race" },
                UpdateMask = new FieldMask { Paths = { "household" } },
            });
        }
        await DepositAsync(f, "giver", Start, actor: "staff:admin");
    }

    /// <summary>40 redemptions of 60 minutes and 20 gifts of 30 at once: five times what the account holds.</summary>
    private static async Task<List<Outcome>> RaceAsync(ServerFixture f)
    {
        var clients = Enumerable.Range(0, 8).Select(_ => new TimeBankService.TimeBankServiceClient(f.Channel("resident:giver"))).ToArray();
        await Task.WhenAll(clients.Select(c => c.GetRedemptionCatalogueAsync(new GetRedemptionCatalogueRequest()).ResponseAsync));
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = Enumerable.Range(0, 60).Select(async i =>
        {
            await go.Task;
            var client = clients[i % clients.Length];
            var gift = i % 3 == 2;
            try
            {
                if (gift)
                {
                    await client.GiftTimeAsync(new GiftTimeRequest
                    {
                        Account = "residents/giver/timeAccount",
                        Recipient = i % 2 == 0 ? "residents/mum" : "residents/dad",
                        Minutes = 30,
                    }, deadline: DateTime.UtcNow.AddSeconds(60));
                }
                else
                {
                    await client.CreateRedemptionAsync(new CreateRedemptionRequest
                    {
                        Parent = "residents/giver",
                        Redemption = new Redemption { Item = "extra-booking" },
                    }, deadline: DateTime.UtcNow.AddSeconds(60));
                }
                return new Outcome(gift, null);
            }
            catch (RpcException e)
            {
                return new Outcome(gift, e);
            }
        }).ToArray();
        go.SetResult();
        return (await Task.WhenAll(runs)).ToList();
    }

    /// <summary>Every account's entries, in order: sequence 1, 2, 3 …; each balance the one before plus its minutes, never below zero.</summary>
    private static Task<Dictionary<string, List<DomainEntry>>> LedgersAsync(ServerFixture f) => f.WithDbAsync(async db =>
        (await db.Set<DomainEntry>().AsNoTracking().ToListAsync()).GroupBy(e => e.ResidentId)
        .ToDictionary(g => g.Key, g => g.OrderBy(e => e.Sequence).ToList()));

    private static void AssertWhole(Dictionary<string, List<DomainEntry>> ledgers)
    {
        foreach (var (resident, entries) in ledgers)
        {
            Assert.Equal(Enumerable.Range(1, entries.Count), entries.Select(e => e.Sequence));
            var balance = 0;
            foreach (var entry in entries)
            {
                balance += entry.Minutes;
                Assert.True(balance >= 0, $"{resident} went below zero at entry {entry.Sequence}");
                Assert.Equal(balance, entry.BalanceAfter);
            }
        }
    }

    [Fact]
    public async Task Concurrent_redemptions_and_gifts_never_drive_the_account_negative_and_the_ledger_sums_to_the_balance()
    {
        await using var f = new ServerFixture(realPort: true);
        await SetUpAsync(f);

        var outcomes = await RaceAsync(f);

        Assert.All(outcomes.Where(o => o.Error is not null), o =>
        {
            Assert.Equal(StatusCode.FailedPrecondition, o.Error!.StatusCode);
            Assert.Equal("INSUFFICIENT_COINS", Reason(o.Error));
        });
        var ledgers = await LedgersAsync(f);
        AssertWhole(ledgers);
        var spent = outcomes.Count(o => o.Error is null && !o.Gift) * 60 + outcomes.Count(o => o.Error is null && o.Gift) * 30;
        var account = await new TimeBankService.TimeBankServiceClient(f.Channel()).GetTimeAccountAsync(new GetTimeAccountRequest { Name = "residents/giver/timeAccount" });
        Assert.Equal(Start - spent, account.BalanceMinutes);
        Assert.Equal(account.BalanceMinutes, ledgers["giver"].Sum(e => e.Minutes));
        // Five times the balance was asked for: a redemption was refused only when less than its price was left, so less is left now.
        Assert.InRange(account.BalanceMinutes, 0, 59);
        var received = ledgers.GetValueOrDefault("mum", []).Sum(e => e.Minutes) + ledgers.GetValueOrDefault("dad", []).Sum(e => e.Minutes);
        Assert.Equal(outcomes.Count(o => o.Error is null && o.Gift) * 30, received);
        var passes = await f.WithDbAsync(db => db.Set<CommunityShare.Domain.TimeBank.Redemption>().CountAsync());
        Assert.Equal(outcomes.Count(o => o.Error is null && !o.Gift), passes);
    }

    [Fact]
    public async Task Without_the_guard_the_database_still_keeps_every_ledger_whole_and_the_losers_are_told_busy()
    {
        await using var f = new ServerFixture(realPort: true, unguarded: true);
        await SetUpAsync(f);

        var busy = 0;
        for (var round = 0; round < 6 && busy == 0; round++)
        {
            if (round > 0)
            {
                await DepositAsync(f, "giver", Start, actor: "staff:admin");
            }
            var outcomes = await RaceAsync(f);
            Assert.All(outcomes.Where(o => o.Error is not null), o => Assert.Contains(Reason(o.Error!), new[] { "INSUFFICIENT_COINS", "BUSY" }));
            busy += outcomes.Count(o => o.Error is not null && Reason(o.Error) == "BUSY");
            AssertWhole(await LedgersAsync(f));
        }

        Assert.True(busy > 0, "The race never raced: no writer lost to another.");
    }
}
