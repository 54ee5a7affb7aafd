using CommunityShare.Contracts.V1;
using Grpc.Core;

namespace CommunityShare.Bench;

public sealed record PacedResult(
    double RateFractionOfUncontended,
    OpenLoopResult Bookings,
    OpenLoopResult PingAtSameRate,
    double BookingP99OverPingP99SameRate,
    double BookingP99OverCeilingPingP99);

/// <summary>
/// Booking latency at half the measured uncontended maximum, open loop, on fresh slots of their
/// own facilities; then Ping at the same offered rate, for the ratio of the two p99s.
/// Request <c>i</c> books facility <c>i mod F</c>, slot <c>i / F</c>.
/// </summary>
public sealed class PacedLatency(BenchOptions options, SlotPlan plan, BenchFacility[] facilities)
{
    public const double Fraction = 0.5;

    private const int Residents = 64;

    public async Task<PacedResult> RunAsync(double uncontendedPerSecond, RpcCeiling ceiling)
    {
        var rate = Math.Max(1, uncontendedPerSecond * Fraction);
        using var pool = new ClientPool(options.Grpc, options.Channels, options.CallDeadline);
        await pool.ConnectAsync();
        var residents = Enumerable.Range(0, Residents).Select(r => ClientPool.As($"resident:p{r}")).ToArray();
        var f = facilities.Length;
        var maxRequests = (long)f * SlotPlan.SlotCount;
        if (rate * options.PacedDuration.TotalSeconds > maxRequests)
        {
            throw new InvalidOperationException("Not enough fresh slots for the paced phase.");
        }

        var bookings = await OpenLoop.RunAsync(rate, options.PacedDuration, async i =>
        {
            var request = new CreateBookingRequest { Parent = facilities[i % f].Name, Booking = plan.Booking(i / f) };
            try
            {
                var booking = await pool.Bookings(i).CreateBookingAsync(request, pool.Options(residents[i % Residents]));
                return booking.State == Booking.Types.State.Confirmed ? null : $"OK:{booking.State}";
            }
            catch (RpcException e)
            {
                return Outcomes.Label(e);
            }
        });

        var ping = new PingRequest();
        var pings = await OpenLoop.RunAsync(rate, options.PingDuration, async i =>
        {
            try
            {
                await pool.System(i).PingAsync(ping, pool.Options(residents[i % Residents]));
                return null;
            }
            catch (RpcException e)
            {
                return e.StatusCode.ToString();
            }
        });

        return new PacedResult(
            Fraction,
            bookings,
            pings,
            Ratio(bookings.Latency.P99Ms, pings.Latency.P99Ms),
            Ratio(bookings.Latency.P99Ms, ceiling.Latency.P99Ms));
    }

    private static double Ratio(double a, double b) => b > 0 ? Math.Round(a / b, 2) : 0;
}
