using CommunityShare.Contracts.V1;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using static CommunityShare.Server.Tests.Demo;

namespace CommunityShare.Server.Tests.Bookings;

public sealed class IdempotencyTests : IAsyncLifetime
{
    private static readonly LocalDate Tomorrow = new(2026, 6, 11);
    private readonly ServerFixture _f = new();

    public async Task InitializeAsync()
    {
        await TownAsync(_f);
        await SchoolAsync(_f);
        await FacilityAsync(_f, "gym", OpenDaily("健身房", 50));
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private static CreateBookingRequest Request(string requestId, int hour = 10) =>
        new() { Parent = "facilities/gym", Booking = Slot(Tomorrow, hour), RequestId = requestId };

    [Fact]
    public async Task A_retry_with_the_same_request_id_returns_the_first_booking()
    {
        var client = _f.Bookings();
        var first = await client.CreateBookingAsync(Request("8b1c7a1e-1b7e-4a0e-9a51-6c1f0f3e2d11"));
        var retry = await client.CreateBookingAsync(Request("8b1c7a1e-1b7e-4a0e-9a51-6c1f0f3e2d11"));

        Assert.Equal(first.Name, retry.Name);
        Assert.Equal(first.CheckInCode, retry.CheckInCode);
        Assert.Equal(1, await _f.WithDbAsync(db => db.Bookings.CountAsync()));
    }

    [Fact]
    public async Task Concurrent_retries_of_one_request_make_exactly_one_booking()
    {
        var client = _f.Bookings();
        var results = await Task.WhenAll(Enumerable.Range(0, 25).Select(_ => client.CreateBookingAsync(Request("same-request-id")).ResponseAsync));

        Assert.Single(results.Select(r => r.Name).Distinct());
        Assert.Equal(1, await _f.WithDbAsync(db => db.Bookings.CountAsync()));
    }

    [Fact]
    public async Task The_same_request_id_for_a_different_request_is_refused()
    {
        var client = _f.Bookings();
        await client.CreateBookingAsync(Request("reused"));

        var e = await Assert.ThrowsAsync<RpcException>(() => client.CreateBookingAsync(Request("reused", hour: 11)).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Equal("REQUEST_ID_REUSED", Reason(e));
        Assert.Equal(1, await _f.WithDbAsync(db => db.Bookings.CountAsync()));
    }

    [Fact]
    public async Task Request_ids_belong_to_their_caller()
    {
        var mine = await _f.Bookings("resident:r1").CreateBookingAsync(Request("shared-id"));
        var theirs = await _f.Bookings("resident:r2").CreateBookingAsync(Request("shared-id"));

        Assert.NotEqual(mine.Name, theirs.Name);
    }

    [Fact]
    public async Task A_retried_cancel_returns_the_cancelled_booking_instead_of_failing()
    {
        var client = _f.Bookings();
        var booking = await client.CreateBookingAsync(Request(""));
        var cancel = new CancelBookingRequest { Name = booking.Name, RequestId = "cancel-1" };

        await client.CancelBookingAsync(cancel);
        var again = await client.CancelBookingAsync(cancel);

        Assert.Equal(Booking.Types.State.Cancelled, again.State);
    }

    [Fact]
    public async Task A_rejected_request_records_nothing_so_a_corrected_retry_can_succeed()
    {
        var client = _f.Bookings();
        var tooEarly = new CreateBookingRequest { Parent = "facilities/gym", Booking = Slot(new LocalDate(2026, 6, 20), 10), RequestId = "later" };
        await Assert.ThrowsAsync<RpcException>(() => client.CreateBookingAsync(tooEarly).ResponseAsync);
        Assert.Equal(0, await _f.WithDbAsync(db => db.RecordedRequests.CountAsync()));

        _f.Clock.Reset(Instant.FromUtc(2026, 6, 13, 0, 0));
        Assert.Equal(Booking.Types.State.Confirmed, (await client.CreateBookingAsync(tooEarly)).State);
    }
}
