using CommunityShare.Contracts.V1;
using CommunityShare.Server.Data.Seeding;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace CommunityShare.Server.Tests.Identity;

/// <summary>The README's demo accounts sign in with the documented password and reach exactly their part of Minhang.</summary>
public sealed class DemoAccountTests : IAsyncLifetime
{
    private readonly ServerFixture _f = new(seedDemoData: true);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private async Task<Metadata> SignInAsync(string userName)
    {
        var session = await new AccountService.AccountServiceClient(_f.Channel(null))
            .SignInAsync(new SignInRequest { UserName = userName, Password = DemoAccounts.Password });
        return new Metadata { { "authorization", "Bearer " + session.AccessToken } };
    }

    [Theory]
    [InlineData("district.admin", "district=310112")]
    [InlineData("district.supervisor", "supervisor=310112")]
    [InlineData("xinzhuang.office", "office=310112101")]
    [InlineData("gumei.office", "office=310112006")]
    [InlineData("xinzhuang.school", "institution=school-310112101")]
    [InlineData("xinzhuang.health", "institution=health-310112101")]
    public async Task Every_staff_demo_account_signs_in_with_its_role(string userName, string role)
    {
        var me = await new AccountService.AccountServiceClient(_f.Channel(null)).GetCurrentAccountAsync(new GetCurrentAccountRequest(), await SignInAsync(userName));

        Assert.Equal([role], me.Roles);
    }

    [Fact]
    public async Task A_demo_resident_lists_their_own_seeded_bookings()
    {
        var mine = await new BookingService.BookingServiceClient(_f.Channel(null))
            .ListBookingsAsync(new ListBookingsRequest { Parent = "facilities/-" }, await SignInAsync("resident01"));

        Assert.NotEmpty(mine.Bookings);
        Assert.All(mine.Bookings, b => Assert.Equal("residents/demo-resident-01", b.Resident));
    }

    [Fact]
    public async Task Demo_residents_have_real_name_records_and_resident01_acts_for_the_elderly_resident03()
    {
        var me = await SignInAsync("resident01");
        var residents = new ResidentService.ResidentServiceClient(_f.Channel(null));

        var own = await residents.GetResidentAsync(new GetResidentRequest { Name = "residents/demo-resident-01", View = GetResidentRequest.Types.View.Full }, me);
        var actsFor = await residents.ListProxyGrantsAsync(new ListProxyGrantsRequest { Parent = "residents/-", Proxy = "residents/demo-resident-01" }, me);
        var herBookings = await new BookingService.BookingServiceClient(_f.Channel(null))
            .ListBookingsAsync(new ListBookingsRequest { Parent = "facilities/-", Resident = "residents/demo-resident-03" }, me);
        var found = await residents.SearchResidentsAsync(new SearchResidentsRequest { Query = "13900000003" }, await SignInAsync("xinzhuang.office"));

        Assert.Equal("places/310112101001", own.HomePlace);
        Assert.Equal(18, own.IdentityNumber.Length);
        Assert.Equal(["residents/demo-resident-03"], actsFor.ProxyGrants.Select(g => g.Name.Split("/proxyGrants/")[0]));
        Assert.All(herBookings.Bookings, b => Assert.Equal("residents/demo-resident-03", b.Resident));
        Assert.Equal(["residents/demo-resident-03"], found.Residents.Select(r => r.Name));
    }

    [Theory]
    [InlineData("facilities/school-310112101-court", StatusCode.OK)]
    [InlineData("facilities/school-310112006-court", StatusCode.PermissionDenied)]
    public async Task The_Xinzhuang_office_changes_Xinzhuang_facilities_only(string facility, StatusCode expected)
    {
        var facilities = new FacilityService.FacilityServiceClient(_f.Channel(null));
        var headers = await SignInAsync("xinzhuang.office");

        var status = StatusCode.OK;
        try
        {
            await facilities.UpdateFacilityAsync(new UpdateFacilityRequest
            {
                Facility = new Facility { Name = facility, Description = "周末开放" },
                UpdateMask = new FieldMask { Paths = { "description" } },
            }, headers);
        }
        catch (RpcException e)
        {
            status = e.StatusCode;
        }

        Assert.Equal(expected, status);
    }
}
