using CommunityShare.Contracts.V1;
using CommunityShare.Domain.Lotteries;
using CommunityShare.Server.Lotteries;
using CommunityShare.Server.Residents;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using static CommunityShare.Server.Tests.Demo;
using DomainBooking = CommunityShare.Domain.Bookings.Booking;
using DomainDraw = CommunityShare.Domain.Lotteries.LotteryDraw;
using DomainApplication = CommunityShare.Domain.Lotteries.LotteryApplication;

namespace CommunityShare.Server.Tests.Lotteries;

/// <summary>
/// Lotteries under fire, through the real gRPC server on a real port. While applications are
/// open, 48 residents (two to a household, household cap 1) apply at once, each twice for the
/// same slot. At the close, four draw sweeps run side by side with 72 direct bookings, late
/// applications and late withdrawals. Afterwards no slot holds more than its places, every
/// application was drawn exactly once (one draw per slot, one booking per winner, one message per
/// applicant), and the only direct bookings that got in are for the places the draw left.
/// </summary>
public sealed class LotteryRaceTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly LocalDate Saturday = new(2026, 6, 20);
    private static readonly Instant Close = new LocalDate(2026, 6, 13).At(new LocalTime(8, 0)).InZoneStrictly(Shanghai).ToInstant();
    private const int Applicants = 48;

    /// <summary>The slots: the hall (6 places) at 10:00, the court (1) at 10:00, the hall at 11:00 (few applicants: places left after the draw).</summary>
    private static readonly (string Facility, int Hour, int Capacity)[] Slots = [("hall", 10, 6), ("court", 10, 1), ("hall", 11, 6)];

    private sealed record Outcome(string Kind, string Result);

    [Fact]
    public async Task Concurrent_applications_draws_and_direct_bookings_never_allocate_more_than_capacity_and_decide_each_application_once()
    {
        await using var f = new ServerFixture(realPort: true);
        await TownAsync(f);
        await SchoolAsync(f);
        var rules = DefaultRules();
        rules.Lottery = new LotteryRules { Enabled = true, ApplicationDays = 3, HostAreaWeight = 2, HouseholdCap = 1 };
        await FacilityAsync(f, "hall", OpenDaily("活动室", 6, rules));
        await FacilityAsync(f, "court", OpenDaily("羽毛球场", 1, rules.Clone()));
        for (var i = 0; i < Applicants; i++)
        {
            await f.AddResidentAsync($"a{i}", i % 3 == 0 ? "310112101001" : "310112");
        }
        await f.WithDbAsync(async db =>
        {
            foreach (var r in await db.Set<ResidentRecord>().Where(r => r.Id.StartsWith('a')).ToListAsync())
            {
                r.HouseholdId = "hh-" + (int.Parse(r.Id[1..], System.Globalization.CultureInfo.InvariantCulture) / 2);
            }
            return await db.SaveChangesAsync();
        });
        var lotteries = Enumerable.Range(0, 8).Select(_ => new LotteryService.LotteryServiceClient(f.Channel(null))).ToArray();
        var bookings = Enumerable.Range(0, 8).Select(_ => new BookingService.BookingServiceClient(f.Channel(null))).ToArray();

        // Wave 1: every applicant applies twice for the hall at 10:00 and once for the court; three of them for the hall at 11:00.
        var wave1 = new List<Func<int, Task<Outcome>>>();
        for (var i = 0; i < Applicants; i++)
        {
            var who = $"a{i}";
            wave1.Add(c => Call("apply", () => lotteries[c].CreateLotteryApplicationAsync(Application("hall", 10), f.As("resident:" + who)).ResponseAsync));
            wave1.Add(c => Call("apply", () => lotteries[c].CreateLotteryApplicationAsync(Application("hall", 10), f.As("resident:" + who)).ResponseAsync));
            wave1.Add(c => Call("apply", () => lotteries[c].CreateLotteryApplicationAsync(Application("court", 10), f.As("resident:" + who)).ResponseAsync));
            if (i % 16 == 0)
            {
                wave1.Add(c => Call("apply", () => lotteries[c].CreateLotteryApplicationAsync(Application("hall", 11), f.As("resident:" + who)).ResponseAsync));
            }
        }
        var applied = await RunAsync(wave1);
        Tell("applications", applied);
        Assert.All(applied, o => Assert.Contains(o.Result, new[] { "OK", "FailedPrecondition ALREADY_APPLIED", "FailedPrecondition HOUSEHOLD_CAP_REACHED" }));
        var pending = await f.WithDbAsync(db => db.Set<DomainApplication>().AsNoTracking().Where(a => a.State == LotteryApplicationState.Pending).ToListAsync());
        // One application per resident per slot, and one per household (its cap).
        Assert.Equal(pending.Count, pending.Select(a => (a.FacilityId, a.Start, a.ResidentId)).Distinct().Count());
        Assert.Equal(pending.Count, pending.Select(a => (a.FacilityId, a.Start, Household: int.Parse(a.ResidentId[1..], System.Globalization.CultureInfo.InvariantCulture) / 2)).Distinct().Count());
        Assert.Equal(Applicants / 2, pending.Count(a => a.FacilityId == "hall" && a.Start == Start(10)));
        Assert.Equal(Applicants / 2, pending.Count(a => a.FacilityId == "court"));
        Assert.Equal(Applicants / 16, pending.Count(a => a.Start == Start(11)));

        // Wave 2, at the close: four sweeps, 72 direct bookings, 8 late applications and 8 late withdrawals, all at once.
        f.Clock.Reset(Close + Duration.FromSeconds(1));
        var wave2 = new List<Func<int, Task<Outcome>>>();
        for (var s = 0; s < 4; s++)
        {
            wave2.Add(_ => Sweep(f));
        }
        for (var i = 0; i < 72; i++)
        {
            var (facility, hour, _) = Slots[i % 3];
            var who = $"d{i}";
            wave2.Add(c => Call($"book {facility} {hour}", () => bookings[c].CreateBookingAsync(
                new CreateBookingRequest { Parent = "facilities/" + facility, Booking = Slot(Saturday, hour) }, f.As("resident:" + who)).ResponseAsync));
        }
        for (var i = 1; i < Applicants; i += 6)
        {
            var who = $"a{i}";
            wave2.Add(c => Call("late apply", () => lotteries[c].CreateLotteryApplicationAsync(Application("hall", 11), f.As("resident:" + who)).ResponseAsync));
        }
        foreach (var a in pending.Where(a => a.FacilityId == "court").Take(8))
        {
            wave2.Add(c => Call("late withdraw", () => lotteries[c].WithdrawLotteryApplicationAsync(
                new WithdrawLotteryApplicationRequest { Name = $"facilities/{a.FacilityId}/lotteryApplications/{a.Id}" }, f.As("resident:" + a.ResidentId)).ResponseAsync));
        }
        var raced = await RunAsync(wave2);
        Tell("at the close", raced);
        AssertOnly(raced, "book hall 10", "FailedPrecondition LOTTERY_DRAW_PENDING", "FailedPrecondition SLOT_FULL");
        AssertOnly(raced, "book court 10", "FailedPrecondition LOTTERY_DRAW_PENDING", "FailedPrecondition SLOT_FULL");
        // The draw left three places at 11:00: never full to a direct booking while they were there.
        AssertOnly(raced, "book hall 11", "OK", "FailedPrecondition LOTTERY_DRAW_PENDING");
        AssertOnly(raced, "late apply", "FailedPrecondition APPLICATIONS_CLOSED");
        AssertOnly(raced, "late withdraw", "FailedPrecondition APPLICATIONS_CLOSED", "FailedPrecondition STATE_DOES_NOT_ALLOW");
        Assert.Equal(Slots.Length, raced.Where(o => o.Kind == "sweep").Sum(o => int.Parse(o.Result, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal("0", (await Sweep(f)).Result);

        // Every slot: one draw, no more places held than it has, every application decided once, each winner one booking of their own.
        var (apps, draws, held, told) = await f.WithDbAsync(async db => (
            await db.Set<DomainApplication>().AsNoTracking().ToListAsync(),
            await db.Set<DomainDraw>().AsNoTracking().ToListAsync(),
            await db.Bookings.AsNoTracking().Where(b => DomainBooking.HoldingStates.Contains(b.State)).ToListAsync(),
            await db.OutboxMessages.AsNoTracking().Where(m => m.Template.StartsWith("lottery.")).Select(m => m.Recipient).ToListAsync()));
        Assert.DoesNotContain(apps, a => a.State == LotteryApplicationState.Pending);
        Assert.Equal(apps.Count, told.Count);
        Assert.Equal(apps.Select(a => "residents/" + a.ResidentId).Order(StringComparer.Ordinal), told.Order(StringComparer.Ordinal));
        foreach (var (facility, hour, capacity) in Slots)
        {
            var start = Start(hour);
            var draw = Assert.Single(draws, d => d.FacilityId == facility && d.Start == start);
            var entries = apps.Where(a => a.FacilityId == facility && a.Start == start).ToList();
            var inSlot = held.Where(b => b.FacilityId == facility && b.Start == start).ToList();
            var places = capacity == 1 ? inSlot.Count : inSlot.Sum(b => b.PartySize);
            output.WriteLine($"{facility} {hour}:00 — {entries.Count} applications, {draw.Winners} won, {inSlot.Count} bookings, {places}/{capacity} places");
            Assert.InRange(places, 0, capacity);
            Assert.Equal(entries.Count, draw.Applicants);
            Assert.Equal(Enumerable.Range(1, entries.Count), entries.Select(a => a.Rank ?? 0).Order());
            var won = entries.Where(a => a.State == LotteryApplicationState.Won).ToList();
            Assert.Equal(Math.Min(capacity, entries.Count), won.Count);
            Assert.Equal(draw.Winners, won.Count);
            Assert.All(won, a => Assert.Equal(a.ResidentId, Assert.Single(inSlot, b => b.Id == a.BookingId).ResidentId));
            Assert.Equal(won.Count, won.Select(a => a.BookingId).Distinct().Count());
            // The draw's winners first; a direct booking only for what they left.
            var direct = inSlot.Where(b => won.All(a => a.BookingId != b.Id)).ToList();
            Assert.True(direct.Count <= capacity - won.Count, $"{facility} {hour}:00: {direct.Count} direct bookings beside {won.Count} winners");
        }

        // What the draw left at 11:00 goes first come, first served: exactly that many of a crowd get in.
        var left = Slots[2].Capacity - Applicants / 16 - raced.Count(o => o.Kind == "book hall 11" && o.Result == "OK");
        var crowd = await RunAsync(Enumerable.Range(0, 12).Select(i => (Func<int, Task<Outcome>>)(c => Call("book", () => bookings[c].CreateBookingAsync(
            new CreateBookingRequest { Parent = "facilities/hall", Booking = Slot(Saturday, 11) }, f.As($"resident:e{i}")).ResponseAsync))).ToList());
        Tell("after the draw", crowd);
        AssertOnly(crowd, "book", "OK", "FailedPrecondition SLOT_FULL");
        Assert.Equal(left, crowd.Count(o => o.Result == "OK"));
        Assert.Equal(Slots[2].Capacity, await f.WithDbAsync(db => db.Bookings.CountAsync(b => b.FacilityId == "hall" && b.Start == Start(11))));
    }

    private static Instant Start(int hour) => Saturday.At(new LocalTime(hour, 0)).InZoneStrictly(Shanghai).ToInstant();

    private static CreateLotteryApplicationRequest Application(string facility, int hour) => new()
    {
        Parent = "facilities/" + facility,
        LotteryApplication = new CommunityShare.Contracts.V1.LotteryApplication { StartTime = ToTimestamp(Start(hour)), PartySize = 1 },
    };

    private static async Task<Outcome> Call<T>(string kind, Func<Task<T>> call)
    {
        try
        {
            await call();
            return new Outcome(kind, "OK");
        }
        catch (RpcException e)
        {
            return new Outcome(kind, $"{e.StatusCode} {Reason(e)}");
        }
    }

    private static async Task<Outcome> Sweep(ServerFixture f)
    {
        await using var scope = f.Services.CreateAsyncScope();
        var done = await scope.ServiceProvider.GetRequiredService<ReleaseSweep>().RunAsync(CancellationToken.None);
        return new Outcome("sweep", done.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task<List<Outcome>> RunAsync(List<Func<int, Task<Outcome>>> calls)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = calls.Select(async (call, i) =>
        {
            await start.Task;
            return await Task.Run(() => call(i % 8));
        }).ToArray();
        start.SetResult();
        return (await Task.WhenAll(runs)).ToList();
    }

    private void Tell(string wave, List<Outcome> outcomes) => output.WriteLine($"{wave}: " + string.Join(", ",
        outcomes.GroupBy(o => $"{o.Kind} {o.Result}").OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} ×{g.Count()}")));

    private static void AssertOnly(IEnumerable<Outcome> outcomes, string kind, params string[] allowed) =>
        Assert.All(outcomes.Where(o => o.Kind == kind), o => Assert.Contains(o.Result, allowed));
}
