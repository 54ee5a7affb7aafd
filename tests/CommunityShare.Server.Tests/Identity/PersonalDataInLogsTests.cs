using CommunityShare.Contracts.V1;
using CommunityShare.Domain.Access;
using Grpc.Core;
using NodaTime;
using static CommunityShare.Server.Tests.Demo;

namespace CommunityShare.Server.Tests.Identity;

/// <summary>
/// Secrets and personal data never reach the logs: marker values go through sign-in (right and
/// wrong), token refresh, bookings, rejected requests and an unexpected failure, with every log
/// level of every test host captured; none of the markers may appear in any line.
/// </summary>
public sealed class PersonalDataInLogsTests
{
    private const string PasswordMarker = "Pw-MARKER-7f3a9c-长城";
    private const string UserMarker = "user-marker-51c2";
    private const string ReasonMarker = "原因-MARKER-88e1";
    private const string NameMarker = "标记名字甲乙丙";
    private const string MobileMarker = "13987650321";

    [Fact]
    public async Task No_password_token_or_personal_marker_is_ever_logged()
    {
        await using var f = new ServerFixture();
        await TwoTownsAsync(f);
        await FacilityAsync(f, "court", OpenDaily("篮球场", 1));
        await f.CreateAccountAsync(UserMarker, PasswordMarker, residentId: "r-marker");
        var accounts = new AccountService.AccountServiceClient(f.Channel(null));

        var session = await accounts.SignInAsync(new SignInRequest { UserName = UserMarker, Password = PasswordMarker });
        await Assert.ThrowsAsync<RpcException>(() => accounts.SignInAsync(new SignInRequest { UserName = UserMarker, Password = PasswordMarker + "x" }).ResponseAsync);
        var refreshed = await accounts.RefreshSessionAsync(new RefreshSessionRequest { RefreshToken = session.RefreshToken });
        await Assert.ThrowsAsync<RpcException>(() => accounts.RefreshSessionAsync(new RefreshSessionRequest { RefreshToken = session.RefreshToken }).ResponseAsync);
        var headers = new Metadata { { "authorization", "Bearer " + refreshed.AccessToken } };
        var bookings = new BookingService.BookingServiceClient(f.Channel(null));
        var booking = await bookings.CreateBookingAsync(new CreateBookingRequest { Parent = "facilities/court", Booking = Slot(new LocalDate(2026, 6, 11), 10) }, headers);
        await bookings.CancelBookingAsync(new CancelBookingRequest { Name = booking.Name, Reason = ReasonMarker }, headers);
        await Assert.ThrowsAsync<RpcException>(() => bookings.CreateBookingAsync(new CreateBookingRequest
        {
            Parent = "facilities/court",
            Booking = new Booking { PartySize = -1 },
            RequestId = ReasonMarker,
        }, headers).ResponseAsync);
        await Assert.ThrowsAsync<RpcException>(() => bookings.GetBookingAsync(new GetBookingRequest { Name = booking.Name },
            new Metadata { { "authorization", "Bearer " + refreshed.AccessToken + "tampered" } }).ResponseAsync);

        var idNumber = CommunityShare.Domain.Residents.IdentityNumber.WithCheckCharacter("31011219771231987");
        var residents = new ResidentService.ResidentServiceClient(f.Channel(null));
        var resident = await residents.RegisterResidentAsync(new RegisterResidentRequest
        {
            Resident = new Resident { DisplayName = NameMarker, Mobile = MobileMarker, IdentityNumber = idNumber, HomePlace = "places/310112101001" },
            UserName = "resident-marker",
            Password = PasswordMarker,
        });
        await new ResidentService.ResidentServiceClient(f.Channel("staff:li:office=310112101"))
            .GetResidentAsync(new GetResidentRequest { Name = resident.Name, View = GetResidentRequest.Types.View.Full });
        await Assert.ThrowsAsync<RpcException>(() => residents.RegisterResidentAsync(new RegisterResidentRequest
        {
            Resident = new Resident { DisplayName = NameMarker, Mobile = MobileMarker, IdentityNumber = idNumber, HomePlace = "places/310112101001" },
            UserName = "resident-marker-2",
            Password = PasswordMarker,
        }).ResponseAsync);

        // Counter service: looked up by the numbers on the card, consent recorded with a note, a proxy booking.
        var counter = new ResidentService.ResidentServiceClient(f.Channel("staff:li:office=310112101"));
        await counter.SearchResidentsAsync(new SearchResidentsRequest { Query = idNumber });
        await counter.SearchResidentsAsync(new SearchResidentsRequest { Query = MobileMarker });
        await counter.SearchResidentsAsync(new SearchResidentsRequest { Query = NameMarker });
        await f.AddResidentAsync("proxy-marker", "310112101001", NameMarker + "子");
        await counter.CreateProxyGrantAsync(new CreateProxyGrantRequest
        {
            Parent = resident.Name,
            ProxyGrant = new ProxyGrant { Proxy = "residents/proxy-marker", Relationship = "子女", ConsentNote = ReasonMarker },
        });
        await new BookingService.BookingServiceClient(f.Channel("staff:li:office=310112101")).CreateBookingAsync(new CreateBookingRequest
        {
            Parent = "facilities/court",
            Booking = new Booking(Slot(new LocalDate(2026, 6, 11), 12))
            {
                Resident = resident.Name,
                ProxyConsent = new ProxyConsent { Method = ProxyConsent.Types.Method.ByPhone, Note = ReasonMarker },
            },
        });

        var markers = new[] { PasswordMarker, UserMarker, ReasonMarker, NameMarker, MobileMarker, idNumber, session.RefreshToken, refreshed.RefreshToken, refreshed.AccessToken };
        var leaks = CapturedLogs.Instance.Lines.Where(line => markers.Any(m => line.Contains(m, StringComparison.Ordinal))).ToArray();

        Assert.NotEmpty(CapturedLogs.Instance.Lines);
        Assert.Empty(leaks);
    }
}
