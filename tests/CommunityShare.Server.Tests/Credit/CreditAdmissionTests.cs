using CommunityShare.Contracts.V1;
using CommunityShare.Server.Bookings;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using static CommunityShare.Server.Tests.Demo;

namespace CommunityShare.Server.Tests.Credit;

/// <summary>Standing at the moment of booking: a commitment is enough for the trustworthy (守信准入); a bar keeps the untrustworthy out (失信禁入).</summary>
public sealed class CreditAdmissionTests : IAsyncLifetime
{
    private static readonly LocalDate Monday = new(2026, 6, 15);
    private readonly ServerFixture _f = new();

    public async Task InitializeAsync()
    {
        await TownAsync(_f);
        await SchoolAsync(_f);
        var popular = DefaultRules();
        popular.HighDemand = true;
        popular.BookingHorizonDays = 30;
        await FacilityAsync(_f, "badminton", OpenDaily("羽毛球馆", 1, popular));
        var approval = DefaultRules();
        approval.ApprovalRequired = true;
        approval.CommitmentAdmission = true;
        approval.BookingHorizonDays = 30;
        await FacilityAsync(_f, "hall", OpenDaily("礼堂", 1, approval));
        var plain = DefaultRules();
        plain.BookingHorizonDays = 30;
        await FacilityAsync(_f, "room", OpenDaily("活动室", 50, plain));
        await _f.AddResidentAsync("good", "310112101001");
        await _f.AddResidentAsync("absent", "310112101001");
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private Task<Booking> BookAsync(string resident, string facility, LocalDate date, int hour) =>
        _f.Bookings("resident:" + resident).CreateBookingAsync(new CreateBookingRequest { Parent = "facilities/" + facility, Booking = Slot(date, hour) }).ResponseAsync;

    /// <summary>"absent" books the room three times tomorrow and does not come: three no-shows.</summary>
    private async Task ThreeNoShowsAsync()
    {
        var tomorrow = new LocalDate(2026, 6, 11);
        foreach (var hour in new[] { 10, 12, 14 })
        {
            await BookAsync("absent", "room", tomorrow, hour);
        }
        _f.Clock.Reset(tomorrow.At(new LocalTime(15, 0)).InZoneStrictly(Shanghai).ToInstant());
        await using var scope = _f.Services.CreateAsyncScope();
        Assert.Equal(3, await scope.ServiceProvider.GetRequiredService<NoShowRelease>().RunAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_resident_in_good_standing_is_confirmed_on_their_commitment_where_approval_would_be_needed()
    {
        var booking = await BookAsync("good", "hall", Monday, 10);

        Assert.Equal(Booking.Types.State.Confirmed, booking.State);
        Assert.True(booking.AdmittedOnCommitment);
        Assert.Equal("", booking.ApprovalReason);
    }

    [Fact]
    public async Task Three_no_shows_bar_high_demand_facilities_with_the_end_told_and_make_everything_else_wait_for_approval()
    {
        await ThreeNoShowsAsync();

        var barred = await Rpc.FailsAsync(StatusCode.FailedPrecondition, "CREDIT_BARRED", () =>
            _f.Bookings("resident:absent").CreateBookingAsync(new CreateBookingRequest { Parent = "facilities/badminton", Booking = Slot(Monday, 10) }));
        var room = await BookAsync("absent", "room", Monday, 10);
        var hall = await BookAsync("absent", "hall", Monday, 10);
        var other = await BookAsync("good", "badminton", Monday, 10);

        var info = barred.GetRpcStatus()!.GetDetail<Google.Rpc.ErrorInfo>()!;
        Assert.Equal("bar-after-3-no-shows", info.Metadata["rule"]);
        Assert.StartsWith("2026-07-11T", info.Metadata["end_time"], StringComparison.Ordinal); // 30 days from the third
        Assert.Equal((Booking.Types.State.PendingApproval, "CREDIT_REQUIRES_APPROVAL"), (room.State, room.ApprovalReason));
        Assert.Equal((Booking.Types.State.PendingApproval, "FACILITY_REQUIRES_APPROVAL", false), (hall.State, hall.ApprovalReason, hall.AdmittedOnCommitment));
        Assert.Equal(Booking.Types.State.Confirmed, other.State);
    }

    [Fact]
    public async Task Counter_staff_cannot_book_round_a_bar()
    {
        await ThreeNoShowsAsync();

        await Rpc.FailsAsync(StatusCode.FailedPrecondition, "CREDIT_BARRED", () => _f.Bookings("staff:li:office=310112101").CreateBookingAsync(new CreateBookingRequest
        {
            Parent = "facilities/badminton",
            Booking = new Booking(Slot(Monday, 10)) { Resident = "residents/absent", ProxyConsent = new ProxyConsent { Method = ProxyConsent.Types.Method.InPerson } },
        }));
    }

    [Fact]
    public async Task When_the_bar_ends_the_resident_books_again()
    {
        await ThreeNoShowsAsync();
        _f.Clock.Reset(new LocalDate(2026, 7, 12).At(new LocalTime(9, 0)).InZoneStrictly(Shanghai).ToInstant());

        var booking = await BookAsync("absent", "badminton", new LocalDate(2026, 7, 13), 10);

        Assert.Equal(Booking.Types.State.Confirmed, booking.State);
    }
}
