using System.Collections.Concurrent;
using CommunityShare.Contracts.V1;
using CommunityShare.Domain.Bookings;
using CommunityShare.Server.Bookings;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using static CommunityShare.Server.Tests.Demo;
using DomainBooking = CommunityShare.Domain.Bookings.Booking;
using ProtoWaitlistEntry = CommunityShare.Contracts.V1.WaitlistEntry;
using WaitlistEntry = CommunityShare.Domain.Bookings.WaitlistEntry;

namespace CommunityShare.Server.Tests.Bookings;

/// <summary>
/// The waitlist under fire, through the real gRPC server on a real port. Full slots with residents
/// in line; then at once: the holders cancel, residents in line leave it, others take or turn down
/// their offers, offers lapse while sweeps run side by side, and a crowd tries to book the same slots
/// directly. After every wave the database must show no slot holding more than its places (offers
/// included), every offer held by exactly one booking of its own, no place lost, and no direct booking
/// of a place that someone in line was owed. Without the guard (the test-only switch) the same race
/// breaks it, so the test has teeth.
/// </summary>
public sealed class WaitlistRaceTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly LocalDate Tomorrow = new(2026, 6, 11);

    private static readonly string[] Courts = ["court-1", "court-2", "court-3", "court-4"];

    private const int GymPlaces = 10;

    /// <summary>What came back from a call: OK, or the status and reason.</summary>
    private sealed record Outcome(string Kind, string Who, string Result);

    [Fact]
    public async Task With_the_guard_a_freed_place_goes_to_exactly_one_resident_in_line_and_no_slot_is_ever_overfilled()
    {
        await using var f = new ServerFixture(realPort: true);
        await SetUpAsync(f);
        var race = new Race(f, round: 0);
        await race.FillAndQueueAsync(withRecords: true);

        // Wave 1: 16 cancellations, 8 residents leaving the line, 140 direct bookings, all at once.
        var wave1 = await race.CancelWithdrawAndBookAsync();
        Assert.Equal(164, wave1.Count);
        Tell("wave 1", wave1);
        AssertOnly(wave1, "cancel", "OK");
        AssertOnly(wave1, "withdraw", "OK");
        AssertOnly(wave1, "book", "OK", "FailedPrecondition SLOT_FULL", "FailedPrecondition RELATED_FACILITY_BOOKED");
        Assert.Empty(await ViolationsAsync(f));
        // Every freed place of the courts and the gym went to the line, once: one holder per court, the gym full again.
        var holders = await HoldersAsync(f, race.Hour);
        Assert.All(Courts, c => Assert.Equal((1, 1), (holders[c].Total, holders[c].Offers)));
        Assert.Equal((GymPlaces, GymPlaces), holders["gym"]);
        Assert.DoesNotContain(wave1, o => o.Kind == "book" && o.Result == "OK" && !o.Who.Contains("hall", StringComparison.Ordinal));
        var offered = await OfferedAsync(f);
        Assert.Equal(Courts.Length + GymPlaces + 1, offered.Count); // the east half went to its line too
        Assert.True(await OffersToldAsync(f) >= offered.Count, "Every offer is told by text.");

        // Wave 2: half the offers taken, a quarter turned down (their places move on), the rest left to lapse;
        // more direct bookings and new residents joining the lines meanwhile.
        var (wave2, ignored) = await race.AnswerOffersAsync(offered);
        Tell("wave 2", wave2);
        AssertOnly(wave2, "accept", "OK");
        AssertOnly(wave2, "withdraw", "OK");
        AssertOnly(wave2, "join", "OK");
        AssertOnly(wave2, "book", "FailedPrecondition SLOT_FULL", "FailedPrecondition RELATED_FACILITY_BOOKED");
        Assert.Empty(await ViolationsAsync(f));

        // Wave 3: the deadline passes; three sweeps run at once with late answers and more direct bookings.
        f.Clock.Advance(Duration.FromMinutes(31));
        var wave3 = await race.SweepWhileAnsweringLateAsync(ignored);
        Tell("wave 3", wave3);
        AssertOnly(wave3, "accept", "FailedPrecondition OFFER_EXPIRED", "FailedPrecondition STATE_DOES_NOT_ALLOW");
        AssertOnly(wave3, "book", "FailedPrecondition SLOT_FULL", "FailedPrecondition RELATED_FACILITY_BOOKED");
        Assert.Empty(await ViolationsAsync(f));
        Assert.All(await EntriesAsync(f, ignored), e => Assert.Equal(WaitlistEntryState.Expired, e.State));

        // Wave 4: every offer standing now is taken, all at once.
        var wave4 = await race.AcceptAllAsync(await OfferedAsync(f));
        Tell("wave 4", wave4);
        AssertOnly(wave4, "accept", "OK");
        Assert.Empty(await ViolationsAsync(f));
        holders = await HoldersAsync(f, race.Hour);
        Assert.All(Courts, c => Assert.Equal((1, 0), holders[c]));
        Assert.Equal((GymPlaces, 0), holders["gym"]);
    }

    [Fact]
    public async Task Without_the_guard_the_same_race_overfills_a_slot_or_offers_a_place_twice()
    {
        await using var f = new ServerFixture(realPort: true, unguarded: true);
        await SetUpAsync(f);

        var violations = new List<string>();
        for (var round = 0; round < 6 && !violations.Any(v => v.Contains("waitlist", StringComparison.Ordinal) || v.Contains("offer", StringComparison.Ordinal)); round++)
        {
            var race = new Race(f, round);
            await race.FillAndQueueAsync(withRecords: false);
            await race.CancelWithdrawAndBookAsync();
            violations.AddRange(await ViolationsAsync(f));
            await race.AnswerOffersAsync(await OfferedAsync(f));
            violations.AddRange(await ViolationsAsync(f));
        }

        var waitlists = violations.Where(v => v.Contains("waitlist", StringComparison.Ordinal) || v.Contains("offer", StringComparison.Ordinal)).ToList();
        output.WriteLine($"without the guard: {violations.Count} violations, {waitlists.Count} of them the waitlist's, e.g. {string.Join("; ", waitlists.Distinct().Take(5))}");
        // Not only the direct bookings overfill: the offers themselves take places that are gone.
        Assert.NotEmpty(waitlists);
    }

    private void Tell(string wave, List<Outcome> outcomes) => output.WriteLine($"{wave}: " + string.Join(", ",
        outcomes.GroupBy(o => $"{o.Kind} {o.Result}").OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} ×{g.Count()}")));

    private static void AssertOnly(IEnumerable<Outcome> outcomes, string kind, params string[] allowed) =>
        Assert.All(outcomes.Where(o => o.Kind == kind), o => Assert.Contains(o.Result, allowed));

    private static async Task SetUpAsync(ServerFixture f)
    {
        await TownAsync(f);
        await SchoolAsync(f);
        foreach (var court in Courts)
        {
            await FacilityAsync(f, court, OpenDaily(court, 1));
        }
        await FacilityAsync(f, "gym", OpenDaily("gym", GymPlaces));
        await FacilityAsync(f, "hall", OpenDaily("hall", 1));
        foreach (var part in new[] { "hall-east", "hall-west" })
        {
            var facility = OpenDaily(part, 1);
            facility.ParentFacility = "facilities/hall";
            await FacilityAsync(f, part, facility);
        }
    }

    /// <summary>One round of the race on its own slots (tomorrow at 10:00 + 2 h × round).</summary>
    private sealed class Race(ServerFixture f, int round)
    {
        private readonly BookingService.BookingServiceClient[] _bookings = Clients(f, c => new BookingService.BookingServiceClient(c));
        private readonly WaitlistService.WaitlistServiceClient[] _waitlists = Clients(f, c => new WaitlistService.WaitlistServiceClient(c));
        private readonly List<(string Resident, string Booking)> _holders = [];
        private readonly Dictionary<string, List<ProtoWaitlistEntry>> _lines = [];
        private int _serial;

        public int Hour { get; } = 10 + round * 2;

        private string Resident(string role) => $"r{round}-{role}-{Interlocked.Increment(ref _serial)}";

        private static T[] Clients<T>(ServerFixture f, Func<global::Grpc.Net.Client.GrpcChannel, T> make) =>
            Enumerable.Range(0, 8).Select(_ => make(f.Channel(null))).ToArray();

        /// <summary>Every slot booked full; 8 residents in line for each court, 25 for the gym, 5 for the whole hall and 5 for its east half.</summary>
        public async Task FillAndQueueAsync(bool withRecords)
        {
            var fills = Courts.Select(c => (c, 1)).Append(("gym", GymPlaces)).Append(("hall-east", 1)).Append(("hall-west", 1));
            foreach (var (facility, places) in fills)
            {
                for (var i = 0; i < places; i++)
                {
                    var holder = Resident("holder");
                    var booking = await _bookings[0].CreateBookingAsync(new CreateBookingRequest { Parent = "facilities/" + facility, Booking = Slot(Tomorrow, Hour) },
                        f.As("resident:" + holder));
                    _holders.Add((holder, booking.Name));
                }
            }
            var lines = Courts.Select(c => (c, 8)).Append(("gym", 25)).Append(("hall", 5)).Append(("hall-east", 5));
            foreach (var (facility, waiting) in lines)
            {
                _lines[facility] = [];
                for (var i = 0; i < waiting; i++)
                {
                    var resident = Resident("waiter");
                    if (withRecords)
                    {
                        await f.AddResidentAsync(resident, "310112101001");
                    }
                    _lines[facility].Add(await _waitlists[0].JoinWaitlistAsync(Join(facility), f.As("resident:" + resident)));
                    // The line goes by join time.
                    f.Clock.Advance(Duration.FromMilliseconds(10));
                }
            }
        }

        public Task<List<Outcome>> CancelWithdrawAndBookAsync()
        {
            var calls = new List<Func<int, Task<Outcome>>>();
            calls.AddRange(_holders.Select(h => Call("cancel", h.Resident, i =>
                _bookings[i].CancelBookingAsync(new CancelBookingRequest { Name = h.Booking }, f.As("resident:" + h.Resident)).ResponseAsync)));
            // The first two in line for each court leave it while their place may be offered to them.
            foreach (var court in Courts)
            {
                calls.AddRange(_lines[court].Take(2).Select(e => Withdraw(e)));
            }
            calls.AddRange(Bookers(courtEach: 20, gym: 30, hallEach: 10));
            return RunAsync(calls);
        }

        /// <summary>Offers 0, 1 of each 4 are taken, 2 turned down, 3 left alone (returned); meanwhile more bookings and joins.</summary>
        public async Task<(List<Outcome> Outcomes, List<string> Ignored)> AnswerOffersAsync(List<WaitlistEntry> offered)
        {
            var calls = new List<Func<int, Task<Outcome>>>();
            var ignored = new List<string>();
            for (var i = 0; i < offered.Count; i++)
            {
                var entry = offered[i];
                var name = $"facilities/{entry.FacilityId}/waitlistEntries/{entry.Id}";
                switch (i % 4)
                {
                    case 0 or 1:
                        calls.Add(Call("accept", entry.ResidentId, c => _waitlists[c].AcceptWaitlistOfferAsync(new AcceptWaitlistOfferRequest { Name = name },
                            f.As("resident:" + entry.ResidentId)).ResponseAsync));
                        break;
                    case 2:
                        calls.Add(Call("withdraw", entry.ResidentId, c => _waitlists[c].WithdrawWaitlistEntryAsync(new WithdrawWaitlistEntryRequest { Name = name },
                            f.As("resident:" + entry.ResidentId)).ResponseAsync));
                        break;
                    default:
                        ignored.Add(entry.Id);
                        break;
                }
            }
            calls.AddRange(Bookers(courtEach: 10, gym: 20, hallEach: 0));
            foreach (var court in Courts)
            {
                for (var i = 0; i < 3; i++)
                {
                    var resident = Resident("joiner");
                    calls.Add(Call("join", resident, c => _waitlists[c].JoinWaitlistAsync(Join(court), f.As("resident:" + resident)).ResponseAsync));
                }
            }
            return (await RunAsync(calls), ignored);
        }

        public async Task<List<Outcome>> SweepWhileAnsweringLateAsync(List<string> ignored)
        {
            var calls = new List<Func<int, Task<Outcome>>>();
            var late = await EntriesAsync(f, ignored);
            calls.AddRange(late.Select(e => Call("accept", e.ResidentId, c => _waitlists[c].AcceptWaitlistOfferAsync(new AcceptWaitlistOfferRequest
            {
                Name = $"facilities/{e.FacilityId}/waitlistEntries/{e.Id}",
            }, f.As("resident:" + e.ResidentId)).ResponseAsync)));
            for (var i = 0; i < 3; i++)
            {
                calls.Add(async _ =>
                {
                    await using var scope = f.Services.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<WaitlistSweep>().RunAsync(CancellationToken.None);
                    return new Outcome("sweep", "system", "OK");
                });
            }
            calls.AddRange(Bookers(courtEach: 10, gym: 20, hallEach: 0));
            return await RunAsync(calls);
        }

        public Task<List<Outcome>> AcceptAllAsync(List<WaitlistEntry> offered) => RunAsync(offered.Select(e => Call("accept", e.ResidentId, c =>
            _waitlists[c].AcceptWaitlistOfferAsync(new AcceptWaitlistOfferRequest { Name = $"facilities/{e.FacilityId}/waitlistEntries/{e.Id}" },
                f.As("resident:" + e.ResidentId)).ResponseAsync)).ToList());

        private Func<int, Task<Outcome>> Withdraw(ProtoWaitlistEntry entry)
        {
            var resident = entry.Resident["residents/".Length..];
            return Call("withdraw", resident, c => _waitlists[c].WithdrawWaitlistEntryAsync(new WithdrawWaitlistEntryRequest { Name = entry.Name },
                f.As("resident:" + resident)).ResponseAsync);
        }

        private IEnumerable<Func<int, Task<Outcome>>> Bookers(int courtEach, int gym, int hallEach)
        {
            var targets = Courts.SelectMany(c => Enumerable.Repeat(c, courtEach)).Concat(Enumerable.Repeat("gym", gym))
                .Concat(new[] { "hall", "hall-east", "hall-west" }.SelectMany(h => Enumerable.Repeat(h, hallEach)));
            foreach (var facility in targets)
            {
                var resident = Resident("booker-" + facility);
                yield return Call("book", resident, c => _bookings[c].CreateBookingAsync(new CreateBookingRequest
                {
                    Parent = "facilities/" + facility,
                    Booking = Slot(Tomorrow, Hour),
                }, f.As("resident:" + resident)).ResponseAsync);
            }
        }

        private JoinWaitlistRequest Join(string facility)
        {
            var slot = Slot(Tomorrow, Hour);
            return new JoinWaitlistRequest
            {
                Parent = "facilities/" + facility,
                WaitlistEntry = new ProtoWaitlistEntry { StartTime = slot.StartTime, EndTime = slot.EndTime, PartySize = 1 },
            };
        }

        private static Func<int, Task<Outcome>> Call<T>(string kind, string who, Func<int, Task<T>> call) => async client =>
        {
            try
            {
                await call(client);
                return new Outcome(kind, who, "OK");
            }
            catch (RpcException e)
            {
                return new Outcome(kind, who, $"{e.StatusCode} {Reason(e)}");
            }
        };

        /// <summary>Starts every call at the same moment, spread over the clients, and waits for all.</summary>
        private async Task<List<Outcome>> RunAsync(List<Func<int, Task<Outcome>>> calls)
        {
            // Warm every connection so that the race measures the writes, not connection setup.
            await Task.WhenAll(_bookings.Select(c => Assert.ThrowsAsync<RpcException>(() => c.GetBookingAsync(new GetBookingRequest()).ResponseAsync)));
            await Task.WhenAll(_waitlists.Select(c => Assert.ThrowsAsync<RpcException>(() => c.GetWaitlistEntryAsync(new GetWaitlistEntryRequest()).ResponseAsync)));
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var runs = calls.Select(async (call, i) =>
            {
                await start.Task;
                return await call(i % 8);
            }).ToArray();
            start.SetResult();
            return (await Task.WhenAll(runs)).ToList();
        }
    }

    /// <summary>Places held (offers included) and offers among them, per facility, in the round's slot.</summary>
    private static Task<Dictionary<string, (int Total, int Offers)>> HoldersAsync(ServerFixture f, int hour) => f.WithDbAsync(async db =>
    {
        var start = Tomorrow.At(new LocalTime(hour, 0)).InZoneStrictly(Shanghai).ToInstant();
        var held = await db.Bookings.AsNoTracking().Where(b => b.Start == start && DomainBooking.HoldingStates.Contains(b.State))
            .Select(b => new { b.FacilityId, b.State, b.PartySize }).ToListAsync();
        return held.GroupBy(b => b.FacilityId)
            .ToDictionary(g => g.Key, g => (g.Sum(b => b.PartySize), g.Count(b => b.State == BookingState.Offered)));
    });

    private static Task<List<WaitlistEntry>> OfferedAsync(ServerFixture f) => f.WithDbAsync(db =>
        db.WaitlistEntries.AsNoTracking().Where(w => w.State == WaitlistEntryState.Offered).OrderBy(w => w.Id).ToListAsync());

    private static Task<List<WaitlistEntry>> EntriesAsync(ServerFixture f, IReadOnlyCollection<string> ids) => f.WithDbAsync(db =>
        db.WaitlistEntries.AsNoTracking().Where(w => ids.Contains(w.Id)).ToListAsync());

    private static Task<int> OffersToldAsync(ServerFixture f) => f.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Template == WaitlistOffers.OfferTemplate));

    /// <summary>
    /// Everything the database holds that the waitlist must never allow: more places held than a
    /// facility has at any moment (offers included), a whole and a part held at once, an offer without
    /// exactly one held booking of its own (or a held booking no offer stands behind), an accepted
    /// offer without its booking, a resident holding the same time twice.
    /// </summary>
    private static Task<List<string>> ViolationsAsync(ServerFixture f) => f.WithDbAsync(async db =>
    {
        var facilities = await db.Facilities.AsNoTracking().ToDictionaryAsync(x => x.Id);
        var holding = await db.Bookings.AsNoTracking().Where(b => DomainBooking.HoldingStates.Contains(b.State)).ToListAsync();
        var entries = await db.WaitlistEntries.AsNoTracking().ToListAsync();
        var problems = new List<string>();
        // Bookings that are, or came from, a waitlist offer: a problem they are part of is the waitlist's.
        var fromLine = entries.Where(e => e.BookingId.Length > 0).Select(e => e.BookingId).ToHashSet();
        foreach (var booking in holding)
        {
            var facility = facilities[booking.FacilityId];
            var same = holding.Where(o => o.FacilityId == booking.FacilityId).ToList();
            if (Admission.PeakPlaces(same.Select(o => new Occupant(o.FacilityId, o.Slot, facility.IsExclusive ? 1 : o.PartySize)), booking.Slot) > facility.Capacity)
            {
                var offered = same.Count(o => fromLine.Contains(o.Id) && Admission.Overlaps(o.Slot, booking.Slot));
                problems.Add($"{booking.FacilityId} over capacity at {booking.Start}{(offered > 0 ? $" (waitlist: {offered} offers among the holders)" : "")}");
            }
            problems.AddRange(holding.Where(o => o.FacilityId != booking.FacilityId
                                                 && (facilities[o.FacilityId].ParentFacilityId == booking.FacilityId || facility.ParentFacilityId == o.FacilityId)
                                                 && Admission.Overlaps(o.Slot, booking.Slot))
                .Select(o => $"{booking.FacilityId} and {o.FacilityId} both held at {booking.Start}"));
            if (holding.Count(o => o.ResidentId == booking.ResidentId && Admission.Overlaps(o.Slot, booking.Slot)) > 1)
            {
                problems.Add($"{booking.ResidentId} holds {booking.Start} twice");
            }
        }
        var offers = entries.Where(e => e.State == WaitlistEntryState.Offered).ToList();
        var holds = holding.Where(b => b.State == BookingState.Offered).ToDictionary(b => b.Id);
        foreach (var offer in offers)
        {
            if (!holds.TryGetValue(offer.BookingId, out var hold) || hold.ResidentId != offer.ResidentId || hold.Slot != offer.Slot)
            {
                problems.Add($"offer {offer.Id} holds no place of its own");
            }
        }
        problems.AddRange(offers.GroupBy(o => o.BookingId).Where(g => g.Count() > 1).Select(g => $"{g.Count()} offers share the hold {g.Key}"));
        problems.AddRange(holds.Keys.Except(offers.Select(o => o.BookingId)).Select(id => $"hold {id} has no offer behind it"));
        foreach (var accepted in entries.Where(e => e.State == WaitlistEntryState.Accepted))
        {
            if (!holding.Any(b => b.Id == accepted.BookingId && b.State is BookingState.Confirmed or BookingState.PendingApproval))
            {
                problems.Add($"accepted {accepted.Id} has no booking");
            }
        }
        return problems;
    });
}
