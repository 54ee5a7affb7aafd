using CommunityShare.Contracts.V1;
using IdentityNumber = CommunityShare.Domain.Residents.IdentityNumber;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using static CommunityShare.Server.Tests.Demo;
using View = CommunityShare.Contracts.V1.GetResidentRequest.Types.View;

namespace CommunityShare.Server.Tests.Residents;

public sealed class ResidentServiceTests : IAsyncLifetime
{
    private const string Password = "a-long-passphrase";
    private static readonly string AdultNumber = IdentityNumber.WithCheckCharacter("31011219800515123");
    private static readonly string ChildNumber = IdentityNumber.WithCheckCharacter("31011220150601456");
    private readonly ServerFixture _f = new();

    public async Task InitializeAsync() => await TwoTownsAsync(_f);

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private ResidentService.ResidentServiceClient Residents(string? actor = null) => new(_f.Channel(actor));

    private static RegisterResidentRequest Request(string userName = "zhang.wei", string number = "", string guardian = "") => new()
    {
        Resident = new Resident
        {
            DisplayName = "张伟",
            Mobile = "13812345678",
            IdentityNumber = number == "" ? AdultNumber : number,
            HomePlace = "places/310112101001",
            Guardian = guardian,
        },
        UserName = userName,
        Password = Password,
    };

    [Fact]
    public async Task A_registered_resident_sees_themselves_in_full_and_staff_see_them_masked()
    {
        var registered = await Residents().RegisterResidentAsync(Request());
        var id = registered.Name["residents/".Length..];

        var own = await Residents($"resident:{id}").GetResidentAsync(new GetResidentRequest { Name = registered.Name, View = View.Full });
        var office = await Residents("staff:li:office=310112101").GetResidentAsync(new GetResidentRequest { Name = registered.Name });

        Assert.Equal((AdultNumber, "13812345678", "张伟"), (own.IdentityNumber, own.Mobile, own.DisplayName));
        Assert.Equal(("138****5678", "张*"), (office.Mobile, office.DisplayName));
        Assert.DoesNotContain("19800515", office.IdentityNumber, StringComparison.Ordinal);
        Assert.False(office.Minor);
    }

    [Fact]
    public async Task Every_problem_of_a_registration_is_reported_at_once_and_nothing_is_written()
    {
        var request = new RegisterResidentRequest
        {
            Resident = new Resident { Mobile = "2381234567", IdentityNumber = "310112198005151234", HomePlace = "places/310112101" },
            UserName = "X",
            Password = "short",
        };

        var e = await Assert.ThrowsAsync<RpcException>(() => Residents().RegisterResidentAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Equal(["password", "resident.display_name", "resident.home_place", "resident.identity_number", "resident.mobile", "user_name"],
            FieldViolations(e).Select(v => v.Field).Distinct().Order());
        Assert.Equal(0, await _f.WithDbAsync(db => db.Set<CommunityShare.Server.Residents.ResidentRecord>().CountAsync()));
    }

    [Fact]
    public async Task A_minor_is_registered_only_with_an_adult_guardian_who_may_then_see_them()
    {
        var refused = await Assert.ThrowsAsync<RpcException>(() => Residents().RegisterResidentAsync(Request("xiao.ming", ChildNumber)).ResponseAsync);
        var parent = await Residents().RegisterResidentAsync(Request());
        var child = await Residents().RegisterResidentAsync(Request("xiao.ming", ChildNumber, parent.Name));
        var seenByParent = await Residents($"resident:{parent.Name["residents/".Length..]}").GetResidentAsync(new GetResidentRequest { Name = child.Name, View = View.Full });

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Equal("GUARDIAN_REQUIRED", Reason(refused));
        Assert.True(child.Minor);
        Assert.Equal(ChildNumber, seenByParent.IdentityNumber);
    }

    [Fact]
    public async Task One_identity_number_and_one_user_name_register_once()
    {
        await Residents().RegisterResidentAsync(Request());

        var sameNumber = await Assert.ThrowsAsync<RpcException>(() => Residents().RegisterResidentAsync(Request("someone.else")).ResponseAsync);
        var sameName = await Assert.ThrowsAsync<RpcException>(() =>
            Residents().RegisterResidentAsync(Request("zhang.wei", IdentityNumber.WithCheckCharacter("31011219700101999"))).ResponseAsync);

        Assert.Equal(StatusCode.AlreadyExists, sameNumber.StatusCode);
        Assert.Equal(StatusCode.AlreadyExists, sameName.StatusCode);
        Assert.Equal("user_name", Assert.Single(FieldViolations(sameName)).Field);
    }

    [Fact]
    public async Task A_staff_member_s_full_view_is_audited_and_a_masked_one_is_not()
    {
        var registered = await Residents().RegisterResidentAsync(Request());
        var office = Residents("staff:li:office=310112101");

        await office.GetResidentAsync(new GetResidentRequest { Name = registered.Name });
        var full = await office.GetResidentAsync(new GetResidentRequest { Name = registered.Name, View = View.Full });
        var views = await _f.WithDbAsync(db => db.Set<CommunityShare.Server.Audit.AuditEntry>()
            .Where(a => a.Action == "resident.view_full").Select(a => new { a.Actor, a.Resource }).ToListAsync());

        Assert.Equal(AdultNumber, full.IdentityNumber);
        Assert.Equal(new { Actor = "staff/li", Resource = registered.Name }, Assert.Single(views));
        var elsewhere = await Assert.ThrowsAsync<RpcException>(() =>
            Residents("staff:wang:office=310112102").GetResidentAsync(new GetResidentRequest { Name = registered.Name }).ResponseAsync);
        Assert.Equal("NOT_IN_SCOPE", Reason(elsewhere));
    }

    [Fact]
    public async Task The_identity_number_is_never_stored_in_clear()
    {
        await Residents().RegisterResidentAsync(Request());

        var stored = await _f.WithDbAsync(db => db.Set<CommunityShare.Server.Residents.ResidentRecord>().AsNoTracking().SingleAsync());

        Assert.DoesNotContain(AdultNumber, stored.ProtectedIdentityNumber, StringComparison.Ordinal);
        Assert.DoesNotContain(AdultNumber, stored.IdentityNumberHash, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_registered_resident_signs_in_and_books_as_themselves()
    {
        var registered = await Residents().RegisterResidentAsync(Request());
        var session = await new AccountService.AccountServiceClient(_f.Channel(null)).SignInAsync(new SignInRequest { UserName = "zhang.wei", Password = Password });

        var booking = await new BookingService.BookingServiceClient(_f.Channel(null)).CreateBookingAsync(new CreateBookingRequest
        {
            Parent = "facilities/court-x",
            Booking = Slot(new NodaTime.LocalDate(2026, 6, 11), 10),
        }, new Metadata { { "authorization", "Bearer " + session.AccessToken } });

        Assert.Equal(registered.Name, booking.Resident);
        Assert.Equal(registered.Name, session.Account.Resident);
    }
}
