using CommunityShare.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Google.Type;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Kind = CommunityShare.Contracts.V1.Place.Types.Kind;

namespace CommunityShare.Server.Tests.Places;

public sealed class PlaceServiceTests : IAsyncLifetime
{
    private const string Town = "places/310112101";
    private const string Neighbourhood = "places/310112101001";

    private readonly ServerFixture _f = new();
    private PlaceService.PlaceServiceClient _places = null!;

    public async Task InitializeAsync()
    {
        _places = _f.Places();
        await Demo.TownAsync(_f);
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private Task<int> CountAsync() => _f.WithDbAsync(db => db.Places.CountAsync());

    private static CreatePlaceRequest NewNeighbourhood(string code = "310112101002", string name = "莘庄二村居委会") => new()
    {
        PlaceId = code,
        Place = new Place { Parent = Town, Kind = Kind.Neighborhood, DisplayName = name, Location = new LatLng { Latitude = 31.1, Longitude = 121.4 } },
    };

    // GetPlace

    [Fact]
    public async Task GetPlace_returns_the_place_to_anonymous_callers()
    {
        var place = await _f.Places(null).GetPlaceAsync(new GetPlaceRequest { Name = Town });

        Assert.Equal(Town, place.Name);
        Assert.Equal("places/310112", place.Parent);
        Assert.Equal(Kind.Town, place.Kind);
        Assert.Equal("莘庄镇", place.DisplayName);
        Assert.Equal("Xinzhuang Town", place.DisplayNameEn);
        Assert.Equal("\"1\"", place.Etag);
        Assert.Equal(Demo.ToTimestamp(ServerFixture.DefaultNow), place.CreateTime);
        Assert.Equal(place.CreateTime, place.UpdateTime);
    }

    [Fact]
    public async Task GetPlace_of_an_unknown_code_is_not_found()
    {
        await Rpc.NotFoundAsync(() => _places.GetPlaceAsync(new GetPlaceRequest { Name = "places/310112999" }));
    }

    [Theory]
    [InlineData("310112101", "INVALID_FORMAT")]
    [InlineData("place/310112101", "INVALID_FORMAT")]
    [InlineData("places/310112101/extra", "INVALID_FORMAT")]
    [InlineData("places/Town", "INVALID_FORMAT")]
    [InlineData("", "REQUIRED")]
    public async Task GetPlace_with_a_malformed_name_is_invalid_on_name(string name, string reason)
    {
        await Rpc.InvalidAsync(() => _places.GetPlaceAsync(new GetPlaceRequest { Name = name }), ("name", reason));
    }

    // ListPlaces

    [Fact]
    public async Task ListPlaces_with_a_parent_lists_only_its_direct_children()
    {
        await _places.CreatePlaceAsync(NewNeighbourhood());

        var children = await _places.ListPlacesAsync(new ListPlacesRequest { Parent = Town });
        var ofDistrict = await _places.ListPlacesAsync(new ListPlacesRequest { Parent = "places/310112" });

        Assert.Equal(["places/310112101001", "places/310112101002"], children.Places.Select(p => p.Name));
        Assert.Equal([Town], ofDistrict.Places.Select(p => p.Name));
        Assert.Equal("", children.NextPageToken);
    }

    [Fact]
    public async Task ListPlaces_filters_by_kind()
    {
        await _places.CreatePlaceAsync(NewNeighbourhood());

        var neighbourhoods = await _places.ListPlacesAsync(new ListPlacesRequest { Kind = Kind.Neighborhood });
        var everything = await _places.ListPlacesAsync(new ListPlacesRequest());

        Assert.Equal(["places/310112101001", "places/310112101002"], neighbourhoods.Places.Select(p => p.Name));
        Assert.Equal(4, everything.Places.Count);
    }

    [Fact]
    public async Task ListPlaces_pages_walk_every_place_exactly_once()
    {
        for (var i = 2; i <= 6; i++)
        {
            await _places.CreatePlaceAsync(NewNeighbourhood($"31011210100{i}", $"第{i}居委会"));
        }

        var seen = new List<string>();
        var pages = 0;
        var token = "";
        do
        {
            var page = await _places.ListPlacesAsync(new ListPlacesRequest { PageSize = 3, PageToken = token });
            Assert.InRange(page.Places.Count, 1, 3);
            seen.AddRange(page.Places.Select(p => p.Name));
            token = page.NextPageToken;
            pages++;
        }
        while (token != "");

        Assert.Equal(8, seen.Count);
        Assert.Equal(seen.Distinct(), seen);
        Assert.Equal(seen.Order(StringComparer.Ordinal), seen);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task ListPlaces_refuses_a_page_token_reused_with_other_filters()
    {
        var first = await _places.ListPlacesAsync(new ListPlacesRequest { PageSize = 1 });
        Assert.NotEqual("", first.NextPageToken);

        await Rpc.InvalidAsync(() => _places.ListPlacesAsync(new ListPlacesRequest { PageSize = 1, Kind = Kind.Town, PageToken = first.NextPageToken }),
            ("page_token", "INVALID_PAGE_TOKEN"));
        await Rpc.InvalidAsync(() => _places.ListPlacesAsync(new ListPlacesRequest { PageToken = "not a token" }),
            ("page_token", "INVALID_PAGE_TOKEN"));
    }

    [Fact]
    public async Task ListPlaces_reports_every_bad_argument_at_once()
    {
        await Rpc.InvalidAsync(() => _places.ListPlacesAsync(new ListPlacesRequest { PageSize = -1, Parent = "towns/1", Kind = (Kind)42 }),
            ("page_size", "OUT_OF_RANGE"), ("parent", "INVALID_FORMAT"), ("kind", "OUT_OF_RANGE"));
    }

    // CreatePlace

    [Fact]
    public async Task CreatePlace_creates_a_place_under_its_parent()
    {
        var created = await _places.CreatePlaceAsync(NewNeighbourhood());

        Assert.Equal("places/310112101002", created.Name);
        Assert.Equal(Town, created.Parent);
        Assert.Equal(Kind.Neighborhood, created.Kind);
        Assert.Equal(31.1, created.Location.Latitude);
        Assert.Equal(created, await _places.GetPlaceAsync(new GetPlaceRequest { Name = created.Name }));
    }

    [Fact]
    public async Task CreatePlace_reports_every_problem_at_once_and_writes_nothing()
    {
        var before = await CountAsync();

        await Rpc.InvalidAsync(() => _places.CreatePlaceAsync(new CreatePlaceRequest
            {
                PlaceId = "12",
                Place = new Place
                {
                    DisplayName = " ",
                    DisplayNameEn = new string('x', 101),
                    Location = new LatLng { Latitude = 91, Longitude = 0 },
                },
            }),
            ("place_id", "INVALID_FORMAT"), ("place.kind", "REQUIRED"), ("place.display_name", "REQUIRED"),
            ("place.display_name_en", "TOO_LONG"), ("place.location", "OUT_OF_RANGE"));

        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task CreatePlace_checks_the_place_against_its_parent()
    {
        // A neighbourhood cannot sit directly under the district, and its code must extend the parent's.
        await Rpc.InvalidAsync(() => _places.CreatePlaceAsync(new CreatePlaceRequest
            {
                PlaceId = "310113001",
                Place = new Place { Parent = "places/310112", Kind = Kind.Neighborhood, DisplayName = "x" },
            }),
            ("place.kind", "PLACE_KIND_NOT_ALLOWED"), ("place_id", "INVALID_FORMAT"));
        await Rpc.InvalidAsync(() => _places.CreatePlaceAsync(new CreatePlaceRequest
            {
                PlaceId = "310112999001",
                Place = new Place { Parent = "places/310112999", Kind = Kind.Neighborhood, DisplayName = "x" },
            }),
            ("place.parent", "NOT_FOUND"));
        await Rpc.InvalidAsync(() => _places.CreatePlaceAsync(new CreatePlaceRequest
            {
                PlaceId = "310112102",
                Place = new Place { Kind = Kind.Town, DisplayName = "x" },
            }),
            ("place.parent", "REQUIRED"));
        await Rpc.InvalidAsync(() => _places.CreatePlaceAsync(new CreatePlaceRequest
            {
                PlaceId = "310112102",
                Place = new Place { Parent = "places/310112", Kind = Kind.District, DisplayName = "x" },
            }),
            ("place.parent", "PLACE_KIND_NOT_ALLOWED"));
        await Rpc.InvalidAsync(() => _places.CreatePlaceAsync(new CreatePlaceRequest
            {
                PlaceId = "310112102",
                Place = new Place { Parent = "310112", Kind = Kind.Town, DisplayName = "x" },
            }),
            ("place.parent", "INVALID_FORMAT"));
    }

    [Fact]
    public async Task CreatePlace_with_a_code_in_use_already_exists()
    {
        var before = await CountAsync();

        await Rpc.FailsAsync(StatusCode.AlreadyExists, "ALREADY_EXISTS", () => _places.CreatePlaceAsync(new CreatePlaceRequest
        {
            PlaceId = "310112101001",
            Place = new Place { Parent = Town, Kind = Kind.Village, DisplayName = "又一个" },
        }));

        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task CreatePlace_retried_with_its_request_id_returns_the_same_place_and_creates_nothing()
    {
        var request = NewNeighbourhood();
        request.RequestId = "6b0a5a8e-1f7e-4f55-9d7c-3d1d0c2b9a11";

        var first = await _places.CreatePlaceAsync(request);
        var count = await CountAsync();
        var retry = await _places.CreatePlaceAsync(request);

        Assert.Equal(first, retry);
        Assert.Equal(count, await CountAsync());
    }

    [Fact]
    public async Task CreatePlace_refuses_a_request_id_reused_for_another_request()
    {
        var request = NewNeighbourhood();
        request.RequestId = "req-1";
        await _places.CreatePlaceAsync(request);
        var count = await CountAsync();

        var other = NewNeighbourhood("310112101003", "莘庄三村");
        other.RequestId = "req-1";
        var e = await Rpc.FailsAsync(StatusCode.InvalidArgument, "REQUEST_ID_REUSED", () => _places.CreatePlaceAsync(other));

        Assert.Equal(["request_id REQUEST_ID_REUSED"], Rpc.Violations(e));
        Assert.Equal(count, await CountAsync());
    }

    [Fact]
    public async Task CreatePlace_refuses_a_malformed_request_id()
    {
        var request = NewNeighbourhood();
        request.RequestId = new string('a', 37);
        await Rpc.InvalidAsync(() => _places.CreatePlaceAsync(request), ("request_id", "INVALID_FORMAT"));
    }

    [Fact]
    public async Task CreatePlace_needs_a_staff_caller()
    {
        var before = await CountAsync();

        await Rpc.UnauthenticatedAsync(() => _f.Places(null).CreatePlaceAsync(NewNeighbourhood()));
        await Rpc.NotAllowedAsync(() => _f.Places("resident:r1").CreatePlaceAsync(NewNeighbourhood()));

        Assert.Equal(before, await CountAsync());
    }

    [Theory]
    [InlineData("Bearer not-a-token", "TOKEN_INVALID")]
    [InlineData("Bearer ", "UNAUTHENTICATED")]
    [InlineData("Basic YWRtaW46YWRtaW4=", "UNAUTHENTICATED")]
    public async Task CreatePlace_without_a_valid_bearer_token_is_unauthenticated(string authorization, string reason)
    {
        var anonymous = new PlaceService.PlaceServiceClient(_f.Channel(null));

        await Rpc.FailsAsync(StatusCode.Unauthenticated, reason,
            () => anonymous.CreatePlaceAsync(NewNeighbourhood(), new Metadata { { "authorization", authorization } }));
    }

    // UpdatePlace

    [Fact]
    public async Task UpdatePlace_changes_only_the_fields_in_the_mask()
    {
        _f.Clock.AdvanceHours(1);
        var updated = await _places.UpdatePlaceAsync(new UpdatePlaceRequest
        {
            Place = new Place { Name = Town, DisplayName = "ignored", DisplayNameEn = "Xinzhuang", Kind = Kind.Village },
            UpdateMask = new FieldMask { Paths = { "display_name_en" } },
        });

        Assert.Equal("莘庄镇", updated.DisplayName);
        Assert.Equal("Xinzhuang", updated.DisplayNameEn);
        Assert.Equal(Kind.Town, updated.Kind);
        Assert.Equal("\"2\"", updated.Etag);
        Assert.Equal(Demo.ToTimestamp(ServerFixture.DefaultNow), updated.CreateTime);
        Assert.Equal(Demo.ToTimestamp(ServerFixture.DefaultNow + NodaTime.Duration.FromHours(1)), updated.UpdateTime);
        Assert.Equal(updated, await _places.GetPlaceAsync(new GetPlaceRequest { Name = Town }));
    }

    [Fact]
    public async Task UpdatePlace_without_a_mask_replaces_every_updatable_field()
    {
        var updated = await _places.UpdatePlaceAsync(new UpdatePlaceRequest
        {
            Place = new Place { Name = Town, DisplayName = "新莘庄镇", Location = new LatLng { Latitude = 31.1, Longitude = 121.3 } },
        });

        Assert.Equal("新莘庄镇", updated.DisplayName);
        Assert.Equal("", updated.DisplayNameEn);
        Assert.Equal(121.3, updated.Location.Longitude);
        Assert.Equal("places/310112", updated.Parent);
    }

    [Fact]
    public async Task UpdatePlace_refuses_paths_that_cannot_be_updated()
    {
        await Rpc.InvalidAsync(() => _places.UpdatePlaceAsync(new UpdatePlaceRequest
            {
                Place = new Place { Name = Town, Kind = Kind.Village },
                UpdateMask = new FieldMask { Paths = { "kind", "display_name_en", "parent" } },
            }),
            ("update_mask", "INVALID_UPDATE_MASK"), ("update_mask", "INVALID_UPDATE_MASK"));
        Assert.Equal("Xinzhuang Town", (await _places.GetPlaceAsync(new GetPlaceRequest { Name = Town })).DisplayNameEn);
    }

    [Fact]
    public async Task UpdatePlace_checks_the_new_values()
    {
        await Rpc.InvalidAsync(() => _places.UpdatePlaceAsync(new UpdatePlaceRequest
            {
                Place = new Place { Name = Town, DisplayName = "", Location = new LatLng { Latitude = 0, Longitude = 181 } },
                UpdateMask = new FieldMask { Paths = { "display_name", "location" } },
            }),
            ("place.display_name", "REQUIRED"), ("place.location", "OUT_OF_RANGE"));
    }

    [Fact]
    public async Task UpdatePlace_with_a_stale_etag_is_aborted_and_with_the_current_one_succeeds()
    {
        var current = await _places.GetPlaceAsync(new GetPlaceRequest { Name = Town });
        var mask = new FieldMask { Paths = { "display_name" } };
        await _places.UpdatePlaceAsync(new UpdatePlaceRequest { Place = new Place { Name = Town, DisplayName = "A", Etag = current.Etag }, UpdateMask = mask });

        await Rpc.StaleEtagAsync(() => _places.UpdatePlaceAsync(new UpdatePlaceRequest
        {
            Place = new Place { Name = Town, DisplayName = "B", Etag = current.Etag },
            UpdateMask = mask,
        }));
        Assert.Equal("A", (await _places.GetPlaceAsync(new GetPlaceRequest { Name = Town })).DisplayName);
    }

    [Fact]
    public async Task UpdatePlace_of_an_unknown_or_malformed_place_fails()
    {
        await Rpc.NotFoundAsync(() => _places.UpdatePlaceAsync(new UpdatePlaceRequest
        {
            Place = new Place { Name = "places/310112999", DisplayName = "x" },
            UpdateMask = new FieldMask { Paths = { "display_name" } },
        }));
        await Rpc.InvalidAsync(() => _places.UpdatePlaceAsync(new UpdatePlaceRequest
            {
                Place = new Place { Name = "places/abc_def", DisplayName = "x" },
            }),
            ("place.name", "INVALID_FORMAT"));
    }

    [Fact]
    public async Task UpdatePlace_needs_a_staff_caller()
    {
        var request = new UpdatePlaceRequest { Place = new Place { Name = Town, DisplayName = "x" } };

        await Rpc.UnauthenticatedAsync(() => _f.Places(null).UpdatePlaceAsync(request));
        await Rpc.NotAllowedAsync(() => _f.Places("resident:r1").UpdatePlaceAsync(request));
        Assert.Equal("莘庄镇", (await _places.GetPlaceAsync(new GetPlaceRequest { Name = Town })).DisplayName);
    }

    // DeletePlace

    [Fact]
    public async Task DeletePlace_removes_a_leaf_place()
    {
        await _places.DeletePlaceAsync(new DeletePlaceRequest { Name = Neighbourhood, Etag = "\"1\"" });

        await Rpc.NotFoundAsync(() => _places.GetPlaceAsync(new GetPlaceRequest { Name = Neighbourhood }));
        await Rpc.NotFoundAsync(() => _places.DeletePlaceAsync(new DeletePlaceRequest { Name = Neighbourhood }));
    }

    [Fact]
    public async Task DeletePlace_with_child_places_or_institutions_fails_with_has_children()
    {
        await Rpc.FailsAsync(StatusCode.FailedPrecondition, "HAS_CHILDREN", () => _places.DeletePlaceAsync(new DeletePlaceRequest { Name = Town }));

        await Demo.SchoolAsync(_f);
        var e = await Rpc.FailsAsync(StatusCode.FailedPrecondition, "HAS_CHILDREN",
            () => _places.DeletePlaceAsync(new DeletePlaceRequest { Name = Neighbourhood }));
        Assert.Equal(["HAS_CHILDREN"], Demo.RuleReasons(e));
        Assert.Equal(3, await CountAsync());
    }

    [Fact]
    public async Task DeletePlace_with_a_stale_etag_is_aborted()
    {
        await _places.UpdatePlaceAsync(new UpdatePlaceRequest { Place = new Place { Name = Neighbourhood, DisplayName = "改名" } });

        await Rpc.StaleEtagAsync(() => _places.DeletePlaceAsync(new DeletePlaceRequest { Name = Neighbourhood, Etag = "\"1\"" }));
        Assert.Equal(3, await CountAsync());
    }

    [Fact]
    public async Task DeletePlace_with_a_malformed_name_is_invalid_on_name()
    {
        await Rpc.InvalidAsync(() => _places.DeletePlaceAsync(new DeletePlaceRequest { Name = "places/" }), ("name", "INVALID_FORMAT"));
    }

    [Fact]
    public async Task DeletePlace_needs_a_staff_caller()
    {
        await Rpc.UnauthenticatedAsync(() => _f.Places(null).DeletePlaceAsync(new DeletePlaceRequest { Name = Neighbourhood }));
        await Rpc.NotAllowedAsync(() => _f.Places("resident:r1").DeletePlaceAsync(new DeletePlaceRequest { Name = Neighbourhood }));
        Assert.Equal(3, await CountAsync());
    }

    [Fact]
    public async Task DeletePlace_retried_with_its_request_id_succeeds_again()
    {
        var request = new DeletePlaceRequest { Name = Neighbourhood, RequestId = "delete-1" };
        await _places.DeletePlaceAsync(request);

        await _places.DeletePlaceAsync(request);

        Assert.Equal(2, await CountAsync());
    }
}
