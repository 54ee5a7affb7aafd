using CommunityShare.Contracts.V1;
using Google.Rpc;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using static CommunityShare.Server.Tests.Demo;

namespace CommunityShare.Server.Tests.Hardening;

/// <summary>
/// CreateBooking is limited per resident booked for, whoever books. The window is ten minutes, so it cannot reset while a
/// test runs however slow the machine is; the limit is small so the tests stay short.
/// </summary>
public sealed class BookingRateLimitTests
{
    private const int Limit = 3;
    private const int WindowSeconds = 600;
    private static readonly LocalDate Tomorrow = new(2026, 6, 11);

    private static ServerFixture Fixture(bool realPort = false) => new(realPort: realPort, settings: new Dictionary<string, string?>
    {
        ["RateLimits:Bookings:PermitLimit"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RateLimits:Bookings:WindowSeconds"] = WindowSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    private static async Task CatalogueAsync(ServerFixture f)
    {
        await TownAsync(f);
        await SchoolAsync(f);
        await FacilityAsync(f, "gym", OpenDaily("健身房", 50));
    }

    private static CreateBookingRequest Request(int hour) => new() { Parent = "facilities/gym", Booking = Slot(Tomorrow, hour) };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_call_over_the_limit_is_resource_exhausted_with_retry_info_and_books_nothing(bool realPort)
    {
        await using var f = Fixture(realPort);
        await CatalogueAsync(f);
        var client = f.Bookings("resident:r1");
        for (var i = 0; i < Limit; i++)
        {
            await client.CreateBookingAsync(Request(10 + i));
        }

        var e = await Assert.ThrowsAsync<RpcException>(() => client.CreateBookingAsync(Request(16)).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
        Assert.Equal("RATE_LIMITED", Reason(e));
        var status = e.GetRpcStatus();
        Assert.NotNull(status);
        Assert.Equal("bookings", status.GetDetail<ErrorInfo>()!.Metadata["policy"]);
        var retry = status.GetDetail<RetryInfo>();
        Assert.NotNull(retry);
        var delay = retry.RetryDelay.ToTimeSpan();
        Assert.InRange(delay, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(WindowSeconds));
        Assert.Equal(Limit, await f.WithDbAsync(db => db.Bookings.CountAsync()));
    }

    private static CreateBookingRequest ForResident(string resident, int hour) => new()
    {
        Parent = "facilities/gym",
        Booking = new Booking(Slot(Tomorrow, hour))
        {
            Resident = "residents/" + resident,
            ProxyConsent = new ProxyConsent { Method = ProxyConsent.Types.Method.InPerson },
        },
    };

    [Fact]
    public async Task The_limit_is_per_resident_booked_for_and_only_on_creating_bookings()
    {
        await using var f = Fixture();
        await CatalogueAsync(f);
        foreach (var r in new[] { "r1", "r3", "r4", "r5", "r6" })
        {
            await f.AddResidentAsync(r, "310112101001");
        }
        var r1 = f.Bookings("resident:r1");
        for (var i = 0; i < Limit; i++)
        {
            await r1.CreateBookingAsync(Request(10 + i));
        }
        await Rpc.FailsAsync(StatusCode.ResourceExhausted, "RATE_LIMITED", () => r1.CreateBookingAsync(Request(16)));
        // Counter staff cannot book for r1 either: the limit is r1's, whoever books.
        var counter = f.Bookings("staff:counter-1:office=310112101");
        await Rpc.FailsAsync(StatusCode.ResourceExhausted, "RATE_LIMITED", () => counter.CreateBookingAsync(ForResident("r1", 17)));

        // Another resident still books; the clerk books for a queue of residents, more than the limit in all.
        await f.Bookings("resident:r2").CreateBookingAsync(Request(10));
        foreach (var r in new[] { "r3", "r4", "r5", "r6" })
        {
            await counter.CreateBookingAsync(ForResident(r, 11));
        }
        // The limited resident still reads and cancels.
        var mine = await r1.ListBookingsAsync(new ListBookingsRequest { Parent = "facilities/-" });
        Assert.Equal(Limit, mine.Bookings.Count);
        await r1.CancelBookingAsync(new CancelBookingRequest { Name = mine.Bookings[0].Name });
        await r1.GetBookingAsync(new GetBookingRequest { Name = mine.Bookings[0].Name });
    }

    [Fact]
    public async Task A_limit_below_one_stops_the_server_at_start()
    {
        await using var f = new ServerFixture(settings: new Dictionary<string, string?> { ["RateLimits:SignIn:WindowSeconds"] = "0" });

        var e = Assert.ThrowsAny<Exception>(() => f.Server);

        Assert.Contains("RateLimits", e.ToString(), StringComparison.Ordinal);
    }
}
