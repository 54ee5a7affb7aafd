using CommunityShare.Contracts.V1;
using Grpc.Core;
using NodaTime;
using static CommunityShare.Server.Tests.Demo;

namespace CommunityShare.Server.Tests.Residents;

/// <summary>
/// Proxies (代办): a resident's standing consent lets another adult book, cancel and check in in
/// the resident's name; a minor's guardian does so without one. Bookings say who made them and how
/// the resident consented; a revoked consent lets the proxy do nothing more.
/// </summary>
public sealed class ProxyTests : IAsyncLifetime
{
    private static readonly LocalDate Tomorrow = new(2026, 6, 11);
    private readonly ServerFixture _f = new();

    public async Task InitializeAsync()
    {
        await TownAsync(_f);
        await SchoolAsync(_f);
        await FacilityAsync(_f, "court", OpenDaily("篮球场", 4));
        await _f.AddResidentAsync("elder", "310112101001", "赵桂兰", new LocalDate(1942, 3, 1));
        await _f.AddResidentAsync("son", "310112101001", "赵志强", new LocalDate(1970, 5, 1));
        await _f.AddResidentAsync("neighbour", "310112101001", "钱敏");
        await _f.AddResidentAsync("child", "310112101001", "赵小宇", new LocalDate(2015, 1, 1), guardianId: "son");
        await _f.AddResidentAsync("teen", "310112101001", "孙晨", new LocalDate(2012, 1, 1));
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private ResidentService.ResidentServiceClient Residents(string actor) => new(_f.Channel(actor));

    private Task<ProxyGrant> GrantAsync(string actor, string resident, string proxy, string note = "") =>
        Residents(actor).CreateProxyGrantAsync(new CreateProxyGrantRequest
        {
            Parent = "residents/" + resident,
            ProxyGrant = new ProxyGrant { Proxy = "residents/" + proxy, Relationship = "子女", ConsentNote = note },
        }).ResponseAsync;

    private Task<Booking> BookAsync(string actor, string resident, int hour) =>
        _f.Bookings(actor).CreateBookingAsync(new CreateBookingRequest
        {
            Parent = "facilities/court",
            Booking = new Booking(Slot(Tomorrow, hour)) { Resident = "residents/" + resident },
        }).ResponseAsync;

    [Fact]
    public async Task With_consent_a_son_books_cancels_and_checks_in_for_his_mother_and_the_booking_says_so()
    {
        var grant = await GrantAsync("resident:elder", "elder", "son");

        var booking = await BookAsync("resident:son", "elder", 10);
        var second = await BookAsync("resident:son", "elder", 11);
        var seen = await _f.Bookings("resident:son").GetBookingAsync(new GetBookingRequest { Name = booking.Name });
        var listed = await _f.Bookings("resident:son").ListBookingsAsync(new ListBookingsRequest { Parent = "facilities/-", Resident = "residents/elder" });
        await _f.Bookings("resident:son").CancelBookingAsync(new CancelBookingRequest { Name = second.Name });
        _f.Clock.Reset(Tomorrow.At(new LocalTime(9, 50)).InZoneStrictly(Shanghai).ToInstant());
        var checkedIn = await _f.Bookings("resident:son").CheckInBookingAsync(new CheckInBookingRequest { Name = booking.Name, CheckInCode = booking.CheckInCode });

        Assert.Equal("residents/elder/proxyGrants/", grant.Name[..^12]);
        Assert.Equal("residents/elder", grant.GrantedBy);
        Assert.Equal("residents/elder", booking.Resident);
        Assert.Equal("residents/son", booking.CreatedBy);
        Assert.Equal(ProxyConsent.Types.Method.StandingGrant, booking.ProxyConsent.Method);
        Assert.Equal(booking.Name, seen.Name);
        Assert.Equal(2, listed.Bookings.Count);
        Assert.Equal(Booking.Types.State.CheckedIn, checkedIn.State);
        // The mother sees the booking her son made as her own.
        var mine = await _f.Bookings("resident:elder").ListBookingsAsync(new ListBookingsRequest { Parent = "facilities/-" });
        Assert.Equal(2, mine.Bookings.Count);
    }

    [Fact]
    public async Task Without_consent_or_after_it_is_revoked_the_proxy_can_do_nothing()
    {
        var before = await Rpc.NotAllowedAsync(() => _f.Bookings("resident:son").CreateBookingAsync(new CreateBookingRequest
        {
            Parent = "facilities/court",
            Booking = new Booking(Slot(Tomorrow, 10)) { Resident = "residents/elder" },
        }));
        var grant = await GrantAsync("resident:elder", "elder", "son");
        var booking = await BookAsync("resident:son", "elder", 10);

        var revoked = await Residents("resident:elder").RevokeProxyGrantAsync(new RevokeProxyGrantRequest { Name = grant.Name });

        Assert.NotNull(revoked.RevokeTime);
        await Rpc.NotAllowedAsync(() => _f.Bookings("resident:son").CreateBookingAsync(new CreateBookingRequest
        {
            Parent = "facilities/court",
            Booking = new Booking(Slot(Tomorrow, 11)) { Resident = "residents/elder" },
        }));
        await Rpc.NotAllowedAsync(() => _f.Bookings("resident:son").CancelBookingAsync(new CancelBookingRequest { Name = booking.Name }));
        await Rpc.NotAllowedAsync(() => _f.Bookings("resident:son").GetBookingAsync(new GetBookingRequest { Name = booking.Name }));
        await Rpc.FailsAsync(StatusCode.FailedPrecondition, "STATE_DOES_NOT_ALLOW",
            () => Residents("resident:elder").RevokeProxyGrantAsync(new RevokeProxyGrantRequest { Name = grant.Name }));
        var active = await Residents("resident:elder").ListProxyGrantsAsync(new ListProxyGrantsRequest { Parent = "residents/elder" });
        var all = await Residents("resident:elder").ListProxyGrantsAsync(new ListProxyGrantsRequest { Parent = "residents/elder", ShowRevoked = true });
        Assert.Empty(active.ProxyGrants);
        Assert.Single(all.ProxyGrants);
    }

    [Fact]
    public async Task A_guardian_books_for_a_minor_without_a_grant_until_the_child_turns_eighteen()
    {
        var booking = await BookAsync("resident:son", "child", 10);

        Assert.Equal(ProxyConsent.Types.Method.Guardian, booking.ProxyConsent.Method);
        Assert.Equal("residents/son", booking.CreatedBy);
        _f.Clock.Reset(Instant.FromUtc(2033, 1, 2, 0, 0));
        await Rpc.NotAllowedAsync(() => _f.Bookings("resident:son").ListBookingsAsync(new ListBookingsRequest { Parent = "facilities/-", Resident = "residents/child" }));
    }

    [Fact]
    public async Task Counter_staff_record_consent_only_with_a_note_of_how_it_was_given()
    {
        var office = "staff:li:office=310112101";

        var missing = await Rpc.InvalidAsync(() => Residents(office).CreateProxyGrantAsync(new CreateProxyGrantRequest
        {
            Parent = "residents/elder",
            ProxyGrant = new ProxyGrant { Proxy = "residents/son" },
        }), ("proxy_grant.relationship", "REQUIRED"), ("proxy_grant.consent_note", "REQUIRED"));
        var grant = await GrantAsync(office, "elder", "son", "本人到场签字");

        Assert.Equal("staff/li", grant.GrantedBy);
        Assert.Equal("本人到场签字", grant.ConsentNote);
        Assert.NotNull(missing);
        // Staff of another town cannot record it; the proxy sees whom they act for.
        await Rpc.FailsAsync(StatusCode.PermissionDenied, "NOT_IN_SCOPE", () => Residents("staff:wang:office=310112102").CreateProxyGrantAsync(
            new CreateProxyGrantRequest { Parent = "residents/elder", ProxyGrant = new ProxyGrant { Proxy = "residents/neighbour", Relationship = "邻居", ConsentNote = "到场" } }));
        var mine = await Residents("resident:son").ListProxyGrantsAsync(new ListProxyGrantsRequest { Parent = "residents/-", Proxy = "residents/son" });
        Assert.Equal([grant.Name], mine.ProxyGrants.Select(g => g.Name));
    }

    [Fact]
    public async Task A_proxy_is_an_adult_other_than_the_resident_and_is_granted_once()
    {
        var self = await Rpc.FailsAsync(StatusCode.FailedPrecondition, "PROXY_IS_SELF", () => Residents("resident:elder").CreateProxyGrantAsync(
            new CreateProxyGrantRequest { Parent = "residents/elder", ProxyGrant = new ProxyGrant { Proxy = "residents/elder", Relationship = "本人" } }));
        var minor = await Rpc.FailsAsync(StatusCode.FailedPrecondition, "PROXY_MUST_BE_ADULT", () => Residents("resident:elder").CreateProxyGrantAsync(
            new CreateProxyGrantRequest { Parent = "residents/elder", ProxyGrant = new ProxyGrant { Proxy = "residents/teen", Relationship = "孙女" } }));
        var unknown = await Rpc.InvalidAsync(() => Residents("resident:elder").CreateProxyGrantAsync(
            new CreateProxyGrantRequest { Parent = "residents/elder", ProxyGrant = new ProxyGrant { Proxy = "residents/ghost", Relationship = "子女" } }),
            ("proxy_grant.proxy", "NOT_FOUND"));
        await GrantAsync("resident:elder", "elder", "son");
        var twice = await Assert.ThrowsAsync<RpcException>(() => GrantAsync("resident:elder", "elder", "son"));

        Assert.Equal(StatusCode.AlreadyExists, twice.StatusCode);
        Assert.NotNull(self);
        Assert.NotNull(minor);
        Assert.NotNull(unknown);
        // Someone else's consent is not theirs to give.
        await Rpc.NotAllowedAsync(() => Residents("resident:neighbour").CreateProxyGrantAsync(
            new CreateProxyGrantRequest { Parent = "residents/elder", ProxyGrant = new ProxyGrant { Proxy = "residents/neighbour", Relationship = "邻居" } }));
    }

    [Fact]
    public async Task A_proxy_sees_the_resident_masked_and_never_in_full()
    {
        await GrantAsync("resident:elder", "elder", "son");

        var seen = await Residents("resident:son").GetResidentAsync(new GetResidentRequest { Name = "residents/elder", View = GetResidentRequest.Types.View.Full });

        Assert.Equal("赵**", seen.DisplayName);
        Assert.Contains("****", seen.Mobile, StringComparison.Ordinal);
    }
}
