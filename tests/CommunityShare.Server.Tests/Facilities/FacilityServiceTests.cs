using CommunityShare.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Google.Type;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using DayOfWeek = Google.Type.DayOfWeek;
using Duration = Google.Protobuf.WellKnownTypes.Duration;
using Kind = CommunityShare.Contracts.V1.Facility.Types.Kind;
using TimeRange = CommunityShare.Contracts.V1.TimeRange;

namespace CommunityShare.Server.Tests.Facilities;

public sealed class FacilityServiceTests : IAsyncLifetime
{
    private const string Court = "facilities/court-1";

    private readonly ServerFixture _f = new();
    private FacilityService.FacilityServiceClient _facilities = null!;

    public async Task InitializeAsync()
    {
        _facilities = _f.Facilities();
        await Demo.TownAsync(_f);
        await _f.Places().CreatePlaceAsync(new CreatePlaceRequest
        {
            PlaceId = "310112102",
            Place = new Place { Parent = "places/310112", Kind = Place.Types.Kind.Town, DisplayName = "七宝镇" },
        });
        await Demo.SchoolAsync(_f);
        await _f.Institutions().CreateInstitutionAsync(new CreateInstitutionRequest
        {
            InstitutionId = "qibao-school",
            Institution = new Institution
            {
                DisplayName = "七宝中学",
                Kind = Institution.Types.Kind.School,
                Place = "places/310112102",
                Address = "七宝镇 1 号",
                Location = new LatLng { Latitude = 31.15, Longitude = 121.35 },
            },
        });
        await Demo.FacilityAsync(_f, "court-1", Demo.OpenDaily("篮球场", 1));
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private Task<int> CountAsync() => _f.WithDbAsync(db => db.Facilities.CountAsync());

    private Task<Facility> GetAsync(string name) => _facilities.GetFacilityAsync(new GetFacilityRequest { Name = name }).ResponseAsync;

    private static Facility Part(string name, string parent = Court, int capacity = 1)
    {
        var part = Demo.OpenDaily(name, capacity);
        part.ParentFacility = parent;
        return part;
    }

    // GetFacility

    [Fact]
    public async Task GetFacility_returns_it_with_its_schedule_and_rules_to_anonymous_callers()
    {
        var court = await _f.Facilities(null).GetFacilityAsync(new GetFacilityRequest { Name = Court });

        Assert.Equal(Court, court.Name);
        Assert.Equal("institutions/school-1", court.Institution);
        Assert.Equal("", court.ParentFacility);
        Assert.Equal(Kind.Court, court.Kind);
        Assert.Equal(1, court.Capacity);
        Assert.Equal("Asia/Shanghai", court.TimeZone);
        Assert.Equal(7, court.WeeklyWindows.Count);
        Assert.Equal(new TimeOfDay { Hours = 22 }, court.WeeklyWindows[0].EndTime);
        Assert.Equal(DayOfWeek.Monday, court.WeeklyWindows[0].DayOfWeek);
        Assert.Equal(Duration.FromTimeSpan(TimeSpan.FromHours(1)), court.Rules.SlotLength);
        Assert.Equal(7, court.Rules.BookingHorizonDays);
        Assert.Equal(new TimeOfDay { Hours = 8 }, court.Rules.ReleaseTime);
        // Without a location of its own it stands where its institution does.
        Assert.Equal(31.11, court.Location.Latitude);
        Assert.Empty(court.Parts);
        Assert.Equal("\"1\"", court.Etag);
    }

    [Fact]
    public async Task GetFacility_of_an_unknown_id_is_not_found()
    {
        await Rpc.NotFoundAsync(() => _facilities.GetFacilityAsync(new GetFacilityRequest { Name = "facilities/nope" }));
    }

    [Theory]
    [InlineData("court-1", "INVALID_FORMAT")]
    [InlineData("facilities/Court 1", "INVALID_FORMAT")]
    [InlineData("institutions/school-1", "INVALID_FORMAT")]
    [InlineData("", "REQUIRED")]
    public async Task GetFacility_with_a_malformed_name_is_invalid_on_name(string name, string reason)
    {
        await Rpc.InvalidAsync(() => _facilities.GetFacilityAsync(new GetFacilityRequest { Name = name }), ("name", reason));
    }

    // ListFacilities

    [Fact]
    public async Task ListFacilities_filters_by_place_institution_and_kind()
    {
        var hall = Demo.OpenDaily("礼堂", 1);
        hall.Kind = Kind.Hall;
        await Demo.FacilityAsync(_f, "hall-1", hall);
        await Demo.FacilityAsync(_f, "qibao-court", Demo.OpenDaily("七宝球场", 1), "institutions/qibao-school");

        async Task<string[]> ListAsync(ListFacilitiesRequest request) =>
            (await _facilities.ListFacilitiesAsync(request)).Facilities.Select(f => f.Name).ToArray();

        // The school stands in a neighbourhood of the town: a town lists it.
        Assert.Equal([Court, "facilities/hall-1"], await ListAsync(new ListFacilitiesRequest { Place = "places/310112101" }));
        Assert.Equal([Court, "facilities/hall-1"], await ListAsync(new ListFacilitiesRequest { Place = "places/310112101001" }));
        Assert.Equal(["facilities/qibao-court"], await ListAsync(new ListFacilitiesRequest { Place = "places/310112102" }));
        Assert.Equal(3, (await ListAsync(new ListFacilitiesRequest { Place = "places/310112" })).Length);
        Assert.Equal(["facilities/qibao-court"], await ListAsync(new ListFacilitiesRequest { Institution = "institutions/qibao-school" }));
        Assert.Equal(["facilities/hall-1"], await ListAsync(new ListFacilitiesRequest { Kind = Kind.Hall }));
        Assert.Equal([Court, "facilities/qibao-court"], await ListAsync(new ListFacilitiesRequest { Kind = Kind.Court }));
        Assert.Empty(await ListAsync(new ListFacilitiesRequest { Kind = Kind.Court, Institution = "institutions/nope" }));
    }

    [Fact]
    public async Task ListFacilities_pages_walk_every_facility_exactly_once_and_show_parts()
    {
        await Demo.FacilityAsync(_f, "court-1-a", Part("A 半场"));
        for (var i = 0; i < 5; i++)
        {
            await Demo.FacilityAsync(_f, $"room-{i}", Demo.OpenDaily($"教室{i}", 30));
        }

        var seen = new List<Facility>();
        var token = "";
        do
        {
            var page = await _facilities.ListFacilitiesAsync(new ListFacilitiesRequest { PageSize = 3, PageToken = token, Institution = "institutions/school-1" });
            Assert.InRange(page.Facilities.Count, 1, 3);
            seen.AddRange(page.Facilities);
            token = page.NextPageToken;
        }
        while (token != "");

        Assert.Equal(7, seen.Count);
        Assert.Equal(7, seen.Select(f => f.Name).Distinct().Count());
        Assert.Equal(["facilities/court-1-a"], seen.Single(f => f.Name == Court).Parts);
    }

    [Fact]
    public async Task ListFacilities_refuses_a_page_token_reused_with_other_filters()
    {
        await Demo.FacilityAsync(_f, "court-2", Demo.OpenDaily("篮球场2", 1));
        var first = await _facilities.ListFacilitiesAsync(new ListFacilitiesRequest { PageSize = 1 });
        Assert.NotEqual("", first.NextPageToken);

        await Rpc.InvalidAsync(
            () => _facilities.ListFacilitiesAsync(new ListFacilitiesRequest { PageSize = 1, Kind = Kind.Court, PageToken = first.NextPageToken }),
            ("page_token", "INVALID_PAGE_TOKEN"));
        Assert.Single((await _facilities.ListFacilitiesAsync(new ListFacilitiesRequest { PageSize = 1, PageToken = first.NextPageToken })).Facilities);
    }

    [Fact]
    public async Task ListFacilities_reports_every_bad_argument_at_once()
    {
        await Rpc.InvalidAsync(
            () => _facilities.ListFacilitiesAsync(new ListFacilitiesRequest { PageSize = -1, Place = "places/x_y", Institution = "school-1", Kind = (Kind)77 }),
            ("page_size", "OUT_OF_RANGE"), ("place", "INVALID_FORMAT"), ("institution", "INVALID_FORMAT"), ("kind", "OUT_OF_RANGE"));
    }

    // CreateFacility

    [Fact]
    public async Task CreateFacility_stores_what_was_sent()
    {
        var pool = Demo.OpenDaily("游泳池", 40);
        pool.Kind = Kind.Pool;
        pool.Description = "25 m";
        pool.TimeZone = "";
        pool.Accessibility = new Accessibility { StepFreeAccess = true, HearingLoop = true, Notes = "坡道在东门" };
        pool.Location = new LatLng { Latitude = 31.12, Longitude = 121.37 };
        pool.WeeklyWindows.Add(new WeeklyWindow { DayOfWeek = DayOfWeek.Saturday, StartTime = new TimeOfDay { Hours = 22 }, EndTime = new TimeOfDay { Hours = 24 } });
        pool.DateOverrides.Add(new DateOverride { Date = new Date { Year = 2026, Month = 10, Day = 1 }, Reason = "国庆" });
        pool.Institution = "institutions/school-1";

        var created = await _facilities.CreateFacilityAsync(new CreateFacilityRequest { FacilityId = "pool-1", Facility = pool });

        Assert.Equal("facilities/pool-1", created.Name);
        Assert.Equal(40, created.Capacity);
        Assert.Equal("Asia/Shanghai", created.TimeZone);
        Assert.Equal(pool.Accessibility, created.Accessibility);
        Assert.Equal(31.12, created.Location.Latitude);
        Assert.Equal(8, created.WeeklyWindows.Count);
        Assert.Contains(created.WeeklyWindows, w => w.DayOfWeek == DayOfWeek.Saturday && w.EndTime.Hours == 24);
        Assert.Equal("国庆", created.DateOverrides.Single().Reason);
        Assert.Empty(created.DateOverrides.Single().Windows);
        Assert.Equal(created, await GetAsync(created.Name));
    }

    [Fact]
    public async Task CreateFacility_reports_every_problem_at_once_and_writes_nothing()
    {
        var before = await CountAsync();
        var bad = new Facility
        {
            Institution = "institutions/school-1",
            DisplayName = "",
            Capacity = 0,
            TimeZone = "Mars/Olympus_Mons",
            WeeklyWindows =
            {
                new WeeklyWindow { DayOfWeek = DayOfWeek.Monday, StartTime = new TimeOfDay { Hours = 10 }, EndTime = new TimeOfDay { Hours = 9 } },
                new WeeklyWindow { DayOfWeek = DayOfWeek.Unspecified, StartTime = new TimeOfDay { Hours = 25 } },
            },
            DateOverrides = { new DateOverride { Date = new Date { Year = 2026, Month = 2, Day = 30 } } },
            Rules = new BookingRules
            {
                SlotLength = Duration.FromTimeSpan(TimeSpan.FromMinutes(1)),
                MaxSlotsPerBooking = 100,
                BookingHorizonDays = -1,
                ReleaseTime = new TimeOfDay { Hours = 24 },
            },
        };

        await Rpc.InvalidAsync(() => _facilities.CreateFacilityAsync(new CreateFacilityRequest { FacilityId = "x", Facility = bad }),
            ("facility_id", "INVALID_FORMAT"),
            ("facility.display_name", "REQUIRED"),
            ("facility.kind", "REQUIRED"),
            ("facility.capacity", "OUT_OF_RANGE"),
            ("facility.time_zone", "INVALID_FORMAT"),
            ("facility.weekly_windows[0].end_time", "OUT_OF_RANGE"),
            ("facility.weekly_windows[1].day_of_week", "REQUIRED"),
            ("facility.weekly_windows[1].start_time", "OUT_OF_RANGE"),
            ("facility.weekly_windows[1].end_time", "REQUIRED"),
            ("facility.date_overrides[0].date", "INVALID_FORMAT"),
            ("facility.rules.release_time", "OUT_OF_RANGE"),
            ("facility.rules.slot_length", "OUT_OF_RANGE"),
            ("facility.rules.max_slots_per_booking", "OUT_OF_RANGE"),
            ("facility.rules.booking_horizon_days", "OUT_OF_RANGE"));

        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task CreateFacility_refuses_overlapping_windows_and_duplicate_override_dates()
    {
        var f = Demo.OpenDaily("重叠", 1);
        f.Institution = "institutions/school-1";
        f.WeeklyWindows.Add(new WeeklyWindow { DayOfWeek = DayOfWeek.Monday, StartTime = new TimeOfDay { Hours = 21 }, EndTime = new TimeOfDay { Hours = 24 } });
        var date = new Date { Year = 2026, Month = 6, Day = 12 };
        f.DateOverrides.Add(new DateOverride
        {
            Date = date,
            Windows =
            {
                new TimeRange { StartTime = new TimeOfDay { Hours = 9 }, EndTime = new TimeOfDay { Hours = 12 } },
                new TimeRange { StartTime = new TimeOfDay { Hours = 11 }, EndTime = new TimeOfDay { Hours = 13 } },
            },
        });
        f.DateOverrides.Add(new DateOverride { Date = date });

        await Rpc.InvalidAsync(() => _facilities.CreateFacilityAsync(new CreateFacilityRequest { Facility = f }),
            ("facility.weekly_windows[7]", "OUT_OF_RANGE"),
            ("facility.date_overrides[0].windows[1]", "OUT_OF_RANGE"),
            ("facility.date_overrides[1].date", "OUT_OF_RANGE"));
    }

    [Fact]
    public async Task CreateFacility_reports_a_malformed_kind_once_not_also_as_missing()
    {
        var f = Demo.OpenDaily("x", 1);
        f.Institution = "institutions/school-1";
        f.Kind = (Kind)99;

        await Rpc.InvalidAsync(() => _facilities.CreateFacilityAsync(new CreateFacilityRequest { Facility = f }), ("facility.kind", "OUT_OF_RANGE"));
    }

    [Fact]
    public async Task CreateFacility_needs_an_existing_institution()
    {
        var f = Demo.OpenDaily("x", 1);
        await Rpc.InvalidAsync(() => _facilities.CreateFacilityAsync(new CreateFacilityRequest { Facility = f }), ("facility.institution", "REQUIRED"));
        f.Institution = "institutions/nope";
        await Rpc.InvalidAsync(() => _facilities.CreateFacilityAsync(new CreateFacilityRequest { Facility = f }), ("facility.institution", "NOT_FOUND"));
        f.Institution = "school-1";
        await Rpc.InvalidAsync(() => _facilities.CreateFacilityAsync(new CreateFacilityRequest { Facility = f }), ("facility.institution", "INVALID_FORMAT"));
    }

    [Fact]
    public async Task CreateFacility_with_an_id_in_use_already_exists()
    {
        var before = await CountAsync();

        await Rpc.FailsAsync(StatusCode.AlreadyExists, "ALREADY_EXISTS", () => Demo.FacilityCall(_f, "court-1", Demo.OpenDaily("again", 1)));

        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task CreateFacility_retried_with_its_request_id_returns_the_same_facility_and_creates_nothing()
    {
        var f = Demo.OpenDaily("会议室", 12);
        f.Institution = "institutions/school-1";
        var request = new CreateFacilityRequest { Facility = f, RequestId = "c0ffee00-0000-4000-8000-000000000001" };
        var first = await _facilities.CreateFacilityAsync(request);
        var count = await CountAsync();

        var retry = await _facilities.CreateFacilityAsync(request);

        Assert.Equal(first, retry);
        Assert.Equal(count, await CountAsync());
    }

    [Fact]
    public async Task CreateFacility_refuses_a_request_id_reused_for_another_request()
    {
        var f = Demo.OpenDaily("会议室", 12);
        f.Institution = "institutions/school-1";
        await _facilities.CreateFacilityAsync(new CreateFacilityRequest { Facility = f, RequestId = "req-1" });
        var count = await CountAsync();

        f.Capacity = 13;
        var e = await Rpc.FailsAsync(StatusCode.InvalidArgument, "REQUEST_ID_REUSED",
            () => _facilities.CreateFacilityAsync(new CreateFacilityRequest { Facility = f, RequestId = "req-1" }));

        Assert.Equal(["request_id REQUEST_ID_REUSED"], Rpc.Violations(e));
        Assert.Equal(count, await CountAsync());
    }

    [Fact]
    public async Task CreateFacility_needs_a_staff_caller()
    {
        var before = await CountAsync();
        var request = new CreateFacilityRequest { Facility = Part("x", parent: "") };
        request.Facility.Institution = "institutions/school-1";

        await Rpc.UnauthenticatedAsync(() => _f.Facilities(null).CreateFacilityAsync(request));
        await Rpc.InvalidTokenAsync(() => new FacilityService.FacilityServiceClient(_f.Channel(null)).CreateFacilityAsync(request, Rpc.GarbageToken));
        await Rpc.NotAllowedAsync(() => _f.Facilities("resident:r1").CreateFacilityAsync(request));

        Assert.Equal(before, await CountAsync());
    }

    // Parts

    [Fact]
    public async Task A_hall_with_two_parts_lists_them_and_each_part_names_its_whole()
    {
        await Demo.FacilityAsync(_f, "court-1-a", Part("A 半场"));
        var b = await Demo.FacilityAsync(_f, "court-1-b", Part("B 半场"));

        var whole = await GetAsync(Court);

        Assert.Equal(["facilities/court-1-a", "facilities/court-1-b"], whole.Parts);
        Assert.Equal(Court, b.ParentFacility);
        Assert.Empty(b.Parts);
    }

    [Fact]
    public async Task A_part_of_a_part_is_refused()
    {
        await Demo.FacilityAsync(_f, "court-1-a", Part("A 半场"));

        await Rpc.InvalidAsync(() => Demo.FacilityCall(_f, "court-1-a-x", Part("A 的一角", "facilities/court-1-a")),
            ("facility.parent_facility", "PART_OF_PART"));
    }

    [Fact]
    public async Task A_whole_and_its_parts_must_all_be_exclusive()
    {
        await Rpc.InvalidAsync(() => Demo.FacilityCall(_f, "court-1-a", Part("A 半场", capacity: 2)),
            ("facility.capacity", "PARTS_REQUIRE_EXCLUSIVE_USE"));

        await Demo.FacilityAsync(_f, "gym-1", Demo.OpenDaily("健身房", 20));
        await Rpc.InvalidAsync(() => Demo.FacilityCall(_f, "gym-1-a", Part("器械区", "facilities/gym-1")),
            ("facility.capacity", "PARTS_REQUIRE_EXCLUSIVE_USE"));

        await Demo.FacilityAsync(_f, "court-1-a", Part("A 半场"));
        var whole = await GetAsync(Court);
        whole.Capacity = 5;
        var part = await GetAsync("facilities/court-1-a");
        part.Capacity = 5;
        var capacityOnly = new FieldMask { Paths = { "capacity" } };
        await Rpc.InvalidAsync(() => _facilities.UpdateFacilityAsync(new UpdateFacilityRequest { Facility = whole, UpdateMask = capacityOnly }),
            ("facility.capacity", "PARTS_REQUIRE_EXCLUSIVE_USE"));
        await Rpc.InvalidAsync(() => _facilities.UpdateFacilityAsync(new UpdateFacilityRequest { Facility = part, UpdateMask = capacityOnly }),
            ("facility.capacity", "PARTS_REQUIRE_EXCLUSIVE_USE"));
    }

    [Fact]
    public async Task A_part_must_belong_to_the_whole_s_institution_and_the_whole_must_exist()
    {
        await Rpc.InvalidAsync(() => Demo.FacilityCall(_f, "court-1-q", Part("七宝的半场"), "institutions/qibao-school"),
            ("facility.parent_facility", "PARENT_IN_OTHER_INSTITUTION"));
        await Rpc.InvalidAsync(() => Demo.FacilityCall(_f, "court-9-a", Part("无主", "facilities/court-9")),
            ("facility.parent_facility", "NOT_FOUND"));
        await Rpc.InvalidAsync(() => Demo.FacilityCall(_f, "court-9-a", Part("无主", "court-9")),
            ("facility.parent_facility", "INVALID_FORMAT"));
    }

    // UpdateFacility

    [Fact]
    public async Task UpdateFacility_changes_only_the_fields_in_the_mask()
    {
        _f.Clock.AdvanceHours(2);
        var court = await GetAsync(Court);
        court.DisplayName = "新篮球场";
        court.Capacity = 3;
        court.WeeklyWindows.Clear();

        var updated = await _facilities.UpdateFacilityAsync(new UpdateFacilityRequest
        {
            Facility = court,
            UpdateMask = new FieldMask { Paths = { "display_name" } },
        });

        Assert.Equal("新篮球场", updated.DisplayName);
        Assert.Equal(1, updated.Capacity);
        Assert.Equal(7, updated.WeeklyWindows.Count);
        Assert.Equal("\"2\"", updated.Etag);
        Assert.Equal(Demo.ToTimestamp(ServerFixture.DefaultNow + NodaTime.Duration.FromHours(2)), updated.UpdateTime);
        Assert.Equal(updated, await GetAsync(Court));
    }

    [Fact]
    public async Task UpdateFacility_sets_windows_overrides_and_rules_through_the_mask()
    {
        var court = await GetAsync(Court);
        court.WeeklyWindows.Clear();
        court.WeeklyWindows.Add(new WeeklyWindow { DayOfWeek = DayOfWeek.Sunday, StartTime = new TimeOfDay { Hours = 18 }, EndTime = new TimeOfDay { Hours = 24 } });
        court.DateOverrides.Add(new DateOverride { Date = new Date { Year = 2026, Month = 6, Day = 14 }, Reason = "比赛" });
        court.Rules = Demo.DefaultRules();
        court.Rules.SlotLength = Duration.FromTimeSpan(TimeSpan.FromMinutes(30));
        court.Rules.ApprovalRequired = true;
        court.Description = "ignored";

        var updated = await _facilities.UpdateFacilityAsync(new UpdateFacilityRequest
        {
            Facility = court,
            UpdateMask = new FieldMask { Paths = { "weekly_windows", "date_overrides", "rules" } },
        });

        Assert.Equal(DayOfWeek.Sunday, updated.WeeklyWindows.Single().DayOfWeek);
        Assert.Equal(new TimeOfDay { Hours = 24 }, updated.WeeklyWindows.Single().EndTime);
        Assert.Equal("比赛", updated.DateOverrides.Single().Reason);
        Assert.Equal(Duration.FromTimeSpan(TimeSpan.FromMinutes(30)), updated.Rules.SlotLength);
        Assert.True(updated.Rules.ApprovalRequired);
        Assert.Equal("", updated.Description);
    }

    [Fact]
    public async Task UpdateFacility_refuses_paths_that_cannot_be_updated()
    {
        var court = await GetAsync(Court);
        court.Institution = "institutions/qibao-school";

        await Rpc.InvalidAsync(() => _facilities.UpdateFacilityAsync(new UpdateFacilityRequest
            {
                Facility = court,
                UpdateMask = new FieldMask { Paths = { "institution", "parent_facility", "display_name" } },
            }),
            ("update_mask", "INVALID_UPDATE_MASK"), ("update_mask", "INVALID_UPDATE_MASK"));
        Assert.Equal("institutions/school-1", (await GetAsync(Court)).Institution);
    }

    [Fact]
    public async Task UpdateFacility_checks_the_masked_values_only()
    {
        var court = new Facility { Name = Court, Capacity = 0, DisplayName = "", TimeZone = "Nowhere/City" };
        court.WeeklyWindows.Add(new WeeklyWindow { DayOfWeek = DayOfWeek.Monday, StartTime = new TimeOfDay { Hours = 9 }, EndTime = new TimeOfDay { Hours = 9 } });

        await Rpc.InvalidAsync(() => _facilities.UpdateFacilityAsync(new UpdateFacilityRequest
            {
                Facility = court,
                UpdateMask = new FieldMask { Paths = { "capacity", "time_zone", "weekly_windows" } },
            }),
            ("facility.capacity", "OUT_OF_RANGE"), ("facility.time_zone", "INVALID_FORMAT"), ("facility.weekly_windows[0].end_time", "OUT_OF_RANGE"));
        Assert.Equal("\"1\"", (await GetAsync(Court)).Etag);
    }

    [Fact]
    public async Task UpdateFacility_with_a_stale_etag_is_aborted()
    {
        var stale = await GetAsync(Court);
        var mask = new FieldMask { Paths = { "display_name" } };
        await _facilities.UpdateFacilityAsync(new UpdateFacilityRequest { Facility = new Facility { Name = Court, DisplayName = "A", Etag = stale.Etag }, UpdateMask = mask });

        await Rpc.StaleEtagAsync(() => _facilities.UpdateFacilityAsync(new UpdateFacilityRequest
        {
            Facility = new Facility { Name = Court, DisplayName = "B", Etag = stale.Etag },
            UpdateMask = mask,
        }));
        Assert.Equal("A", (await GetAsync(Court)).DisplayName);
    }

    [Fact]
    public async Task UpdateFacility_of_an_unknown_or_malformed_facility_fails()
    {
        var mask = new FieldMask { Paths = { "display_name" } };
        await Rpc.NotFoundAsync(() => _facilities.UpdateFacilityAsync(new UpdateFacilityRequest
        {
            Facility = new Facility { Name = "facilities/nope", DisplayName = "x" },
            UpdateMask = mask,
        }));
        await Rpc.InvalidAsync(() => _facilities.UpdateFacilityAsync(new UpdateFacilityRequest
            {
                Facility = new Facility { Name = "facilities/", DisplayName = "x" },
                UpdateMask = mask,
            }),
            ("facility.name", "INVALID_FORMAT"));
    }

    [Fact]
    public async Task UpdateFacility_needs_a_staff_caller()
    {
        var request = new UpdateFacilityRequest { Facility = new Facility { Name = Court, DisplayName = "x" }, UpdateMask = new FieldMask { Paths = { "display_name" } } };

        await Rpc.UnauthenticatedAsync(() => _f.Facilities(null).UpdateFacilityAsync(request));
        await Rpc.NotAllowedAsync(() => _f.Facilities("resident:r1").UpdateFacilityAsync(request));
        Assert.Equal("篮球场", (await GetAsync(Court)).DisplayName);
    }

    // DeleteFacility

    [Fact]
    public async Task DeleteFacility_removes_it_and_its_blackouts()
    {
        await _facilities.CreateBlackoutAsync(new CreateBlackoutRequest
        {
            Parent = Court,
            Blackout = new Blackout
            {
                StartTime = Demo.ToTimestamp(ServerFixture.DefaultNow + NodaTime.Duration.FromDays(1)),
                EndTime = Demo.ToTimestamp(ServerFixture.DefaultNow + NodaTime.Duration.FromDays(2)),
                Reason = Blackout.Types.Reason.Exam,
            },
        });

        await _facilities.DeleteFacilityAsync(new DeleteFacilityRequest { Name = Court, Etag = "\"1\"" });

        await Rpc.NotFoundAsync(() => _facilities.GetFacilityAsync(new GetFacilityRequest { Name = Court }));
        await Rpc.NotFoundAsync(() => _facilities.DeleteFacilityAsync(new DeleteFacilityRequest { Name = Court }));
        Assert.Equal(0, await _f.WithDbAsync(db => db.Blackouts.CountAsync()));
    }

    [Fact]
    public async Task DeleteFacility_with_parts_fails_with_has_children()
    {
        await Demo.FacilityAsync(_f, "court-1-a", Part("A 半场"));

        var e = await Rpc.FailsAsync(StatusCode.FailedPrecondition, "HAS_CHILDREN",
            () => _facilities.DeleteFacilityAsync(new DeleteFacilityRequest { Name = Court }));

        Assert.Equal(["HAS_CHILDREN"], Demo.RuleReasons(e));
        Assert.Equal(2, await CountAsync());
    }

    [Fact]
    public async Task DeleteFacility_with_upcoming_bookings_fails_until_they_have_passed()
    {
        var tomorrow = new LocalDate(2026, 6, 11);
        await _f.Bookings("resident:r1").CreateBookingAsync(new CreateBookingRequest { Parent = Court, Booking = Demo.Slot(tomorrow, 10) });

        var e = await Rpc.FailsAsync(StatusCode.FailedPrecondition, "HAS_ACTIVE_BOOKINGS",
            () => _facilities.DeleteFacilityAsync(new DeleteFacilityRequest { Name = Court }));
        Assert.Equal(["HAS_ACTIVE_BOOKINGS"], Demo.RuleReasons(e));
        Assert.Equal(1, await CountAsync());

        _f.Clock.AdvanceHours(48);
        await _facilities.DeleteFacilityAsync(new DeleteFacilityRequest { Name = Court });
        Assert.Equal(0, await CountAsync());
    }

    [Fact]
    public async Task DeleteFacility_reports_parts_and_bookings_together()
    {
        await Demo.FacilityAsync(_f, "court-1-a", Part("A 半场"));
        await _f.Bookings("resident:r1").CreateBookingAsync(new CreateBookingRequest { Parent = Court, Booking = Demo.Slot(new LocalDate(2026, 6, 11), 10) });

        var e = await Rpc.FailsAsync(StatusCode.FailedPrecondition, "HAS_CHILDREN",
            () => _facilities.DeleteFacilityAsync(new DeleteFacilityRequest { Name = Court }));

        Assert.Equal(["HAS_CHILDREN", "HAS_ACTIVE_BOOKINGS"], Demo.RuleReasons(e));
    }

    [Fact]
    public async Task DeleteFacility_with_a_stale_etag_is_aborted()
    {
        await Rpc.StaleEtagAsync(() => _facilities.DeleteFacilityAsync(new DeleteFacilityRequest { Name = Court, Etag = "\"0\"" }));
        Assert.Equal(1, await CountAsync());
    }

    [Fact]
    public async Task DeleteFacility_with_a_malformed_name_is_invalid_on_name()
    {
        await Rpc.InvalidAsync(() => _facilities.DeleteFacilityAsync(new DeleteFacilityRequest { Name = "Court" }), ("name", "INVALID_FORMAT"));
    }

    [Fact]
    public async Task DeleteFacility_needs_a_staff_caller()
    {
        await Rpc.UnauthenticatedAsync(() => _f.Facilities(null).DeleteFacilityAsync(new DeleteFacilityRequest { Name = Court }));
        await Rpc.NotAllowedAsync(() => _f.Facilities("resident:r1").DeleteFacilityAsync(new DeleteFacilityRequest { Name = Court }));
        Assert.Equal(1, await CountAsync());
    }
}
