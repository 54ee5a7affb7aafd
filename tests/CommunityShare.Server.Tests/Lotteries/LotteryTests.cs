using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using CommunityShare.Contracts.V1;
using CommunityShare.Server.Lotteries;
using CommunityShare.Server.Residents;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using static CommunityShare.Server.Tests.Demo;
using ApplicationState = CommunityShare.Contracts.V1.LotteryApplication.Types.State;

namespace CommunityShare.Server.Tests.Lotteries;

/// <summary>
/// Lotteries through the real gRPC door. It is Wednesday 2026-06-10 09:00 in Shanghai. The hall
/// (3 places) is booked by lottery: dates are released 7 days ahead at 08:00, and applications
/// open 3 days before that. For Saturday 2026-06-20 they opened 2026-06-10 08:00 and close
/// 2026-06-13 08:00, when the draw runs; for Sunday 2026-06-21 they open 2026-06-11 08:00.
/// </summary>
public sealed class LotteryTests : IAsyncLifetime
{
    private static readonly LocalDate Saturday = new(2026, 6, 20);
    private static readonly Instant Close = Local(new LocalDate(2026, 6, 13), 8);
    private readonly ServerFixture _f = new();

    public async Task InitializeAsync()
    {
        await TwoTownsAsync(_f);
        var rules = DefaultRules();
        rules.Lottery = new LotteryRules
        {
            Enabled = true,
            ApplicationDays = 3,
            HostAreaWeight = 2,
            SeniorWeight = 1.5,
            SeniorStartTime = new Google.Type.TimeOfDay { Hours = 8 },
            SeniorEndTime = new Google.Type.TimeOfDay { Hours = 12 },
            HouseholdCap = 1,
        };
        await FacilityAsync(_f, "hall", OpenDaily("社区活动室", 3, rules));
        // r1–r6 live in Xinzhuang, where the hall is; q1 in Qibao; old1 is a senior in Xinzhuang.
        for (var i = 1; i <= 6; i++)
        {
            await _f.AddResidentAsync($"r{i}", "310112101001");
        }
        await _f.AddResidentAsync("q1", "310112102001");
        await _f.AddResidentAsync("old1", "310112101001", birthDate: new LocalDate(1955, 3, 1));
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private LotteryService.LotteryServiceClient Lotteries(string actor = "resident:r1") => new(_f.Channel(actor));

    private static Instant Local(LocalDate date, int hour, int minute = 0) => date.At(new LocalTime(hour, minute)).InZoneStrictly(Shanghai).ToInstant();

    private AsyncUnaryCall<LotteryApplication> Apply(string resident, LocalDate? date = null, int hour = 10, int party = 1) =>
        Lotteries("resident:" + resident).CreateLotteryApplicationAsync(new CreateLotteryApplicationRequest
        {
            Parent = "facilities/hall",
            LotteryApplication = new LotteryApplication { StartTime = ToTimestamp(Local(date ?? Saturday, hour)), PartySize = party },
        });

    private async Task<int> SweepAsync(Instant at)
    {
        _f.Clock.Reset(at);
        await using var scope = _f.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ReleaseSweep>().RunAsync(CancellationToken.None);
    }

    private Task<int> SameHouseholdAsync(string household, params string[] residents) => _f.WithDbAsync(async db =>
    {
        foreach (var r in await db.Set<ResidentRecord>().Where(r => residents.Contains(r.Id)).ToListAsync())
        {
            r.HouseholdId = household;
        }
        return await db.SaveChangesAsync();
    });

    [Fact]
    public async Task Applying_in_the_window_fixes_the_weight_and_shows_when_the_draw_runs()
    {
        var mine = await Apply("r1");
        var far = await Apply("q1");
        var senior = await Apply("old1");

        Assert.StartsWith("facilities/hall/lotteryApplications/", mine.Name, StringComparison.Ordinal);
        Assert.Equal(("residents/r1", ApplicationState.Pending), (mine.Resident, mine.State));
        Assert.Equal(ToTimestamp(Local(Saturday, 11)), mine.EndTime);
        Assert.Equal(ToTimestamp(Local(new LocalDate(2026, 6, 10), 8)), mine.OpenTime);
        Assert.Equal(ToTimestamp(Close), mine.CloseTime);
        Assert.Equal(16, mine.Ticket.Length);
        Assert.Equal("", mine.Draw);
        // Weights multiply: host area 2; the senior at 10:00 (in the seniors' hours) 2 × 1.5; Qibao none.
        Assert.Equal(2.0, mine.Weight);
        Assert.Equal(["HOST_AREA"], mine.WeightReasons);
        Assert.Equal(1.0, far.Weight);
        Assert.Empty(far.WeightReasons);
        Assert.Equal(3.0, senior.Weight);
        Assert.Equal(["HOST_AREA", "SENIOR"], senior.WeightReasons.Order(StringComparer.Ordinal));
        // After the seniors' hours, only the host area counts.
        Assert.Equal(2.0, (await Apply("old1", hour: 14)).Weight);
        // Once per resident per slot.
        await Rpc.FailsAsync(StatusCode.FailedPrecondition, "ALREADY_APPLIED", () => Apply("r1"));
    }

    [Fact]
    public async Task The_window_opens_and_closes_at_exact_instants()
    {
        var sunday = Saturday.PlusDays(1);
        var early = await Rpc.FailsAsync(StatusCode.FailedPrecondition, "APPLICATIONS_NOT_OPEN", () => Apply("r1", sunday));
        Assert.Equal(["APPLICATIONS_NOT_OPEN"], RuleReasons(early));

        _f.Clock.Reset(Local(new LocalDate(2026, 6, 11), 7, 59) + Duration.FromSeconds(59));
        await Rpc.FailsAsync(StatusCode.FailedPrecondition, "APPLICATIONS_NOT_OPEN", () => Apply("r1", sunday));
        _f.Clock.Reset(Local(new LocalDate(2026, 6, 11), 8));
        Assert.Equal(ApplicationState.Pending, (await Apply("r1", sunday)).State);

        _f.Clock.Reset(Close - Duration.FromSeconds(1));
        Assert.Equal(ApplicationState.Pending, (await Apply("r2")).State);
        _f.Clock.Reset(Close);
        var late = await Rpc.FailsAsync(StatusCode.FailedPrecondition, "APPLICATIONS_CLOSED", () => Apply("r3"));
        Assert.Equal(["APPLICATIONS_CLOSED"], RuleReasons(late));
    }

    [Fact]
    public async Task A_facility_booked_first_come_first_served_takes_no_applications()
    {
        await Rpc.FailsAsync(StatusCode.FailedPrecondition, "LOTTERY_OFF", () =>
            Lotteries().CreateLotteryApplicationAsync(new CreateLotteryApplicationRequest
            {
                Parent = "facilities/court-x",
                LotteryApplication = new LotteryApplication { StartTime = ToTimestamp(Local(Saturday, 10)), PartySize = 1 },
            }));
    }

    [Fact]
    public async Task A_household_applies_at_most_its_cap_and_every_problem_is_told_at_once()
    {
        await SameHouseholdAsync("hh-1", "r1", "r2");
        await Apply("r1");

        await Rpc.FailsAsync(StatusCode.FailedPrecondition, "HOUSEHOLD_CAP_REACHED", () => Apply("r2"));
        // Another household, another slot: fine.
        await Apply("r3");
        await Apply("r2", hour: 11);
        // Party too large for the hall, and outside opening hours: both reasons.
        var e = await Rpc.FailsAsync(StatusCode.FailedPrecondition, "OUTSIDE_OPENING_HOURS", () => Apply("r4", hour: 23, party: 4));
        Assert.Equal(["OUTSIDE_OPENING_HOURS", "PARTY_TOO_LARGE"], RuleReasons(e).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_withdrawn_application_is_not_drawn_and_cannot_be_withdrawn_after_the_close()
    {
        var gone = await Apply("r1");
        var stays = await Apply("r2");

        var withdrawn = await Lotteries().WithdrawLotteryApplicationAsync(new WithdrawLotteryApplicationRequest { Name = gone.Name });
        Assert.Equal(ApplicationState.Withdrawn, withdrawn.State);
        // Someone else cannot withdraw it for them.
        await Rpc.NotAllowedAsync(() => Lotteries("resident:r3").WithdrawLotteryApplicationAsync(new WithdrawLotteryApplicationRequest { Name = stays.Name }));
        _f.Clock.Reset(Close);
        await Rpc.FailsAsync(StatusCode.FailedPrecondition, "APPLICATIONS_CLOSED", () =>
            Lotteries("resident:r2").WithdrawLotteryApplicationAsync(new WithdrawLotteryApplicationRequest { Name = stays.Name }));
        await SweepAsync(Close);

        Assert.Equal(ApplicationState.Withdrawn, (await Lotteries().GetLotteryApplicationAsync(new GetLotteryApplicationRequest { Name = gone.Name })).State);
        var draw = await Lotteries().GetLotteryDrawAsync(new GetLotteryDrawRequest { Name = (await Lotteries("resident:r2").GetLotteryApplicationAsync(new GetLotteryApplicationRequest { Name = stays.Name })).Draw });
        Assert.Equal(1, draw.Applicants);
        Assert.DoesNotContain(draw.Entries, x => x.Ticket == gone.Ticket);
    }

    [Fact]
    public async Task No_direct_booking_before_the_draw_and_what_it_left_is_first_come_first_served_after()
    {
        await Apply("r1");

        // Before the close the date is not released; between the close and the draw the gate holds.
        await Rpc.FailsAsync(StatusCode.FailedPrecondition, "TOO_FAR_AHEAD", () =>
            _f.Bookings("resident:r5").CreateBookingAsync(new CreateBookingRequest { Parent = "facilities/hall", Booking = Slot(Saturday, 10) }));
        _f.Clock.Reset(Close);
        var pending = await Rpc.FailsAsync(StatusCode.FailedPrecondition, "LOTTERY_DRAW_PENDING", () =>
            _f.Bookings("resident:r5").CreateBookingAsync(new CreateBookingRequest { Parent = "facilities/hall", Booking = Slot(Saturday, 10) }));
        Assert.Equal(["LOTTERY_DRAW_PENDING"], RuleReasons(pending));
        // A slot nobody applied for is released as usual.
        await _f.Bookings("resident:r5").CreateBookingAsync(new CreateBookingRequest { Parent = "facilities/hall", Booking = Slot(Saturday, 15) });

        Assert.Equal(1, await SweepAsync(Close + Duration.FromSeconds(10)));
        await _f.Bookings("resident:r5").CreateBookingAsync(new CreateBookingRequest { Parent = "facilities/hall", Booking = Slot(Saturday, 10) });
        // Once drawn, applications are closed for good.
        await Rpc.FailsAsync(StatusCode.FailedPrecondition, "APPLICATIONS_CLOSED", () => Apply("r6"));
    }

    [Fact]
    public async Task The_draw_allocates_the_places_by_the_published_order_books_winners_in_their_own_name_and_tells_everyone()
    {
        // Seven applicants for three places.
        var applied = new List<LotteryApplication>();
        foreach (var r in new[] { "r1", "r3", "r4", "r5", "r6", "q1", "old1" })
        {
            applied.Add(await Apply(r));
        }

        Assert.Equal(1, await SweepAsync(Close + Duration.FromSeconds(3)));
        Assert.Equal(0, await SweepAsync(Close + Duration.FromSeconds(20))); // nothing twice

        var mine = await Task.WhenAll(applied.Select(a => Lotteries(a.Resident.Replace("residents/", "resident:", StringComparison.Ordinal))
            .GetLotteryApplicationAsync(new GetLotteryApplicationRequest { Name = a.Name }).ResponseAsync));
        var drawName = Assert.Single(mine.Select(a => a.Draw).Distinct());
        // The record is public: anyone can read it, and it names tickets, not people.
        var draw = await new LotteryService.LotteryServiceClient(_f.Channel(null)).GetLotteryDrawAsync(new GetLotteryDrawRequest { Name = drawName });
        Assert.Equal("facilities/hall/lotteryDraws/20260620t0200z", draw.Name);
        Assert.Equal((7, 3, 3, 3, 1), (draw.Applicants, draw.Capacity, draw.Winners, draw.PlacesAllocated, draw.HouseholdCap));
        Assert.Equal("efraimidis-spirakis/sha256/v1", draw.Algorithm);
        Assert.Equal(ToTimestamp(Close), draw.CloseTime);
        Assert.Equal(mine.Select(a => a.Ticket).Order(StringComparer.Ordinal), draw.Entries.Select(e => e.Ticket).Order(StringComparer.Ordinal));

        // Run again from the record alone, as the documentation says.
        var tickets = string.Join(",", draw.Entries.Select(e => e.Ticket).Order(StringComparer.Ordinal));
        var seed = Hex($"communityshare-lottery-v1|facilities/hall|2026-06-20T02:00:00Z|2026-06-13T00:00:00Z|{tickets}");
        Assert.Equal(seed, draw.Seed);
        var rerun = draw.Entries.Select(e => (e.Ticket, Key: Math.Pow(Number(seed, e.Ticket), 1 / e.Weight)))
            .OrderByDescending(x => x.Key).ThenBy(x => x.Ticket, StringComparer.Ordinal).Select(x => x.Ticket);
        Assert.Equal(rerun, draw.Entries.OrderBy(e => e.Rank).Select(e => e.Ticket));
        Assert.All(draw.Entries, e => Assert.Equal(Number(seed, e.Ticket), e.Number, 12));
        // The first three in rank order win (one place each, no household among them twice).
        Assert.Equal(Enumerable.Repeat(ApplicationState.Won, 3).Concat(Enumerable.Repeat(ApplicationState.Lost, 4)),
            draw.Entries.OrderBy(e => e.Rank).Select(e => e.Outcome));
        Assert.All(draw.Entries.Where(e => e.Outcome == ApplicationState.Lost), e => Assert.Equal("SLOT_FULL", Assert.Single(e.Reasons).Reason));

        // Winners hold real-name bookings of their own; losers were told why.
        foreach (var a in mine)
        {
            var entry = Assert.Single(draw.Entries, e => e.Ticket == a.Ticket);
            Assert.Equal((entry.Rank, entry.Outcome), (a.Rank, a.State));
            if (a.State == ApplicationState.Won)
            {
                var booking = await _f.Bookings("staff:admin").GetBookingAsync(new GetBookingRequest { Name = a.Booking });
                Assert.Equal((a.Resident, Booking.Types.State.Confirmed, 1), (booking.Resident, booking.State, booking.PartySize));
            }
            else
            {
                Assert.Equal("", a.Booking);
            }
            var told = (await _f.Notifications().ListOutboxMessagesAsync(new ListOutboxMessagesRequest { Recipient = a.Resident })).OutboxMessages;
            Assert.Equal(a.State == ApplicationState.Won ? "lottery.won" : "lottery.lost", Assert.Single(told).Template);
        }
        Assert.Equal(3, await _f.WithDbAsync(db => db.Bookings.CountAsync(b => b.FacilityId == "hall")));
        // The audit trail has the draw and each application's outcome, by the system.
        var audit = (await new AuditService.AuditServiceClient(_f.Channel()).ListAuditEntriesAsync(new ListAuditEntriesRequest { Resource = "facilities/hall", PageSize = 100 })).AuditEntries;
        Assert.Contains(audit, e => e.Action == "lottery_draw.create" && e.Resource == drawName && e.Actor == "system");
        Assert.Equal(7, audit.Count(e => e.Action == "lottery_application.update" && e.Actor == "system"));
    }

    [Fact]
    public async Task A_household_wins_at_most_its_cap_in_a_draw()
    {
        // r1 and r2 applied alone and joined one household before the close: one of them can win.
        await Apply("r1");
        await Apply("r2");
        await Apply("r3");
        await SameHouseholdAsync("hh-1", "r1", "r2");

        await SweepAsync(Close);

        var applications = (await Lotteries("staff:admin").ListLotteryApplicationsAsync(new ListLotteryApplicationsRequest { Parent = "facilities/hall" }))
            .LotteryApplications;
        Assert.Equal(ApplicationState.Won, Assert.Single(applications, a => a.Resident == "residents/r3").State);
        var household = applications.Where(a => a.Resident != "residents/r3").OrderBy(a => a.Rank).ToArray();
        Assert.Equal([ApplicationState.Won, ApplicationState.Lost], household.Select(a => a.State));
        Assert.Equal("HOUSEHOLD_CAP_REACHED", Assert.Single(household[1].Outcome).Reason);
        var draw = await Lotteries().GetLotteryDrawAsync(new GetLotteryDrawRequest { Name = household[0].Draw });
        // The record shows the two shared a household, under a label that means nothing outside this draw.
        var labels = draw.Entries.Where(e => household.Any(h => h.Ticket == e.Ticket)).Select(e => e.Household).Distinct().ToArray();
        Assert.Equal(8, Assert.Single(labels).Length);
        Assert.Equal("", Assert.Single(draw.Entries, e => e.Outcome == ApplicationState.Won && household.All(h => h.Ticket != e.Ticket)).Household);
        Assert.Equal((2, 2), (draw.Winners, draw.PlacesAllocated));
    }

    private static string Hex(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();

    private static double Number(string seed, string ticket)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}|{ticket}"));
        return ((BinaryPrimitives.ReadUInt64BigEndian(hash) >> 11) + 0.5) / (1UL << 53);
    }
}
