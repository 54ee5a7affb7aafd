using CommunityShare.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Google.Type;
using Grpc.Core;
using NodaTime;
using static CommunityShare.Server.Tests.Demo;

namespace CommunityShare.Server.Tests.Access;

/// <summary>
/// Staff reach exactly their part of the district through the API: Xinzhuang (310112101) holds
/// school-1 with facilities/court-x; Qibao (310112102) holds school-2 with facilities/court-q.
/// </summary>
public sealed class JurisdictionTests : IAsyncLifetime
{
    private const string XinzhuangOffice = "staff:li:office=310112101";
    private const string QibaoOffice = "staff:wang:office=310112102";
    private const string School1 = "staff:zhao:institution=school-1";
    private const string Supervisor = "staff:chen:supervisor=310112";
    private static readonly LocalDate Tomorrow = new(2026, 6, 11);

    private readonly ServerFixture _f = new();

    public async Task InitializeAsync()
    {
        await TwoTownsAsync(_f);
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private static async Task<StatusCode> StatusOf(Func<Task> call)
    {
        try
        {
            await call();
            return StatusCode.OK;
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }

    private Task<StatusCode> RenameFacility(string actor, string facility) => StatusOf(() => _f.Facilities(actor).UpdateFacilityAsync(new UpdateFacilityRequest
    {
        Facility = new Facility { Name = $"facilities/{facility}", DisplayName = "新名字" },
        UpdateMask = new FieldMask { Paths = { "display_name" } },
    }).ResponseAsync);

    [Theory]
    [InlineData(XinzhuangOffice, "court-x", StatusCode.OK)]
    [InlineData(XinzhuangOffice, "court-q", StatusCode.PermissionDenied)]
    [InlineData(School1, "court-x", StatusCode.OK)]
    [InlineData(School1, "court-q", StatusCode.PermissionDenied)]
    [InlineData(Supervisor, "court-x", StatusCode.PermissionDenied)]
    [InlineData("resident:r1", "court-x", StatusCode.PermissionDenied)]
    public async Task Facilities_are_changed_only_by_their_institution_office_or_district(string actor, string facility, StatusCode expected)
    {
        Assert.Equal(expected, await RenameFacility(actor, facility));
    }

    [Fact]
    public async Task An_office_adds_neighbourhoods_to_its_own_town_only_and_cannot_rename_the_town()
    {
        Assert.Equal(StatusCode.OK, await StatusOf(() => _f.Places(XinzhuangOffice).CreatePlaceAsync(new CreatePlaceRequest
        {
            PlaceId = "310112101002",
            Place = new Place { Parent = "places/310112101", Kind = Place.Types.Kind.Neighborhood, DisplayName = "莘庄二村居委会" },
        }).ResponseAsync));
        Assert.Equal(StatusCode.PermissionDenied, await StatusOf(() => _f.Places(XinzhuangOffice).CreatePlaceAsync(new CreatePlaceRequest
        {
            PlaceId = "310112102002",
            Place = new Place { Parent = "places/310112102", Kind = Place.Types.Kind.Neighborhood, DisplayName = "七宝二村居委会" },
        }).ResponseAsync));
        Assert.Equal(StatusCode.PermissionDenied, await StatusOf(() => _f.Places(XinzhuangOffice).UpdatePlaceAsync(new UpdatePlaceRequest
        {
            Place = new Place { Name = "places/310112101", DisplayName = "新莘庄镇" },
            UpdateMask = new FieldMask { Paths = { "display_name" } },
        }).ResponseAsync));
    }

    [Fact]
    public async Task Institution_staff_update_their_institution_but_cannot_move_it_to_another_town()
    {
        var institutions = _f.Institutions(School1);

        Assert.Equal(StatusCode.OK, await StatusOf(() => institutions.UpdateInstitutionAsync(new UpdateInstitutionRequest
        {
            Institution = new Institution { Name = "institutions/school-1", Address = "上海市闵行区莘庄路2号" },
            UpdateMask = new FieldMask { Paths = { "address" } },
        }).ResponseAsync));
        Assert.Equal(StatusCode.PermissionDenied, await StatusOf(() => institutions.UpdateInstitutionAsync(new UpdateInstitutionRequest
        {
            Institution = new Institution { Name = "institutions/school-1", Place = "places/310112102001" },
            UpdateMask = new FieldMask { Paths = { "place" } },
        }).ResponseAsync));
        Assert.Equal(StatusCode.PermissionDenied, await StatusOf(() => institutions.DeleteInstitutionAsync(new DeleteInstitutionRequest
        {
            Name = "institutions/school-1",
        }).ResponseAsync));
    }

    [Fact]
    public async Task Counter_staff_book_for_residents_at_facilities_of_their_own_town_only()
    {
        await _f.AddResidentAsync("elder-1", "310112101001");
        var counter = _f.Bookings(XinzhuangOffice);

        var booking = await counter.CreateBookingAsync(new CreateBookingRequest
        {
            Parent = "facilities/court-x",
            Booking = new Booking(Slot(Tomorrow, 10)) { Resident = "residents/elder-1", ProxyConsent = new ProxyConsent { Method = ProxyConsent.Types.Method.InPerson } },
        });
        var elsewhere = await Assert.ThrowsAsync<RpcException>(() => counter.CreateBookingAsync(new CreateBookingRequest
        {
            Parent = "facilities/court-q",
            Booking = new Booking(Slot(Tomorrow, 10)) { Resident = "residents/elder-1", ProxyConsent = new ProxyConsent { Method = ProxyConsent.Types.Method.InPerson } },
        }).ResponseAsync);

        Assert.Equal("staff/li", booking.CreatedBy);
        Assert.Equal(StatusCode.PermissionDenied, elsewhere.StatusCode);
        Assert.Equal("NOT_IN_SCOPE", Reason(elsewhere));
    }

    [Fact]
    public async Task Approvals_check_ins_and_no_shows_belong_to_the_facility_s_staff()
    {
        var booking = await _f.Bookings("resident:r1").CreateBookingAsync(new CreateBookingRequest
        {
            Parent = "facilities/court-x",
            Booking = Slot(Tomorrow, 10),
        });
        _f.Clock.Reset(Tomorrow.At(new LocalTime(10, 10)).InZoneStrictly(Shanghai).ToInstant());

        Assert.Equal(StatusCode.PermissionDenied, await StatusOf(() =>
            _f.Bookings(QibaoOffice).MarkBookingNoShowAsync(new MarkBookingNoShowRequest { Name = booking.Name }).ResponseAsync));
        Assert.Equal(StatusCode.PermissionDenied, await StatusOf(() =>
            _f.Bookings(Supervisor).MarkBookingNoShowAsync(new MarkBookingNoShowRequest { Name = booking.Name }).ResponseAsync));
        Assert.Equal(StatusCode.OK, await StatusOf(() =>
            _f.Bookings(School1).CheckInBookingAsync(new CheckInBookingRequest { Name = booking.Name, CheckInCode = booking.CheckInCode }).ResponseAsync));
    }

    [Fact]
    public async Task Staff_see_the_bookings_of_what_they_oversee_and_nothing_else()
    {
        await _f.Bookings("resident:r1").CreateBookingAsync(new CreateBookingRequest { Parent = "facilities/court-x", Booking = Slot(Tomorrow, 10) });
        await _f.Bookings("resident:r2").CreateBookingAsync(new CreateBookingRequest { Parent = "facilities/court-q", Booking = Slot(Tomorrow, 10) });
        var all = new ListBookingsRequest { Parent = "facilities/-" };

        var xinzhuang = await _f.Bookings(XinzhuangOffice).ListBookingsAsync(all);
        var supervisor = await _f.Bookings(Supervisor).ListBookingsAsync(all);
        var otherFacility = await StatusOf(() => _f.Bookings(School1).ListBookingsAsync(new ListBookingsRequest { Parent = "facilities/court-q" }).ResponseAsync);
        var someoneElse = await Assert.ThrowsAsync<RpcException>(() =>
            _f.Bookings(QibaoOffice).GetBookingAsync(new GetBookingRequest { Name = xinzhuang.Bookings[0].Name }).ResponseAsync);

        Assert.Equal("residents/r1", Assert.Single(xinzhuang.Bookings).Resident);
        Assert.Equal(2, supervisor.Bookings.Count);
        Assert.Equal(StatusCode.PermissionDenied, otherFacility);
        Assert.Equal(StatusCode.PermissionDenied, someoneElse.StatusCode);
    }
}
