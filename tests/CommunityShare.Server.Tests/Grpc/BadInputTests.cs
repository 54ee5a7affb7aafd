using System.Net.Http.Headers;
using CommunityShare.Contracts.V1;
using Grpc.Core;
using static CommunityShare.Server.Tests.Demo;

namespace CommunityShare.Server.Tests.Grpc;

/// <summary>Whatever a client sends, the answer is a specific status, never INTERNAL or UNKNOWN.</summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private readonly ServerFixture _f = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _f.DisposeAsync();

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF })] // truncated varint
    [InlineData(new byte[] { 0x0A, 0x50, 0x41 })] // field 1 claims 80 bytes, has 1
    [InlineData(new byte[] { 0x07 })] // wire type 7 does not exist
    public async Task A_garbage_protobuf_message_is_invalid_argument(byte[] payload)
    {
        using var client = new HttpClient(_f.Server.CreateHandler()) { BaseAddress = _f.Server.BaseAddress };
        var frame = new byte[5 + payload.Length];
        frame[4] = (byte)payload.Length;
        payload.CopyTo(frame, 5);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/communityshare.v1.BookingService/CreateBooking")
        {
            Version = new Version(2, 0),
            Content = new ByteArrayContent(frame),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TE.ParseAdd("trailers");
        request.Headers.TryAddWithoutValidation("authorization", "Bearer " + _f.TokenFor("resident:r1"));

        using var response = await client.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();

        var status = response.TrailingHeaders.TryGetValues("grpc-status", out var values) ? values.Single()
            : response.Headers.GetValues("grpc-status").Single();
        Assert.Equal(((int)StatusCode.InvalidArgument).ToString(System.Globalization.CultureInfo.InvariantCulture), status);
    }

    [Theory]
    [InlineData("Bearer not-a-token", "TOKEN_INVALID")]
    [InlineData("Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.", "TOKEN_INVALID")]
    public async Task A_garbage_or_unsigned_token_is_unauthenticated_and_says_why(string authorization, string reason)
    {
        var client = new BookingService.BookingServiceClient(_f.Channel(null));

        var e = await Assert.ThrowsAsync<RpcException>(() =>
            client.ListBookingsAsync(new ListBookingsRequest { Parent = "facilities/-" }, new Metadata { { "authorization", authorization } }).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
        Assert.Equal(reason, Reason(e));
    }

    [Fact]
    public async Task No_token_at_all_is_unauthenticated_for_calls_that_need_a_caller()
    {
        var e = await Assert.ThrowsAsync<RpcException>(() =>
            _f.Bookings(null).ListBookingsAsync(new ListBookingsRequest { Parent = "facilities/-" }).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
        Assert.Equal("UNAUTHENTICATED", Reason(e));
    }

    [Fact]
    public async Task Out_of_range_timestamps_and_enum_values_are_field_violations()
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => _f.Bookings().CreateBookingAsync(new CreateBookingRequest
        {
            Parent = "facilities/x",
            Booking = new Booking
            {
                StartTime = new Google.Protobuf.WellKnownTypes.Timestamp { Seconds = long.MaxValue },
                EndTime = new Google.Protobuf.WellKnownTypes.Timestamp { Seconds = 1, Nanos = -5 },
                PartySize = 1,
            },
        }).ResponseAsync);
        var listed = await Assert.ThrowsAsync<RpcException>(() => _f.Bookings().ListBookingsAsync(new ListBookingsRequest
        {
            Parent = "facilities/-",
            States = { (Booking.Types.State)99 },
            PageSize = -1,
        }).ResponseAsync);

        Assert.Equal(["booking.end_time", "booking.start_time"], FieldViolations(e).Select(v => v.Field).Order());
        Assert.Equal(["page_size", "states[0]"], FieldViolations(listed).Select(v => v.Field).Order());
    }
}
