using CommunityShare.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Google.Type;
using Grpc.Core;
using NodaTime;
using Duration = Google.Protobuf.WellKnownTypes.Duration;

namespace CommunityShare.Server.Tests;

/// <summary>Builds a small catalogue through the API itself: a town, an institution, facilities.</summary>
public static class Demo
{
    public static readonly DateTimeZone Shanghai = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    /// <summary>District 310112 with town 310112101 and neighbourhood 310112101001.</summary>
    public static async Task<string> TownAsync(ServerFixture f)
    {
        var places = f.Places();
        await places.CreatePlaceAsync(new CreatePlaceRequest
        {
            PlaceId = "310112",
            Place = new Place { Kind = Place.Types.Kind.District, DisplayName = "闵行区", DisplayNameEn = "Minhang District" },
        });
        await places.CreatePlaceAsync(new CreatePlaceRequest
        {
            PlaceId = "310112101",
            Place = new Place { Parent = "places/310112", Kind = Place.Types.Kind.Town, DisplayName = "莘庄镇", DisplayNameEn = "Xinzhuang Town" },
        });
        await places.CreatePlaceAsync(new CreatePlaceRequest
        {
            PlaceId = "310112101001",
            Place = new Place { Parent = "places/310112101", Kind = Place.Types.Kind.Neighborhood, DisplayName = "莘庄一村居委会" },
        });
        return "places/310112101";
    }

    /// <summary>
    /// Two towns for jurisdiction tests: Xinzhuang (310112101) with school-1 and facilities/court-x,
    /// Qibao (310112102, neighbourhood 310112102001) with school-2 and facilities/court-q.
    /// </summary>
    public static async Task TwoTownsAsync(ServerFixture f)
    {
        await TownAsync(f);
        var places = f.Places();
        await places.CreatePlaceAsync(new CreatePlaceRequest
        {
            PlaceId = "310112102",
            Place = new Place { Parent = "places/310112", Kind = Place.Types.Kind.Town, DisplayName = "七宝镇" },
        });
        await places.CreatePlaceAsync(new CreatePlaceRequest
        {
            PlaceId = "310112102001",
            Place = new Place { Parent = "places/310112102", Kind = Place.Types.Kind.Neighborhood, DisplayName = "七宝一村居委会" },
        });
        await SchoolAsync(f, "school-1");
        await f.Institutions().CreateInstitutionAsync(new CreateInstitutionRequest
        {
            InstitutionId = "school-2",
            Institution = new Institution
            {
                DisplayName = "七宝中学",
                Kind = Institution.Types.Kind.School,
                Place = "places/310112102001",
                Address = "上海市闵行区七宝路1号",
                Location = new LatLng { Latitude = 31.16, Longitude = 121.35 },
            },
        });
        await FacilityAsync(f, "court-x", OpenDaily("莘庄篮球场", 1));
        await FacilityAsync(f, "court-q", OpenDaily("七宝篮球场", 1), "institutions/school-2");
    }

    public static async Task<Institution> SchoolAsync(ServerFixture f, string id = "school-1")
    {
        return await f.Institutions().CreateInstitutionAsync(new CreateInstitutionRequest
        {
            InstitutionId = id,
            Institution = new Institution
            {
                DisplayName = "莘庄实验学校",
                Kind = Institution.Types.Kind.School,
                Place = "places/310112101001",
                Address = "上海市闵行区莘庄路1号",
                Location = new LatLng { Latitude = 31.11, Longitude = 121.375 },
            },
        });
    }

    /// <summary>Open every day 08:00–22:00 Shanghai time, 1 h slots, released 7 days ahead at 08:00, 1 h notice.</summary>
    public static Facility OpenDaily(string displayName, int capacity, BookingRules? rules = null) => new()
    {
        DisplayName = displayName,
        Kind = Facility.Types.Kind.Court,
        Capacity = capacity,
        TimeZone = "Asia/Shanghai",
        WeeklyWindows =
        {
            Enumerable.Range(1, 7).Select(d => new WeeklyWindow
            {
                DayOfWeek = (Google.Type.DayOfWeek)d,
                StartTime = new TimeOfDay { Hours = 8 },
                EndTime = new TimeOfDay { Hours = 22 },
            }),
        },
        Rules = rules ?? DefaultRules(),
    };

    public static BookingRules DefaultRules() => new()
    {
        SlotLength = Duration.FromTimeSpan(TimeSpan.FromHours(1)),
        MaxSlotsPerBooking = 2,
        BookingHorizonDays = 7,
        ReleaseTime = new TimeOfDay { Hours = 8 },
        MinimumNotice = Duration.FromTimeSpan(TimeSpan.FromHours(1)),
        CancellationDeadline = Duration.FromTimeSpan(TimeSpan.FromHours(2)),
    };

    public static async Task<Facility> FacilityAsync(ServerFixture f, string id, Facility facility, string institution = "institutions/school-1") =>
        await FacilityCall(f, id, facility, institution);

    /// <summary>The create call itself, for tests that expect it to fail.</summary>
    public static AsyncUnaryCall<Facility> FacilityCall(ServerFixture f, string id, Facility facility, string institution = "institutions/school-1")
    {
        facility.Institution = institution;
        return f.Facilities().CreateFacilityAsync(new CreateFacilityRequest { FacilityId = id, Facility = facility });
    }

    /// <summary>A booking request for [local start, +hours) on a date, Shanghai time.</summary>
    public static Booking Slot(LocalDate date, int hour, int hours = 1, int partySize = 1) => new()
    {
        StartTime = ToTimestamp(date.At(new LocalTime(hour, 0)).InZoneStrictly(Shanghai).ToInstant()),
        EndTime = ToTimestamp(date.At(new LocalTime(hour, 0)).InZoneStrictly(Shanghai).ToInstant() + NodaTime.Duration.FromHours(hours)),
        PartySize = partySize,
    };

    public static Timestamp ToTimestamp(Instant instant) => global::CommunityShare.Contracts.ProtoTime.ToTimestamp(instant);

    /// <summary>The ErrorInfo reason of a failed call.</summary>
    public static string Reason(RpcException e) =>
        e.GetRpcStatus()?.GetDetail<Google.Rpc.ErrorInfo>()?.Reason ?? "";

    public static IReadOnlyList<Google.Rpc.BadRequest.Types.FieldViolation> FieldViolations(RpcException e) =>
        e.GetRpcStatus()?.GetDetail<Google.Rpc.BadRequest>()?.FieldViolations.ToArray() ?? [];

    public static IReadOnlyList<string> RuleReasons(RpcException e) =>
        e.GetRpcStatus()?.GetDetail<Google.Rpc.PreconditionFailure>()?.Violations.Select(v => v.Type).ToArray() ?? [];
}
