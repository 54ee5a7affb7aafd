using CommunityShare.Contracts.V1;
using Grpc.Core;
using NodaTime;
using static CommunityShare.Server.Tests.Demo;

namespace CommunityShare.Server.Tests.Bookings;

public sealed class BookingLifecycleTests : IAsyncLifetime
{
    private static readonly LocalDate Tomorrow = new(2026, 6, 11);
    private readonly ServerFixture _f = new();

    public async Task InitializeAsync()
    {
        await TownAsync(_f);
        await SchoolAsync(_f);
        await FacilityAsync(_f, "court", OpenDaily("篮球场", 1));
        var rules = DefaultRules();
        rules.ApprovalRequired = true;
        await FacilityAsync(_f, "hall", OpenDaily("礼堂", 1, rules));
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private async Task<Booking> BookAsync(string facility, int hour, string actor = "resident:r1") =>
        await _f.Bookings(actor).CreateBookingAsync(new CreateBookingRequest { Parent = $"facilities/{facility}", Booking = Slot(Tomorrow, hour) });

    private static void AtLocal(ServerFixture f, int hour, int minute = 0) =>
        f.Clock.Reset(Tomorrow.At(new LocalTime(hour, minute)).InZoneStrictly(Shanghai).ToInstant());

    [Fact]
    public async Task A_resident_cancels_in_time_and_the_slot_frees_up()
    {
        var booking = await BookAsync("court", 10);

        var cancelled = await _f.Bookings().CancelBookingAsync(new CancelBookingRequest { Name = booking.Name, Reason = "下雨" });

        Assert.Equal(Booking.Types.State.Cancelled, cancelled.State);
        Assert.False(cancelled.LateCancellation);
        Assert.Equal("下雨", cancelled.CancelReason);
        Assert.Equal(Booking.Types.State.Confirmed, (await BookAsync("court", 10, "resident:r2")).State);
    }

    [Fact]
    public async Task Cancelling_after_the_deadline_is_allowed_but_marked_late()
    {
        var booking = await BookAsync("court", 10);
        AtLocal(_f, 9, 0); // deadline was 08:00

        var cancelled = await _f.Bookings().CancelBookingAsync(new CancelBookingRequest { Name = booking.Name });

        Assert.True(cancelled.LateCancellation);
    }

    [Fact]
    public async Task A_started_booking_cannot_be_cancelled()
    {
        var booking = await BookAsync("court", 10);
        AtLocal(_f, 10, 5);

        var e = await Assert.ThrowsAsync<RpcException>(() => _f.Bookings().CancelBookingAsync(new CancelBookingRequest { Name = booking.Name }).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
        Assert.Equal("BOOKING_STARTED", Reason(e));
    }

    [Fact]
    public async Task Another_resident_can_neither_see_nor_cancel_a_booking()
    {
        var booking = await BookAsync("court", 10);
        var other = _f.Bookings("resident:r2");

        var see = await Assert.ThrowsAsync<RpcException>(() => other.GetBookingAsync(new GetBookingRequest { Name = booking.Name }).ResponseAsync);
        var cancel = await Assert.ThrowsAsync<RpcException>(() => other.CancelBookingAsync(new CancelBookingRequest { Name = booking.Name }).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, see.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, cancel.StatusCode);
        Assert.Equal(Booking.Types.State.Confirmed, (await _f.Bookings().GetBookingAsync(new GetBookingRequest { Name = booking.Name })).State);
    }

    [Fact]
    public async Task The_resident_is_told_the_decision_once_approved_with_the_code_or_declined_with_the_reason()
    {
        await _f.AddResidentAsync("asker", "310112101001");
        await _f.AddResidentAsync("other", "310112101001");
        var first = await BookAsync("hall", 10, "resident:asker");
        var second = await BookAsync("hall", 12, "resident:other");
        var staff = _f.Bookings("staff:school-1");
        var retry = Guid.NewGuid().ToString();

        var approved = await staff.ApproveBookingAsync(new ApproveBookingRequest { Name = first.Name, RequestId = retry });
        await staff.ApproveBookingAsync(new ApproveBookingRequest { Name = first.Name, RequestId = retry });
        await staff.DeclineBookingAsync(new DeclineBookingRequest { Name = second.Name, Reason = "学校活动" });

        var toAsker = (await _f.Notifications("resident:asker").ListOutboxMessagesAsync(new ListOutboxMessagesRequest { Recipient = "residents/asker" }))
            .OutboxMessages.Where(m => m.Template.StartsWith("booking.", StringComparison.Ordinal) && m.Template != "booking.reminder").ToArray();
        var told = Assert.Single(toAsker);
        Assert.Equal("booking.approved", told.Template);
        Assert.Contains(approved.CheckInCode, told.Text, StringComparison.Ordinal);
        Assert.Contains("10:00", told.Text, StringComparison.Ordinal);
        var toOther = (await _f.Notifications("resident:other").ListOutboxMessagesAsync(new ListOutboxMessagesRequest { Recipient = "residents/other" }))
            .OutboxMessages.Single(m => m.Template == "booking.declined");
        Assert.Contains("学校活动", toOther.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(approved.CheckInCode, toOther.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staff_approve_or_decline_pending_bookings_and_residents_cannot()
    {
        var first = await BookAsync("hall", 10, "resident:r1");
        var second = await BookAsync("hall", 12, "resident:r2");

        var denied = await Assert.ThrowsAsync<RpcException>(() =>
            _f.Bookings("resident:r1").ApproveBookingAsync(new ApproveBookingRequest { Name = first.Name }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);

        var staff = _f.Bookings("staff:school-1");
        Assert.Equal(Booking.Types.State.Confirmed, (await staff.ApproveBookingAsync(new ApproveBookingRequest { Name = first.Name })).State);
        var noReason = await Assert.ThrowsAsync<RpcException>(() => staff.DeclineBookingAsync(new DeclineBookingRequest { Name = second.Name }).ResponseAsync);
        Assert.Equal("reason", Assert.Single(FieldViolations(noReason)).Field);
        var declined = await staff.DeclineBookingAsync(new DeclineBookingRequest { Name = second.Name, Reason = "学校活动" });
        Assert.Equal(Booking.Types.State.Declined, declined.State);
        Assert.Equal("学校活动", declined.DeclineReason);

        var twice = await Assert.ThrowsAsync<RpcException>(() => staff.ApproveBookingAsync(new ApproveBookingRequest { Name = second.Name }).ResponseAsync);
        Assert.Equal("STATE_DOES_NOT_ALLOW", Reason(twice));
    }

    [Fact]
    public async Task A_pending_booking_holds_its_place_until_decided()
    {
        await BookAsync("hall", 10, "resident:r1");

        var e = await Assert.ThrowsAsync<RpcException>(() => BookAsync("hall", 10, "resident:r2"));

        Assert.Equal("SLOT_FULL", Reason(e));
    }

    [Fact]
    public async Task Check_in_works_by_code_inside_its_window_and_completes_after_the_slot()
    {
        var booking = await BookAsync("court", 10);
        var staff = _f.Bookings("staff:school-1");

        AtLocal(_f, 9, 0);
        var early = await Assert.ThrowsAsync<RpcException>(() =>
            staff.CheckInBookingAsync(new CheckInBookingRequest { Name = booking.Name, CheckInCode = booking.CheckInCode }).ResponseAsync);
        Assert.Equal("CHECK_IN_NOT_OPEN", Reason(early));

        AtLocal(_f, 9, 45);
        var wrong = await Assert.ThrowsAsync<RpcException>(() =>
            staff.CheckInBookingAsync(new CheckInBookingRequest { Name = booking.Name, CheckInCode = "WRONGONE" }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, wrong.StatusCode);
        Assert.Equal("CHECK_IN_CODE_MISMATCH", Assert.Single(FieldViolations(wrong)).Reason);

        var checkedIn = await staff.CheckInBookingAsync(new CheckInBookingRequest { Name = booking.Name, CheckInCode = booking.CheckInCode.ToLowerInvariant() });
        Assert.Equal(Booking.Types.State.CheckedIn, checkedIn.State);

        AtLocal(_f, 11, 0);
        Assert.Equal(Booking.Types.State.Completed, (await _f.Bookings().GetBookingAsync(new GetBookingRequest { Name = booking.Name })).State);
    }

    [Fact]
    public async Task A_no_show_is_recorded_only_once_the_slot_has_started()
    {
        var booking = await BookAsync("court", 10);
        var staff = _f.Bookings("staff:school-1");

        var early = await Assert.ThrowsAsync<RpcException>(() => staff.MarkBookingNoShowAsync(new MarkBookingNoShowRequest { Name = booking.Name }).ResponseAsync);
        Assert.Equal("NOT_STARTED_YET", Reason(early));

        AtLocal(_f, 10, 20);
        Assert.Equal(Booking.Types.State.NoShow, (await staff.MarkBookingNoShowAsync(new MarkBookingNoShowRequest { Name = booking.Name })).State);
        var resident = await Assert.ThrowsAsync<RpcException>(() =>
            _f.Bookings("resident:r1").MarkBookingNoShowAsync(new MarkBookingNoShowRequest { Name = booking.Name }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, resident.StatusCode);
    }

    [Fact]
    public async Task Unknown_and_malformed_booking_names_are_told_apart()
    {
        var missing = await Assert.ThrowsAsync<RpcException>(() =>
            _f.Bookings().GetBookingAsync(new GetBookingRequest { Name = "facilities/court/bookings/nope" }).ResponseAsync);
        var malformed = await Assert.ThrowsAsync<RpcException>(() =>
            _f.Bookings().CancelBookingAsync(new CancelBookingRequest { Name = "bookings/x" }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, malformed.StatusCode);
        Assert.Equal("name", Assert.Single(FieldViolations(malformed)).Field);
    }

    [Fact]
    public async Task A_resident_lists_their_own_bookings_page_by_page()
    {
        for (var hour = 8; hour < 20; hour++)
        {
            await BookAsync("court", hour, hour % 2 == 0 ? "resident:r1" : "resident:r2");
        }

        var seen = new List<string>();
        var token = "";
        do
        {
            var page = await _f.Bookings("resident:r1").ListBookingsAsync(new ListBookingsRequest { Parent = "facilities/-", PageSize = 4, PageToken = token });
            seen.AddRange(page.Bookings.Select(b => b.Name));
            Assert.All(page.Bookings, b => Assert.Equal("residents/r1", b.Resident));
            token = page.NextPageToken;
        }
        while (token != "");

        Assert.Equal(6, seen.Distinct().Count());
        var forbidden = await Assert.ThrowsAsync<RpcException>(() =>
            _f.Bookings("resident:r1").ListBookingsAsync(new ListBookingsRequest { Parent = "facilities/-", Resident = "residents/r2" }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, forbidden.StatusCode);
    }

    [Fact]
    public async Task Staff_list_a_facility_s_bookings_by_state()
    {
        var a = await BookAsync("hall", 10, "resident:r1");
        await BookAsync("hall", 12, "resident:r2");
        var staff = _f.Bookings("staff:school-1");
        await staff.ApproveBookingAsync(new ApproveBookingRequest { Name = a.Name });

        var pending = await staff.ListBookingsAsync(new ListBookingsRequest { Parent = "facilities/hall", States = { Booking.Types.State.PendingApproval } });

        Assert.Equal("residents/r2", Assert.Single(pending.Bookings).Resident);
        var badToken = await Assert.ThrowsAsync<RpcException>(() =>
            staff.ListBookingsAsync(new ListBookingsRequest { Parent = "facilities/hall", PageToken = "not-a-token" }).ResponseAsync);
        Assert.Equal("INVALID_PAGE_TOKEN", Assert.Single(FieldViolations(badToken)).Reason);
        var unknown = await Assert.ThrowsAsync<RpcException>(() =>
            staff.ListBookingsAsync(new ListBookingsRequest { Parent = "facilities/nowhere" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }
}
