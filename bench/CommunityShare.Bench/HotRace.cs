using System.Diagnostics;
using CommunityShare.Contracts.V1;
using Grpc.Core;

namespace CommunityShare.Bench;

public sealed record HotSlotOutcome(string Facility, int Capacity, int Demand, int Winners, int Expected, int PlacesHeld);

public sealed record RaceResult(
    int Racers,
    int HotSlots,
    int Channels,
    string SlotStart,
    double DrainSeconds,
    double AttemptsPerSecond,
    LatencySummary Latency,
    int Winners,
    int ExpectedWinners,
    int SlotsWithExpectedWinners,
    int SlotFullLosers,
    SortedDictionary<string, long> Errors,
    long ErrorTotal,
    int DoubleBookings,
    IReadOnlyList<HotSlotOutcome> MismatchedSlots);

/// <summary>
/// The "08:00 release": every racer is a different resident, waits at a barrier with its request
/// built, and makes exactly one CreateBooking attempt for the same slot time on one of the hot
/// facilities. Losers must hear FAILED_PRECONDITION / SLOT_FULL. Afterwards the bookings are read
/// back as staff and no slot may hold more places than its capacity.
/// </summary>
public sealed class HotRace(BenchOptions options, SlotPlan plan, BenchFacility[] hot)
{
    /// <summary>08:00 local on the first day of the grid.</summary>
    public const int HotSlot = 32;

    /// <summary>Below Kestrel's default of 100 concurrent streams per connection.</summary>
    private const int RacersPerChannel = 75;

    public async Task<RaceResult> RunAsync()
    {
        var racers = options.Racers;
        var channels = (racers + RacersPerChannel - 1) / RacersPerChannel;
        using var pool = new ClientPool(options.Grpc, channels, options.CallDeadline);
        await WarmAsync(pool);

        var requests = Enumerable.Range(0, racers)
            .Select(r => new CreateBookingRequest { Parent = hot[r % hot.Length].Name, Booking = plan.Booking(HotSlot) })
            .ToArray();
        var headers = Enumerable.Range(0, racers).Select(r => ClientPool.As($"resident:race{r}")).ToArray();
        var sent = new long[racers];
        var replied = new long[racers];
        var outcome = new string?[racers];
        var ready = 0;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        async Task RaceAsync(int r)
        {
            var client = pool.Bookings(r);
            var callOptions = pool.Options(headers[r]);
            Interlocked.Increment(ref ready);
            await gate.Task;
            sent[r] = Stopwatch.GetTimestamp();
            try
            {
                var booking = await client.CreateBookingAsync(requests[r], callOptions);
                outcome[r] = booking.State == Booking.Types.State.Confirmed ? null : $"OK:{booking.State}";
            }
            catch (RpcException e)
            {
                outcome[r] = Outcomes.IsSlotFull(e) ? Outcomes.SlotFull : Outcomes.Label(e);
            }
            replied[r] = Stopwatch.GetTimestamp();
        }

        var tasks = Enumerable.Range(0, racers).Select(r => Task.Run(() => RaceAsync(r))).ToArray();
        var waitUntil = Stopwatch.GetTimestamp() + 10 * Stopwatch.Frequency;
        while (Volatile.Read(ref ready) < racers && Stopwatch.GetTimestamp() < waitUntil)
        {
            await Task.Delay(1);
        }
        gate.SetResult();
        await Task.WhenAll(tasks);

        var first = sent.Min();
        var drain = (replied.Max() - first) / (double)Stopwatch.Frequency;
        var latency = new Latency();
        for (var r = 0; r < racers; r++)
        {
            latency.Record(Stopwatch.GetElapsedTime(sent[r], replied[r]));
        }
        var errors = new StatusTally();
        foreach (var o in outcome.Where(o => o is not null && o != Outcomes.SlotFull))
        {
            errors.Add(o!);
        }

        var slots = await VerifyAsync(pool, outcome);
        var mismatched = slots.Where(s => s.Winners != s.Expected || s.PlacesHeld != s.Winners).ToArray();
        return new RaceResult(
            racers,
            hot.Length,
            channels,
            plan.StartOf(HotSlot).ToString(),
            Math.Round(drain, 4),
            Math.Round(racers / drain, 1),
            latency.Summary(),
            slots.Sum(s => s.Winners),
            slots.Sum(s => s.Expected),
            slots.Count(s => s.Winners == s.Expected),
            outcome.Count(o => o == Outcomes.SlotFull),
            StatusTally.Merge([errors]),
            errors.Total,
            slots.Count(s => s.PlacesHeld > s.Capacity),
            mismatched);
    }

    /// <summary>Opens each channel's connection and sends one call through it, so the race does not pay for that.</summary>
    private static async Task WarmAsync(ClientPool pool)
    {
        await pool.ConnectAsync();
        var headers = ClientPool.As("resident:warm");
        for (var c = 0; c < pool.Count; c++)
        {
            await pool.System(c).PingAsync(new PingRequest(), pool.Options(headers));
        }
    }

    /// <summary>Reads every booking of each hot facility back as staff and sums the places held per slot.</summary>
    private async Task<List<HotSlotOutcome>> VerifyAsync(ClientPool pool, string?[] outcome)
    {
        var staff = ClientPool.As("staff:bench:district=310112");
        var client = pool.Bookings(0);
        var slots = new List<HotSlotOutcome>();
        for (var h = 0; h < hot.Length; h++)
        {
            var facility = hot[h];
            var demand = Enumerable.Range(0, outcome.Length).Count(r => r % hot.Length == h);
            var winners = Enumerable.Range(0, outcome.Length).Count(r => r % hot.Length == h && outcome[r] is null);
            var peak = 0;
            foreach (var group in (await ListAllAsync(client, facility.Name, staff, pool)).GroupBy(b => b.StartTime))
            {
                peak = Math.Max(peak, group.Where(Holds).Sum(b => b.PartySize));
            }
            slots.Add(new HotSlotOutcome(facility.Name, facility.Capacity, demand, winners, Math.Min(facility.Capacity, demand), peak));
        }
        return slots;
    }

    /// <summary>Every booking on the facility, page by page (bounded).</summary>
    private static async Task<List<Booking>> ListAllAsync(BookingService.BookingServiceClient client, string facility, Metadata staff, ClientPool pool)
    {
        var all = new List<Booking>();
        var token = "";
        for (var page = 0; page < 100; page++)
        {
            var response = await client.ListBookingsAsync(new ListBookingsRequest { Parent = facility, PageSize = 500, PageToken = token },
                pool.Options(staff));
            all.AddRange(response.Bookings);
            token = response.NextPageToken;
            if (token.Length == 0)
            {
                return all;
            }
        }
        throw new InvalidOperationException($"{facility} has more bookings than the verifier will page through.");
    }

    private static bool Holds(Booking b) => b.State is Booking.Types.State.PendingApproval or Booking.Types.State.Confirmed
        or Booking.Types.State.CheckedIn or Booking.Types.State.Completed;
}
