using CommunityShare.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Google.Type;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Kind = CommunityShare.Contracts.V1.Institution.Types.Kind;

namespace CommunityShare.Server.Tests.Institutions;

public sealed class InstitutionServiceTests : IAsyncLifetime
{
    private const string School = "institutions/school-1";

    private readonly ServerFixture _f = new();
    private InstitutionService.InstitutionServiceClient _institutions = null!;

    public async Task InitializeAsync()
    {
        _institutions = _f.Institutions();
        await Demo.TownAsync(_f);
        // A second town, 310112102, with neighbourhood 310112102001.
        await _f.Places().CreatePlaceAsync(new CreatePlaceRequest
        {
            PlaceId = "310112102",
            Place = new Place { Parent = "places/310112", Kind = Place.Types.Kind.Town, DisplayName = "七宝镇" },
        });
        await _f.Places().CreatePlaceAsync(new CreatePlaceRequest
        {
            PlaceId = "310112102001",
            Place = new Place { Parent = "places/310112102", Kind = Place.Types.Kind.Neighborhood, DisplayName = "七宝一村" },
        });
        await Demo.SchoolAsync(_f);
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private Task<int> CountAsync() => _f.WithDbAsync(db => db.Institutions.CountAsync());

    private static Institution NewInstitution(string place = "places/310112101", Kind kind = Kind.CommunityCentre, string name = "莘庄社区中心") => new()
    {
        DisplayName = name,
        Kind = kind,
        Place = place,
        Address = "莘庄镇莘建路 8 号",
        Location = new LatLng { Latitude = 31.1, Longitude = 121.38 },
    };

    private Task<Institution> CreateAsync(string id, Institution institution) =>
        _institutions.CreateInstitutionAsync(new CreateInstitutionRequest { InstitutionId = id, Institution = institution }).ResponseAsync;

    // GetInstitution

    [Fact]
    public async Task GetInstitution_returns_it_to_anonymous_callers()
    {
        var school = await _f.Institutions(null).GetInstitutionAsync(new GetInstitutionRequest { Name = School });

        Assert.Equal(School, school.Name);
        Assert.Equal(Kind.School, school.Kind);
        Assert.Equal("places/310112101001", school.Place);
        Assert.Equal("莘庄实验学校", school.DisplayName);
        Assert.Equal("\"1\"", school.Etag);
        Assert.Equal(121.375, school.Location.Longitude);
        Assert.Equal(Demo.ToTimestamp(ServerFixture.DefaultNow), school.CreateTime);
    }

    [Fact]
    public async Task GetInstitution_of_an_unknown_id_is_not_found()
    {
        await Rpc.NotFoundAsync(() => _institutions.GetInstitutionAsync(new GetInstitutionRequest { Name = "institutions/nope" }));
    }

    [Theory]
    [InlineData("school-1", "INVALID_FORMAT")]
    [InlineData("institutions/School_1", "INVALID_FORMAT")]
    [InlineData("facilities/school-1", "INVALID_FORMAT")]
    [InlineData("", "REQUIRED")]
    public async Task GetInstitution_with_a_malformed_name_is_invalid_on_name(string name, string reason)
    {
        await Rpc.InvalidAsync(() => _institutions.GetInstitutionAsync(new GetInstitutionRequest { Name = name }), ("name", reason));
    }

    // ListInstitutions

    [Fact]
    public async Task ListInstitutions_by_place_includes_everything_under_it()
    {
        await CreateAsync("centre-town", NewInstitution());
        await CreateAsync("qibao-school", NewInstitution("places/310112102001", Kind.School, "七宝中学"));

        async Task<string[]> In(string place) =>
            (await _institutions.ListInstitutionsAsync(new ListInstitutionsRequest { Place = place })).Institutions.Select(i => i.Name).ToArray();

        Assert.Equal(["institutions/centre-town", School], await In("places/310112101"));
        Assert.Equal([School], await In("places/310112101001"));
        Assert.Equal(["institutions/qibao-school"], await In("places/310112102"));
        Assert.Equal(3, (await In("places/310112")).Length);
        Assert.Empty(await In("places/310112103"));
    }

    [Fact]
    public async Task ListInstitutions_filters_by_kind()
    {
        await CreateAsync("centre-town", NewInstitution());
        await CreateAsync("qibao-school", NewInstitution("places/310112102001", Kind.School, "七宝中学"));

        var schools = await _institutions.ListInstitutionsAsync(new ListInstitutionsRequest { Kind = Kind.School });
        var schoolsInXinzhuang = await _institutions.ListInstitutionsAsync(new ListInstitutionsRequest { Kind = Kind.School, Place = "places/310112101" });

        Assert.Equal(["institutions/qibao-school", School], schools.Institutions.Select(i => i.Name));
        Assert.Equal([School], schoolsInXinzhuang.Institutions.Select(i => i.Name));
    }

    [Fact]
    public async Task ListInstitutions_pages_walk_every_institution_exactly_once()
    {
        for (var i = 0; i < 6; i++)
        {
            await _institutions.CreateInstitutionAsync(new CreateInstitutionRequest { Institution = NewInstitution(name: $"中心{i}") });
        }
        var all = (await _institutions.ListInstitutionsAsync(new ListInstitutionsRequest())).Institutions.Select(i => i.Name).ToArray();

        var seen = new List<string>();
        var token = "";
        do
        {
            var page = await _institutions.ListInstitutionsAsync(new ListInstitutionsRequest { PageSize = 2, PageToken = token, Place = "places/310112" });
            Assert.InRange(page.Institutions.Count, 1, 2);
            seen.AddRange(page.Institutions.Select(i => i.Name));
            token = page.NextPageToken;
        }
        while (token != "");

        Assert.Equal(7, all.Length);
        Assert.Equal(all, seen);
    }

    [Fact]
    public async Task ListInstitutions_refuses_a_page_token_reused_with_other_filters()
    {
        await CreateAsync("centre-town", NewInstitution());
        var first = await _institutions.ListInstitutionsAsync(new ListInstitutionsRequest { PageSize = 1 });
        Assert.NotEqual("", first.NextPageToken);

        await Rpc.InvalidAsync(
            () => _institutions.ListInstitutionsAsync(new ListInstitutionsRequest { PageSize = 1, Place = "places/310112101", PageToken = first.NextPageToken }),
            ("page_token", "INVALID_PAGE_TOKEN"));
    }

    [Fact]
    public async Task ListInstitutions_reports_every_bad_argument_at_once()
    {
        await Rpc.InvalidAsync(() => _institutions.ListInstitutionsAsync(new ListInstitutionsRequest { PageSize = -5, Place = "310112", Kind = (Kind)9 }),
            ("page_size", "OUT_OF_RANGE"), ("place", "INVALID_FORMAT"), ("kind", "OUT_OF_RANGE"));
    }

    // CreateInstitution

    [Fact]
    public async Task CreateInstitution_with_a_client_id_uses_it()
    {
        var created = await CreateAsync("centre-town", NewInstitution());

        Assert.Equal("institutions/centre-town", created.Name);
        Assert.Equal(Kind.CommunityCentre, created.Kind);
        Assert.Equal("places/310112101", created.Place);
        Assert.Equal(created, await _institutions.GetInstitutionAsync(new GetInstitutionRequest { Name = created.Name }));
    }

    [Fact]
    public async Task CreateInstitution_without_an_id_gets_a_server_chosen_one()
    {
        var created = await _institutions.CreateInstitutionAsync(new CreateInstitutionRequest { Institution = NewInstitution() });

        Assert.Matches("^institutions/[a-z2-9]{12}$", created.Name);
    }

    [Fact]
    public async Task CreateInstitution_reports_every_problem_at_once_and_writes_nothing()
    {
        var before = await CountAsync();

        await Rpc.InvalidAsync(() => _institutions.CreateInstitutionAsync(new CreateInstitutionRequest
            {
                InstitutionId = "1-bad",
                Institution = new Institution { DisplayName = new string('名', 101), Place = "places/310112999", Address = "" },
            }),
            ("institution_id", "INVALID_FORMAT"), ("institution.display_name", "TOO_LONG"), ("institution.kind", "REQUIRED"),
            ("institution.place", "NOT_FOUND"), ("institution.address", "REQUIRED"), ("institution.location", "REQUIRED"));

        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task CreateInstitution_reports_a_malformed_value_once_not_also_as_missing()
    {
        var institution = NewInstitution();
        institution.Place = "310112101";
        institution.Location = new LatLng { Latitude = -91, Longitude = 0 };
        institution.Kind = (Kind)99;

        await Rpc.InvalidAsync(() => _institutions.CreateInstitutionAsync(new CreateInstitutionRequest { Institution = institution }),
            ("institution.place", "INVALID_FORMAT"), ("institution.location", "OUT_OF_RANGE"), ("institution.kind", "OUT_OF_RANGE"));
    }

    [Fact]
    public async Task CreateInstitution_in_the_district_itself_is_not_allowed()
    {
        await Rpc.InvalidAsync(() => _institutions.CreateInstitutionAsync(new CreateInstitutionRequest { Institution = NewInstitution("places/310112") }),
            ("institution.place", "PLACE_KIND_NOT_ALLOWED"));
    }

    [Fact]
    public async Task CreateInstitution_with_an_id_in_use_already_exists()
    {
        var before = await CountAsync();

        await Rpc.FailsAsync(StatusCode.AlreadyExists, "ALREADY_EXISTS", () => _institutions.CreateInstitutionAsync(
            new CreateInstitutionRequest { InstitutionId = "school-1", Institution = NewInstitution() }));

        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task CreateInstitution_retried_with_its_request_id_returns_the_same_institution_and_creates_nothing()
    {
        // Without a client id, a second create would make a second institution: the ledger is what stops it.
        var request = new CreateInstitutionRequest { Institution = NewInstitution(), RequestId = "b7f3c1d2-0000-4000-8000-000000000001" };
        var first = await _institutions.CreateInstitutionAsync(request);
        var count = await CountAsync();

        var retry = await _institutions.CreateInstitutionAsync(request);

        Assert.Equal(first, retry);
        Assert.Equal(count, await CountAsync());
    }

    [Fact]
    public async Task CreateInstitution_refuses_a_request_id_reused_for_another_request()
    {
        await _institutions.CreateInstitutionAsync(new CreateInstitutionRequest { Institution = NewInstitution(), RequestId = "req-1" });
        var count = await CountAsync();

        var e = await Rpc.FailsAsync(StatusCode.InvalidArgument, "REQUEST_ID_REUSED", () => _institutions.CreateInstitutionAsync(
            new CreateInstitutionRequest { Institution = NewInstitution(name: "另一个"), RequestId = "req-1" }));

        Assert.Equal(["request_id REQUEST_ID_REUSED"], Rpc.Violations(e));
        Assert.Equal(count, await CountAsync());
    }

    [Fact]
    public async Task CreateInstitution_needs_a_staff_caller()
    {
        var before = await CountAsync();
        var request = new CreateInstitutionRequest { Institution = NewInstitution() };

        await Rpc.UnauthenticatedAsync(() => _f.Institutions(null).CreateInstitutionAsync(request));
        await Rpc.InvalidTokenAsync(() => new InstitutionService.InstitutionServiceClient(_f.Channel(null)).CreateInstitutionAsync(request, Rpc.GarbageToken));
        await Rpc.NotAllowedAsync(() => _f.Institutions("resident:r1").CreateInstitutionAsync(request));

        Assert.Equal(before, await CountAsync());
    }

    // UpdateInstitution

    [Fact]
    public async Task UpdateInstitution_changes_only_the_fields_in_the_mask()
    {
        var update = NewInstitution(kind: Kind.Hospital, name: "ignored");
        update.Name = School;
        update.Address = "莘庄路 2 号";

        var updated = await _institutions.UpdateInstitutionAsync(new UpdateInstitutionRequest
        {
            Institution = update,
            UpdateMask = new FieldMask { Paths = { "address" } },
        });

        Assert.Equal("莘庄路 2 号", updated.Address);
        Assert.Equal("莘庄实验学校", updated.DisplayName);
        Assert.Equal(Kind.School, updated.Kind);
        Assert.Equal("places/310112101001", updated.Place);
        Assert.Equal("\"2\"", updated.Etag);
        Assert.Equal(updated, await _institutions.GetInstitutionAsync(new GetInstitutionRequest { Name = School }));
    }

    [Fact]
    public async Task UpdateInstitution_moving_it_moves_its_facilities_for_place_searches()
    {
        await Demo.FacilityAsync(_f, "court-1", Demo.OpenDaily("篮球场", 1));

        await _institutions.UpdateInstitutionAsync(new UpdateInstitutionRequest
        {
            Institution = new Institution { Name = School, Place = "places/310112102001" },
            UpdateMask = new FieldMask { Paths = { "place" } },
        });

        var inQibao = await _f.Facilities().ListFacilitiesAsync(new ListFacilitiesRequest { Place = "places/310112102" });
        var inXinzhuang = await _f.Facilities().ListFacilitiesAsync(new ListFacilitiesRequest { Place = "places/310112101" });
        Assert.Equal(["facilities/court-1"], inQibao.Facilities.Select(f => f.Name));
        Assert.Empty(inXinzhuang.Facilities);
    }

    [Fact]
    public async Task UpdateInstitution_refuses_paths_that_cannot_be_updated()
    {
        await Rpc.InvalidAsync(() => _institutions.UpdateInstitutionAsync(new UpdateInstitutionRequest
            {
                Institution = new Institution { Name = School, Etag = "\"9\"" },
                UpdateMask = new FieldMask { Paths = { "etag" } },
            }),
            ("update_mask", "INVALID_UPDATE_MASK"));
    }

    [Fact]
    public async Task UpdateInstitution_checks_the_masked_values()
    {
        await Rpc.InvalidAsync(() => _institutions.UpdateInstitutionAsync(new UpdateInstitutionRequest
            {
                Institution = new Institution { Name = School, DisplayName = "", Place = "places/310112" },
                UpdateMask = new FieldMask { Paths = { "display_name", "place" } },
            }),
            ("institution.display_name", "REQUIRED"), ("institution.place", "PLACE_KIND_NOT_ALLOWED"));
    }

    [Fact]
    public async Task UpdateInstitution_with_a_stale_etag_is_aborted()
    {
        var current = await _institutions.GetInstitutionAsync(new GetInstitutionRequest { Name = School });
        var mask = new FieldMask { Paths = { "display_name" } };
        await _institutions.UpdateInstitutionAsync(new UpdateInstitutionRequest
        {
            Institution = new Institution { Name = School, DisplayName = "A", Etag = current.Etag },
            UpdateMask = mask,
        });

        await Rpc.StaleEtagAsync(() => _institutions.UpdateInstitutionAsync(new UpdateInstitutionRequest
        {
            Institution = new Institution { Name = School, DisplayName = "B", Etag = current.Etag },
            UpdateMask = mask,
        }));
        Assert.Equal("A", (await _institutions.GetInstitutionAsync(new GetInstitutionRequest { Name = School })).DisplayName);
    }

    [Fact]
    public async Task UpdateInstitution_of_an_unknown_or_malformed_institution_fails()
    {
        var mask = new FieldMask { Paths = { "display_name" } };
        await Rpc.NotFoundAsync(() => _institutions.UpdateInstitutionAsync(new UpdateInstitutionRequest
        {
            Institution = new Institution { Name = "institutions/nope", DisplayName = "x" },
            UpdateMask = mask,
        }));
        await Rpc.InvalidAsync(() => _institutions.UpdateInstitutionAsync(new UpdateInstitutionRequest
            {
                Institution = new Institution { Name = "", DisplayName = "x" },
                UpdateMask = mask,
            }),
            ("institution.name", "REQUIRED"));
    }

    [Fact]
    public async Task UpdateInstitution_needs_a_staff_caller()
    {
        var request = new UpdateInstitutionRequest
        {
            Institution = new Institution { Name = School, DisplayName = "x" },
            UpdateMask = new FieldMask { Paths = { "display_name" } },
        };

        await Rpc.UnauthenticatedAsync(() => _f.Institutions(null).UpdateInstitutionAsync(request));
        await Rpc.NotAllowedAsync(() => _f.Institutions("resident:r1").UpdateInstitutionAsync(request));
    }

    // DeleteInstitution

    [Fact]
    public async Task DeleteInstitution_removes_it()
    {
        await _institutions.DeleteInstitutionAsync(new DeleteInstitutionRequest { Name = School, Etag = "\"1\"" });

        await Rpc.NotFoundAsync(() => _institutions.GetInstitutionAsync(new GetInstitutionRequest { Name = School }));
        await Rpc.NotFoundAsync(() => _institutions.DeleteInstitutionAsync(new DeleteInstitutionRequest { Name = School }));
    }

    [Fact]
    public async Task DeleteInstitution_with_facilities_fails_with_has_children()
    {
        await Demo.FacilityAsync(_f, "court-1", Demo.OpenDaily("篮球场", 1));

        var e = await Rpc.FailsAsync(StatusCode.FailedPrecondition, "HAS_CHILDREN",
            () => _institutions.DeleteInstitutionAsync(new DeleteInstitutionRequest { Name = School }));

        Assert.Equal(["HAS_CHILDREN"], Demo.RuleReasons(e));
        Assert.Equal(1, await CountAsync());
    }

    [Fact]
    public async Task DeleteInstitution_with_a_stale_etag_is_aborted()
    {
        await Rpc.StaleEtagAsync(() => _institutions.DeleteInstitutionAsync(new DeleteInstitutionRequest { Name = School, Etag = "\"2\"" }));
        Assert.Equal(1, await CountAsync());
    }

    [Fact]
    public async Task DeleteInstitution_with_a_malformed_name_is_invalid_on_name()
    {
        await Rpc.InvalidAsync(() => _institutions.DeleteInstitutionAsync(new DeleteInstitutionRequest { Name = "institutions/a/b" }),
            ("name", "INVALID_FORMAT"));
    }

    [Fact]
    public async Task DeleteInstitution_needs_a_staff_caller()
    {
        await Rpc.UnauthenticatedAsync(() => _f.Institutions(null).DeleteInstitutionAsync(new DeleteInstitutionRequest { Name = School }));
        await Rpc.NotAllowedAsync(() => _f.Institutions("resident:r1").DeleteInstitutionAsync(new DeleteInstitutionRequest { Name = School }));
        Assert.Equal(1, await CountAsync());
    }
}
