using CommunityShare.Contracts.V1;
using Grpc.Core;
using NodaTime;
using static CommunityShare.Server.Tests.Demo;

namespace CommunityShare.Server.Tests.Bookings;

/// <summary>ListBookings by institution and by the check-in code a resident shows at the door.</summary>
public sealed class BookingFilterTests : IAsyncLifetime
{
    private static readonly LocalDate Tomorrow = new(2026, 6, 11);
    private readonly ServerFixture _f = new();
    private Booking _atSchool1 = null!;
    private Booking _atSchool2 = null!;

    public async Task InitializeAsync()
    {
        await TwoTownsAsync(_f);
        _atSchool1 = await _f.Bookings("resident:r1").CreateBookingAsync(new CreateBookingRequest { Parent = "facilities/court-x", Booking = Slot(Tomorrow, 10) });
        _atSchool2 = await _f.Bookings("resident:r1").CreateBookingAsync(new CreateBookingRequest { Parent = "facilities/court-q", Booking = Slot(Tomorrow, 10) });
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    [Fact]
    public async Task An_institution_s_bookings_are_those_of_its_facilities_for_staff_who_oversee_it()
    {
        var district = await _f.Bookings("staff:admin").ListBookingsAsync(new ListBookingsRequest { Parent = "facilities/-", Institution = "institutions/school-1" });
        var own = await _f.Bookings("staff:zhao:institution=school-1").ListBookingsAsync(new ListBookingsRequest { Parent = "facilities/-", Institution = "institutions/school-1" });

        Assert.Equal([_atSchool1.Name], district.Bookings.Select(b => b.Name));
        Assert.Equal([_atSchool1.Name], own.Bookings.Select(b => b.Name));
        await Rpc.FailsAsync(StatusCode.PermissionDenied, "NOT_IN_SCOPE", () => _f.Bookings("staff:qian:institution=school-2")
            .ListBookingsAsync(new ListBookingsRequest { Parent = "facilities/-", Institution = "institutions/school-1" }));
        await Rpc.NotFoundAsync(() => _f.Bookings("staff:admin").ListBookingsAsync(new ListBookingsRequest { Parent = "facilities/-", Institution = "institutions/nowhere" }));
        await Rpc.InvalidAsync(() => _f.Bookings("staff:admin").ListBookingsAsync(new ListBookingsRequest { Parent = "facilities/-", Institution = "schools/1" }),
            ("institution", "INVALID_FORMAT"));
    }

    [Fact]
    public async Task A_check_in_code_finds_its_booking_in_any_case_for_staff_only()
    {
        var found = await _f.Bookings("staff:zhao:institution=school-1").ListBookingsAsync(new ListBookingsRequest
        {
            Parent = "facilities/-",
            Institution = "institutions/school-1",
            CheckInCode = _atSchool1.CheckInCode.ToLowerInvariant(),
        });
        var elsewhere = await _f.Bookings("staff:zhao:institution=school-1").ListBookingsAsync(new ListBookingsRequest
        {
            Parent = "facilities/-",
            Institution = "institutions/school-1",
            CheckInCode = _atSchool2.CheckInCode,
        });

        Assert.Equal([_atSchool1.Name], found.Bookings.Select(b => b.Name));
        Assert.Empty(elsewhere.Bookings);
        await Rpc.NotAllowedAsync(() => _f.Bookings("resident:r2").ListBookingsAsync(new ListBookingsRequest { Parent = "facilities/-", CheckInCode = _atSchool1.CheckInCode }));
    }
}
