using CommunityShare.Contracts.V1;
using CommunityShare.Domain;
using CommunityShare.Domain.Access;
using CommunityShare.Server.Places;
using CommunityShare.Server.Residents;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using static CommunityShare.Server.Tests.Demo;
using FacilityKind = CommunityShare.Domain.Facilities.FacilityKind;
using PlaceStatistics = CommunityShare.Server.Places.PlaceStatistics;

namespace CommunityShare.Server.Tests.Residents;

/// <summary>
/// The counter's use case (<see cref="CounterDesk"/>) and the area overview's access
/// (<see cref="PlaceStatistics.OverviewAsync"/>): Xinzhuang (school-1: court-x, gym-x) and Qibao
/// (school-2: court-q); residents r1 and r2 of Xinzhuang, q1 of Qibao.
/// </summary>
public sealed class CounterDeskTests : IAsyncLifetime
{
    private static readonly LocalDate Tomorrow = new(2026, 6, 11);
    private static readonly Actor Xinzhuang = Actor.Staff("li", new RoleAssignment(Role.StreetOfficeStaff, "310112101"));
    private static readonly Actor Qibao = Actor.Staff("wang", new RoleAssignment(Role.StreetOfficeStaff, "310112102"));
    private static readonly Actor District = Actor.Staff("admin", new RoleAssignment(Role.DistrictStaff, "310112"));
    private static readonly Actor Supervisor = Actor.Staff("chen", new RoleAssignment(Role.DistrictSupervisor, "310112"));
    private readonly ServerFixture _f = new();

    public async Task InitializeAsync()
    {
        await TwoTownsAsync(_f);
        var gym = OpenDaily("莘庄健身房", 10);
        gym.Kind = Facility.Types.Kind.Gym;
        await FacilityAsync(_f, "gym-x", gym);
        await _f.AddResidentAsync("r1", "310112101001", "李晓明");
        await _f.AddResidentAsync("r2", "310112101001", "王建国");
        await _f.AddResidentAsync("q1", "310112102001", "赵丽");
        await _f.Bookings("resident:r1").CreateBookingAsync(new CreateBookingRequest { Parent = "facilities/court-x", Booking = Slot(Tomorrow, 10) });
        await _f.Bookings("resident:r1").CreateBookingAsync(new CreateBookingRequest { Parent = "facilities/court-q", Booking = Slot(Tomorrow, 11) });
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private async Task<T> WithAsync<TService, T>(Func<TService, Task<T>> use) where TService : notnull
    {
        await using var scope = _f.Services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<TService>());
    }

    [Fact]
    public async Task A_clerk_books_for_residents_only_at_facilities_they_manage_found_by_kind_and_name()
    {
        var town = await WithAsync<CounterDesk, CounterFacilities>(c => c.FacilitiesAsync(Xinzhuang, null, null, default));
        var district = await WithAsync<CounterDesk, CounterFacilities>(c => c.FacilitiesAsync(District, null, null, default));
        var gyms = await WithAsync<CounterDesk, CounterFacilities>(c => c.FacilitiesAsync(District, FacilityKind.Gym, null, default));
        var byInstitution = await WithAsync<CounterDesk, CounterFacilities>(c => c.FacilitiesAsync(District, null, "七宝 篮球", default));

        Assert.Equal(["court-x", "gym-x"], town.Shown.Select(f => f.Facility.Id).Order());
        Assert.Equal(3, district.Total);
        Assert.Equal(["gym-x"], gyms.Shown.Select(f => f.Facility.Id));
        Assert.Equal(["court-q"], byInstitution.Shown.Select(f => f.Facility.Id));
        Assert.Equal("七宝中学", byInstitution.Shown[0].InstitutionName);
        await Assert.ThrowsAsync<Problem>(() => WithAsync<CounterDesk, object>(async c => await c.SlotsAsync(Qibao, "court-x", Tomorrow, 1, default)));
    }

    [Fact]
    public async Task The_card_shows_the_bookings_at_the_facilities_the_clerk_oversees_with_who_made_them()
    {
        var town = await WithAsync<CounterDesk, IReadOnlyList<CounterBooking>>(c => c.UpcomingAsync(Xinzhuang, "r1", default));
        var district = await WithAsync<CounterDesk, IReadOnlyList<CounterBooking>>(c => c.UpcomingAsync(District, "r1", default));

        var own = Assert.Single(town);
        Assert.Equal("court-x", own.Booking.FacilityId);
        Assert.True(own.MadeBy.ByTheResident);
        Assert.Equal("residents/r1", own.MadeBy.ResourceName);
        Assert.Equal("李**", own.MadeBy.Name);
        Assert.True(own.MayCancel);
        Assert.False(own.CheckInOpen);
        Assert.Equal(["court-q", "court-x"], district.Select(b => b.Booking.FacilityId).Order());
    }

    [Fact]
    public async Task Only_office_and_district_staff_serve_at_the_counter_and_a_record_only_where_they_oversee_it()
    {
        var supervisor = await Assert.ThrowsAsync<Problem>(() => WithAsync<CounterDesk, CounterCard>(c => c.OpenAsync(Supervisor, "r1", default)));
        var resident = await Assert.ThrowsAsync<Problem>(() => WithAsync<CounterDesk, CounterCard>(c => c.OpenAsync(Actor.Resident("r2"), "r1", default)));
        var otherTown = await Assert.ThrowsAsync<Problem>(() => WithAsync<CounterDesk, CounterCard>(c => c.OpenAsync(Qibao, "r1", default)));
        var found = await WithAsync<CounterDesk, CounterMatches>(c => c.FindAsync(Qibao, "13700000001", null, new Violations(), default));
        var card = await WithAsync<CounterDesk, CounterCard>(c => c.OpenAsync(Xinzhuang, "r1", default));

        Assert.Equal(Reasons.NotInScope, supervisor.Reason);
        Assert.Equal(Reasons.NotAllowed, resident.Reason);
        Assert.Equal(Reasons.NotInScope, otherTown.Reason);
        // Qibao finds her by the number she shows, but her record is Xinzhuang's to open.
        Assert.False(Assert.Single(found.Residents).MayOpen);
        Assert.True(card.MayRecordConsent);
        Assert.False(card.IsMinor);
    }

    [Fact]
    public async Task A_family_member_is_found_by_the_number_they_show_and_a_shared_mobile_asks_for_the_identity_number()
    {
        await _f.AddResidentAsync("twin", "310112101001", "李晓红");
        await using (var scope = _f.Services.CreateAsyncScope())
        {
            // Two residents on one (family) mobile number.
            var db = scope.ServiceProvider.GetRequiredService<CommunityShare.Server.Data.CommunityShareDb>();
            var twin = await db.Set<ResidentRecord>().FindAsync("twin");
            twin!.Mobile = "13700000002";
            await db.SaveChangesAsync();
        }

        var shared = await Assert.ThrowsAsync<Problem>(() => WithAsync<CounterDesk, CommunityShare.Domain.Residents.ProxyGrant>(c =>
            c.RecordConsentAsync(Xinzhuang, "r1", "13700000002", "", "本人到场签字", null, new Violations(), default)));
        var unknown = await Assert.ThrowsAsync<Problem>(() => WithAsync<CounterDesk, CommunityShare.Domain.Residents.ProxyGrant>(c =>
            c.RecordConsentAsync(Xinzhuang, "r1", "13799999999", "子女", "本人到场签字", null, new Violations(), default)));
        var name = await Assert.ThrowsAsync<Problem>(() => WithAsync<CounterDesk, CommunityShare.Domain.Residents.ProxyGrant>(c =>
            c.RecordConsentAsync(Xinzhuang, "r1", "王建国", "子女", "本人到场签字", null, new Violations(), default)));
        var grant = await WithAsync<CounterDesk, CommunityShare.Domain.Residents.ProxyGrant>(c =>
            c.RecordConsentAsync(Xinzhuang, "r1", "13700000003", "邻居", "本人到场签字", null, new Violations(), default));

        // Told together with the other problems of the form, each once.
        Assert.Equal(["proxy_grant.proxy AMBIGUOUS", "proxy_grant.relationship REQUIRED"],
            shared.FieldViolations.Select(v => $"{v.Field} {v.Reason}").Order(StringComparer.Ordinal));
        Assert.Equal(["proxy_grant.proxy NOT_FOUND"], unknown.FieldViolations.Select(v => $"{v.Field} {v.Reason}"));
        Assert.Equal(["proxy_grant.proxy INVALID_FORMAT"], name.FieldViolations.Select(v => $"{v.Field} {v.Reason}"));
        Assert.Equal(("r1", "staff/li", "本人到场签字"), (grant.ResidentId, grant.GrantedBy, grant.ConsentNote));
    }

    [Fact]
    public async Task Staff_booking_for_a_resident_hear_about_the_consent_together_with_the_request_s_other_problems()
    {
        await Rpc.InvalidAsync(() => _f.Bookings("staff:li:office=310112101").CreateBookingAsync(new CreateBookingRequest
        {
            Parent = "facilities/court-x",
            Booking = new Booking(Slot(Tomorrow, 15)) { Resident = "residents/r2", PartySize = 0 },
        }), ("booking.party_size", "OUT_OF_RANGE"), ("booking.proxy_consent.method", "CONSENT_REQUIRED"));
    }

    [Fact]
    public async Task The_overview_is_for_staff_who_oversee_the_place_and_adds_up_the_places_under_it()
    {
        await _f.Bookings("resident:r2").CreateBookingAsync(new CreateBookingRequest { Parent = "facilities/gym-x", Booking = Slot(Tomorrow, 9, partySize: 3) });

        var district = await WithAsync<PlaceStatistics, AreaFigures>(s => s.OverviewAsync(District, "310112", Tomorrow, default));
        var supervisor = await WithAsync<PlaceStatistics, AreaFigures>(s => s.OverviewAsync(Supervisor, "310112101", Tomorrow, default));
        var otherTown = await Assert.ThrowsAsync<Problem>(() => WithAsync<PlaceStatistics, AreaFigures>(s => s.OverviewAsync(Qibao, "310112101", Tomorrow, default)));
        var resident = await Assert.ThrowsAsync<Problem>(() => WithAsync<PlaceStatistics, AreaFigures>(s => s.OverviewAsync(Actor.Resident("r1"), "310112101", Tomorrow, default)));
        var institution = await Assert.ThrowsAsync<Problem>(() => WithAsync<PlaceStatistics, AreaFigures>(s =>
            s.OverviewAsync(Actor.Staff("zhao", new RoleAssignment(Role.InstitutionStaff, "school-1")), "310112101", Tomorrow, default)));
        var missing = await Assert.ThrowsAsync<Problem>(() => WithAsync<PlaceStatistics, AreaFigures>(s => s.OverviewAsync(District, "999999", Tomorrow, default)));

        Assert.Equal(["310112101", "310112102"], district.SubAreas.Select(a => a.Place.Code));
        var xinzhuang = district.SubAreas[0];
        Assert.Equal((1, 2, 2), (xinzhuang.Institutions, xinzhuang.Facilities, xinzhuang.Figures.Bookings));
        Assert.Equal((1, 1, 1), (district.SubAreas[1].Institutions, district.SubAreas[1].Facilities, district.SubAreas[1].Figures.Bookings));
        Assert.Equal(district.Total.Bookings, district.SubAreas.Sum(a => a.Figures.Bookings));
        Assert.Equal(district.Total.PlaceHoursOffered, district.SubAreas.Sum(a => a.Figures.PlaceHoursOffered), 6);
        Assert.Equal(["310112101001"], supervisor.SubAreas.Select(a => a.Place.Code));
        Assert.Equal((supervisor.Total.Bookings, supervisor.Total.OpenTime), (supervisor.SubAreas[0].Figures.Bookings, supervisor.SubAreas[0].Figures.OpenTime));
        Assert.Equal(Reasons.NotInScope, otherTown.Reason);
        Assert.Equal(Reasons.NotAllowed, resident.Reason);
        Assert.Equal(Reasons.NotInScope, institution.Reason);
        Assert.Equal(ProblemKind.NotFound, missing.Kind);
    }
}
