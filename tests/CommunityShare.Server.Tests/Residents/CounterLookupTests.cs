using CommunityShare.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using IdentityNumber = CommunityShare.Domain.Residents.IdentityNumber;
using static CommunityShare.Server.Tests.Demo;

namespace CommunityShare.Server.Tests.Residents;

/// <summary>Counter service finds residents; residents and their offices keep the record up to date.</summary>
public sealed class CounterLookupTests : IAsyncLifetime
{
    private static readonly string Number = IdentityNumber.WithCheckCharacter("31011219550301002");
    private readonly ServerFixture _f = new();
    private Resident _wang = null!;

    public async Task InitializeAsync()
    {
        await TwoTownsAsync(_f);
        _wang = await Residents(null).RegisterResidentAsync(new RegisterResidentRequest
        {
            Resident = new Resident { DisplayName = "王秀英", Mobile = "13812345678", IdentityNumber = Number, HomePlace = "places/310112101001" },
            UserName = "wang.xiuying",
            Password = "a-long-passphrase",
        });
        await _f.AddResidentAsync("qibao-1", "310112102001", "王建国");
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private ResidentService.ResidentServiceClient Residents(string? actor) => new(_f.Channel(actor));

    private string Me => "resident:" + _wang.Name["residents/".Length..];

    [Theory]
    [InlineData("13812345678")]
    [InlineData("card")]
    [InlineData("card-lower-x")]
    public async Task Any_staff_find_a_resident_by_the_number_they_show_masked(string query)
    {
        query = query switch
        {
            "card" => Number,
            "card-lower-x" => Number.ToLowerInvariant(),
            _ => query,
        };

        var found = await Residents("staff:qian:institution=school-2").SearchResidentsAsync(new SearchResidentsRequest { Query = query });

        var only = Assert.Single(found.Residents);
        Assert.Equal(_wang.Name, only.Name);
        Assert.Equal(("王**", "138****5678"), (only.DisplayName, only.Mobile));
        Assert.DoesNotContain("19550301", only.IdentityNumber, StringComparison.Ordinal);
    }

    [Fact]
    public async Task By_name_staff_find_only_residents_of_the_places_they_oversee()
    {
        var xinzhuang = await Residents("staff:li:office=310112101").SearchResidentsAsync(new SearchResidentsRequest { Query = "王" });
        var district = await Residents("staff:admin").SearchResidentsAsync(new SearchResidentsRequest { Query = "王", PageSize = 1 });
        var next = await Residents("staff:admin").SearchResidentsAsync(new SearchResidentsRequest { Query = "王", PageSize = 1, PageToken = district.NextPageToken });

        Assert.Equal([_wang.Name], xinzhuang.Residents.Select(r => r.Name));
        Assert.Equal(new[] { "residents/qibao-1", _wang.Name }.Order(StringComparer.Ordinal),
            district.Residents.Concat(next.Residents).Select(r => r.Name).Order(StringComparer.Ordinal));
        Assert.Equal("", next.NextPageToken);
        await Rpc.FailsAsync(StatusCode.PermissionDenied, "NOT_IN_SCOPE",
            () => Residents("staff:qian:institution=school-2").SearchResidentsAsync(new SearchResidentsRequest { Query = "王" }));
        await Rpc.NotAllowedAsync(() => Residents(Me).SearchResidentsAsync(new SearchResidentsRequest { Query = "王" }));
        await Rpc.InvalidAsync(() => Residents("staff:admin").SearchResidentsAsync(new SearchResidentsRequest { Query = " ", PageSize = -1 }),
            ("query", "REQUIRED"), ("page_size", "OUT_OF_RANGE"));
    }

    [Fact]
    public async Task A_resident_changes_their_mobile_and_home_but_not_their_name()
    {
        var updated = await Residents(Me).UpdateResidentAsync(new UpdateResidentRequest
        {
            Resident = new Resident { Name = _wang.Name, Mobile = "13900001111", HomePlace = "places/310112102001", Etag = _wang.Etag },
            UpdateMask = new FieldMask { Paths = { "mobile", "home_place" } },
        });

        Assert.Equal(("13900001111", "places/310112102001"), (updated.Mobile, updated.HomePlace));
        Assert.NotEqual(_wang.Etag, updated.Etag);
        await Rpc.StaleEtagAsync(() => Residents(Me).UpdateResidentAsync(new UpdateResidentRequest
        {
            Resident = new Resident { Name = _wang.Name, Mobile = "13900002222", Etag = _wang.Etag },
            UpdateMask = new FieldMask { Paths = { "mobile" } },
        }));
        await Rpc.NotAllowedAsync(() => Residents(Me).UpdateResidentAsync(new UpdateResidentRequest
        {
            Resident = new Resident { Name = _wang.Name, DisplayName = "王秀美" },
            UpdateMask = new FieldMask { Paths = { "display_name" } },
        }));
        // Now she lives in Qibao: Qibao's office corrects her name, Xinzhuang's no longer can.
        var renamed = await Residents("staff:wang:office=310112102").UpdateResidentAsync(new UpdateResidentRequest
        {
            Resident = new Resident { Name = _wang.Name, DisplayName = "王秀美" },
            UpdateMask = new FieldMask { Paths = { "display_name" } },
        });
        Assert.Equal("王**", renamed.DisplayName); // staff see it masked
        await Rpc.FailsAsync(StatusCode.PermissionDenied, "NOT_IN_SCOPE", () => Residents("staff:li:office=310112101").UpdateResidentAsync(new UpdateResidentRequest
        {
            Resident = new Resident { Name = _wang.Name, Mobile = "13900003333" },
            UpdateMask = new FieldMask { Paths = { "mobile" } },
        }));
    }

    [Fact]
    public async Task Every_problem_of_an_update_is_reported_at_once_and_nothing_changes()
    {
        await Rpc.InvalidAsync(() => Residents(Me).UpdateResidentAsync(new UpdateResidentRequest
        {
            Resident = new Resident { Name = _wang.Name, Mobile = "12345", HomePlace = "places/310112101" },
            UpdateMask = new FieldMask { Paths = { "mobile", "home_place", "identity_number" } },
        }), ("resident.mobile", "INVALID_FORMAT"), ("resident.home_place", "PLACE_KIND_NOT_ALLOWED"), ("update_mask", "INVALID_UPDATE_MASK"));

        var unchanged = await Residents(Me).GetResidentAsync(new GetResidentRequest { Name = _wang.Name, View = GetResidentRequest.Types.View.Full });
        Assert.Equal(("13812345678", "places/310112101001", _wang.Etag), (unchanged.Mobile, unchanged.HomePlace, unchanged.Etag));
    }
}
