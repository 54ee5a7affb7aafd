using CommunityShare.Contracts.V1;
using CommunityShare.Domain.Bookings;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using static CommunityShare.Server.Tests.Demo;
using ProtoBooking = CommunityShare.Contracts.V1.Booking;

namespace CommunityShare.Server.Tests.Bookings;

/// <summary>
/// Hundreds of residents race for a few hot slots through the real gRPC server on a real port.
/// With the guard, every slot ends with exactly min(places, demand) bookings and nothing overlaps;
/// without it (the test-only switch), the same race breaks the invariant — so the race has teeth.
/// </summary>
public sealed class BookingRaceTests
{
    private static readonly LocalDate Tomorrow = new(2026, 6, 11);

    private sealed record Racer(string Facility, int Hour, int Hours, int PartySize);

    private sealed record Outcome(Racer Racer, ProtoBooking? Booking, RpcException? Error);

    [Fact]
    public async Task With_the_guard_every_hot_slot_gets_exactly_its_places_and_nothing_overlaps()
    {
        await using var f = new ServerFixture(realPort: true);
        await SetUpAsync(f);

        var outcomes = await RaceAsync(f, Racers(round: 0));

        Assert.True(outcomes.Count >= 200);
        Assert.All(outcomes.Where(o => o.Error is not null), o =>
        {
            Assert.Equal(StatusCode.FailedPrecondition, o.Error!.StatusCode);
            Assert.Contains(Reason(o.Error), new[] { "SLOT_FULL", "RELATED_FACILITY_BOOKED" });
        });
        Assert.Empty(await ViolationsAsync(f));
        var winners = outcomes.Where(o => o.Booking is not null).GroupBy(o => o.Racer.Facility).ToDictionary(g => g.Key, g => g.Count());
        foreach (var court in new[] { "court-1", "court-2", "court-3" })
        {
            Assert.Equal(1, winners[court]);
        }
        Assert.Equal(5, winners["gym"]);
        // The whole, or both halves: never both, never neither.
        var hall = winners.GetValueOrDefault("hall");
        Assert.True(hall == 1 ? !winners.ContainsKey("hall-east") && !winners.ContainsKey("hall-west")
            : winners["hall-east"] == 1 && winners["hall-west"] == 1);
        // Overlapping ranges on one court: 10-12 is covered exactly once, by one or two bookings.
        var bookedHours = outcomes.Where(o => o.Booking is not null && o.Racer.Facility == "pitch").Sum(o => o.Racer.Hours);
        Assert.Equal(2, bookedHours);
    }

    [Fact]
    public async Task Without_the_guard_the_same_race_double_books()
    {
        await using var f = new ServerFixture(realPort: true, unguarded: true);
        await SetUpAsync(f);

        var violations = new List<string>();
        for (var round = 0; round < 6 && violations.Count == 0; round++)
        {
            await RaceAsync(f, Racers(round));
            violations.AddRange(await ViolationsAsync(f));
        }

        Assert.NotEmpty(violations);
    }

    private static async Task SetUpAsync(ServerFixture f)
    {
        await TownAsync(f);
        await SchoolAsync(f);
        foreach (var court in new[] { "court-1", "court-2", "court-3", "pitch" })
        {
            await FacilityAsync(f, court, OpenDaily(court, 1));
        }
        await FacilityAsync(f, "gym", OpenDaily("gym", 5));
        await FacilityAsync(f, "hall", OpenDaily("hall", 1));
        foreach (var part in new[] { "hall-east", "hall-west" })
        {
            var facility = OpenDaily(part, 1);
            facility.ParentFacility = "facilities/hall";
            await FacilityAsync(f, part, facility);
        }
    }

    /// <summary>280 racers: 40 on each of three courts, 60 on five gym places, 60 on a hall and its halves, 40 overlapping on the pitch.</summary>
    private static List<Racer> Racers(int round)
    {
        var hour = 8 + round * 2;
        var racers = new List<Racer>();
        foreach (var court in new[] { "court-1", "court-2", "court-3" })
        {
            racers.AddRange(Enumerable.Repeat(new Racer(court, hour, 1, 1), 40));
        }
        racers.AddRange(Enumerable.Repeat(new Racer("gym", hour, 1, 1), 60));
        foreach (var part in new[] { "hall", "hall-east", "hall-west" })
        {
            racers.AddRange(Enumerable.Repeat(new Racer(part, hour, 1, 1), 20));
        }
        for (var i = 0; i < 40; i++)
        {
            racers.Add(i % 3 == 0 ? new Racer("pitch", hour, 2, 1) : new Racer("pitch", hour + i % 3 - 1, 1, 1));
        }
        return racers;
    }

    private static async Task<List<Outcome>> RaceAsync(ServerFixture f, List<Racer> racers)
    {
        var clients = Enumerable.Range(0, 8).Select(_ => new BookingService.BookingServiceClient(f.Channel(null))).ToArray();
        // Warm every connection so that the race measures bookings, not connection setup.
        await Task.WhenAll(clients.Select(c => Assert.ThrowsAsync<RpcException>(() => c.GetBookingAsync(new GetBookingRequest()).ResponseAsync)));

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = racers.Select(async (racer, i) =>
        {
            await start.Task;
            var headers = f.As($"resident:racer-{i}");
            try
            {
                var booking = await clients[i % clients.Length].CreateBookingAsync(new CreateBookingRequest
                {
                    Parent = $"facilities/{racer.Facility}",
                    Booking = Slot(Tomorrow, racer.Hour, racer.Hours, racer.PartySize),
                }, headers, DateTime.UtcNow.AddSeconds(60));
                return new Outcome(racer, booking, null);
            }
            catch (RpcException e)
            {
                return new Outcome(racer, null, e);
            }
        }).ToArray();
        start.SetResult();
        return (await Task.WhenAll(runs)).ToList();
    }

    /// <summary>Every overlap the database holds: more places than capacity at any moment, or a whole and a part at once.</summary>
    private static Task<List<string>> ViolationsAsync(ServerFixture f) => f.WithDbAsync(async db =>
    {
        var facilities = await db.Facilities.AsNoTracking().ToDictionaryAsync(x => x.Id);
        var holding = await db.Bookings.AsNoTracking().Where(b => CommunityShare.Domain.Bookings.Booking.HoldingStates.Contains(b.State)).ToListAsync();
        var problems = new List<string>();
        foreach (var booking in holding)
        {
            var facility = facilities[booking.FacilityId];
            var sameFacility = holding.Where(o => o.FacilityId == booking.FacilityId)
                .Select(o => new Occupant(o.FacilityId, o.Slot, facility.IsExclusive ? 1 : o.PartySize));
            if (Admission.PeakPlaces(sameFacility, booking.Slot) > facility.Capacity)
            {
                problems.Add($"{booking.FacilityId} over capacity at {booking.Start}");
            }
            var related = holding.Where(o => o.FacilityId != booking.FacilityId
                                             && (facilities[o.FacilityId].ParentFacilityId == booking.FacilityId
                                                 || facility.ParentFacilityId == o.FacilityId)
                                             && Admission.Overlaps(o.Slot, booking.Slot));
            problems.AddRange(related.Select(o => $"{booking.FacilityId} and {o.FacilityId} both booked at {booking.Start}"));
        }
        return problems;
    });
}
