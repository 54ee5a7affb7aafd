using CommunityShare.Contracts.V1;
using Grpc.Core;

namespace CommunityShare.Bench;

public sealed record UncontendedResult(
    int Workers,
    int Channels,
    int Facilities,
    double Seconds,
    long Bookings,
    double BookingsPerSecond,
    LatencySummary Latency,
    SortedDictionary<string, long> NonOkStatuses,
    long NonOkTotal);

/// <summary>
/// Closed-loop CreateBooking with no contention: every worker is its own resident and walks its
/// own lane of the facility × slot space, so no two requests ever ask for the same slot.
/// Worker <c>w</c> books facility <c>w mod F</c>, slots <c>lane, lane + L, lane + 2L, …</c> where
/// <c>lane = w / F</c> and <c>L</c> is the number of workers sharing that facility.
/// </summary>
public sealed class UncontendedBookings(BenchOptions options, SlotPlan plan, BenchFacility[] facilities)
{
    public async Task<UncontendedResult> RunAsync()
    {
        using var pool = new ClientPool(options.Grpc, options.Channels, options.CallDeadline);
        await pool.ConnectAsync();
        var f = facilities.Length;
        var lanes = (options.Workers + f - 1) / f;
        var residents = Enumerable.Range(0, options.Workers).Select(w => ClientPool.As($"resident:b{w}")).ToArray();

        int SlotOf(int w, int n) => n * lanes + w / f;

        var result = await ClosedLoop.RunAsync(options.Workers, options.Warmup, options.BookingDuration, async (w, n) =>
        {
            var request = new CreateBookingRequest { Parent = facilities[w % f].Name, Booking = plan.Booking(SlotOf(w, n)) };
            try
            {
                var booking = await pool.Bookings(w).CreateBookingAsync(request, pool.Options(residents[w]));
                return booking.State == Booking.Types.State.Confirmed ? null : $"OK:{booking.State}";
            }
            catch (RpcException e)
            {
                return Outcomes.Label(e);
            }
        }, (w, n) => SlotOf(w, n) < SlotPlan.SlotCount);

        var nonOk = result.Failures.Values.Sum();
        return new UncontendedResult(options.Workers, options.Channels, f, Math.Round(result.Seconds, 3), result.Completed,
            Math.Round(result.PerSecond, 1), result.Latency.Summary(), result.Failures, nonOk);
    }
}
