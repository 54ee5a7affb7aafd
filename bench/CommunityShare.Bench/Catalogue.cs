using System.Globalization;
using CommunityShare.Contracts.V1;
using Google.Type;
using Grpc.Core;
using Duration = Google.Protobuf.WellKnownTypes.Duration;

namespace CommunityShare.Bench;

/// <summary>One benchmark facility: its resource name and places per slot.</summary>
public sealed record BenchFacility(string Name, int Capacity);

/// <summary>
/// Builds the benchmark's catalogue through the API, as staff: district 310112, town
/// 310112101, one institution, and groups of facilities open around the clock with
/// 15-minute single-slot bookings and no per-resident limits.
/// </summary>
public sealed class Catalogue(ClientPool pool)
{
    public const string InstitutionName = "institutions/bench-centre";

    private readonly Metadata staff = ClientPool.As("staff:bench:district=310112");

    public async Task CreatePlacesAndInstitutionAsync()
    {
        var places = pool.Places();
        await places.CreatePlaceAsync(new CreatePlaceRequest
        {
            PlaceId = "310112",
            Place = new Place { Kind = Place.Types.Kind.District, DisplayName = "闵行区", DisplayNameEn = "Minhang District" },
        }, pool.Options(staff));
        await places.CreatePlaceAsync(new CreatePlaceRequest
        {
            PlaceId = "310112101",
            Place = new Place { Parent = "places/310112", Kind = Place.Types.Kind.Town, DisplayName = "莘庄镇", DisplayNameEn = "Xinzhuang Town" },
        }, pool.Options(staff));
        await pool.Institutions().CreateInstitutionAsync(new CreateInstitutionRequest
        {
            InstitutionId = "bench-centre",
            Institution = new Institution
            {
                DisplayName = "莘庄社区文化活动中心",
                Kind = Institution.Types.Kind.CommunityCentre,
                Place = "places/310112101",
                Address = "上海市闵行区莘庄镇1号",
                Location = new LatLng { Latitude = 31.11, Longitude = 121.375 },
            },
        }, pool.Options(staff));
        // Each bench worker books as one resident thousands of times: the district's fairness quotas
        // (a handful of bookings per resident) are lifted, as the per-resident rate limit is.
        await pool.Quotas().UpdateQuotaPolicyAsync(
            new UpdateQuotaPolicyRequest { QuotaPolicy = new QuotaPolicy() }, pool.Options(staff));
    }

    /// <summary>Creates <paramref name="count"/> facilities named <c>{prefix}-00</c>, <c>{prefix}-01</c>, ….</summary>
    public async Task<BenchFacility[]> CreateFacilitiesAsync(string prefix, int count, int capacity)
    {
        var facilities = pool.Facilities();
        var made = new BenchFacility[count];
        for (var i = 0; i < count; i++)
        {
            var id = $"{prefix}-{i.ToString("00", CultureInfo.InvariantCulture)}";
            var facility = await facilities.CreateFacilityAsync(new CreateFacilityRequest
            {
                FacilityId = id,
                Facility = OpenAroundTheClock($"Bench {id}", capacity),
            }, pool.Options(staff));
            made[i] = new BenchFacility(facility.Name, facility.Capacity);
        }
        return made;
    }

    private static Facility OpenAroundTheClock(string displayName, int capacity) => new()
    {
        Institution = InstitutionName,
        DisplayName = displayName,
        Kind = capacity == 1 ? Facility.Types.Kind.Court : Facility.Types.Kind.Gym,
        Capacity = capacity,
        TimeZone = SlotPlan.TimeZone,
        WeeklyWindows =
        {
            Enumerable.Range(1, 7).Select(d => new WeeklyWindow
            {
                DayOfWeek = (Google.Type.DayOfWeek)d,
                StartTime = new TimeOfDay { Hours = 0 },
                EndTime = new TimeOfDay { Hours = 24 },
            }),
        },
        Rules = new BookingRules
        {
            SlotLength = Duration.FromTimeSpan(SlotPlan.SlotLength.ToTimeSpan()),
            MaxSlotsPerBooking = 1,
            BookingHorizonDays = 365,
            ReleaseTime = new TimeOfDay { Hours = 0 },
            MinimumNotice = new Duration(),
            CancellationDeadline = new Duration(),
            MaxActiveBookings = 0,
            MaxBookingsPerWeek = 0,
            ApprovalRequired = false,
        },
    };
}
