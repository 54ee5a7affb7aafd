using CommunityShare.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using NodaTime;
using Duration = NodaTime.Duration;
using static CommunityShare.Server.Tests.Demo;

namespace CommunityShare.Server.Tests.Audit;

/// <summary>Every change is in the trail, with who made it, when, and which fields; views of personal data too; values never.</summary>
public sealed class AuditTrailTests : IAsyncLifetime
{
    private static readonly LocalDate Tomorrow = new(2026, 6, 11);
    private readonly ServerFixture _f = new();

    public async Task InitializeAsync()
    {
        await TownAsync(_f);
        await SchoolAsync(_f);
        await FacilityAsync(_f, "court", OpenDaily("篮球场", 2));
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private AuditService.AuditServiceClient Audit(string actor = "staff:admin") => new(_f.Channel(actor));

    private async Task<IReadOnlyList<AuditEntry>> TrailAsync(string resource) =>
        (await Audit().ListAuditEntriesAsync(new ListAuditEntriesRequest { Resource = resource, PageSize = 100 })).AuditEntries;

    [Fact]
    public async Task Catalogue_changes_and_booking_steps_are_recorded_with_actor_time_and_fields()
    {
        await _f.Facilities("staff:zhao:institution=school-1").UpdateFacilityAsync(new UpdateFacilityRequest
        {
            Facility = new Facility { Name = "facilities/court", DisplayName = "灯光篮球场" },
            UpdateMask = new FieldMask { Paths = { "display_name" } },
        });
        var booking = await _f.Bookings("resident:r1").CreateBookingAsync(new CreateBookingRequest { Parent = "facilities/court", Booking = Slot(Tomorrow, 10) });
        _f.Clock.Advance(Duration.FromMinutes(5));
        await _f.Bookings("resident:r1").CancelBookingAsync(new CancelBookingRequest { Name = booking.Name, Reason = "有事" });

        var facility = await TrailAsync("facilities/court");

        // Newest first; the facility's trail includes its bookings.
        Assert.Equal(
            [
                ("residents/r1", "booking.update", booking.Name, "cancel_reason,state"),
                ("residents/r1", "booking.create", booking.Name, ""),
                ("staff/zhao", "facility.update", "facilities/court", "display_name"),
                ("staff/admin", "facility.create", "facilities/court", ""),
            ],
            facility.Select(e => (e.Actor, e.Action, e.Resource, string.Join(",", e.ChangedFields))));
        Assert.Equal(ServerFixture.DefaultNow.Plus(Duration.FromMinutes(5)), CommunityShare.Contracts.ProtoTime.ToInstant(facility[0].Time));
    }

    [Fact]
    public async Task A_resident_reads_who_viewed_and_changed_their_record_but_no_values()
    {
        var resident = await new ResidentService.ResidentServiceClient(_f.Channel(null)).RegisterResidentAsync(new RegisterResidentRequest
        {
            Resident = new Resident
            {
                DisplayName = "周海燕",
                Mobile = "13812340000",
                IdentityNumber = CommunityShare.Domain.Residents.IdentityNumber.WithCheckCharacter("31011219850101002"),
                HomePlace = "places/310112101001",
            },
            UserName = "zhou.haiyan",
            Password = "a-long-passphrase",
        });
        var me = "resident:" + resident.Name["residents/".Length..];
        await new ResidentService.ResidentServiceClient(_f.Channel("staff:li:office=310112101")).GetResidentAsync(
            new GetResidentRequest { Name = resident.Name, View = GetResidentRequest.Types.View.Full });
        await new ResidentService.ResidentServiceClient(_f.Channel(me)).UpdateResidentAsync(new UpdateResidentRequest
        {
            Resident = new Resident { Name = resident.Name, Mobile = "13900009999" },
            UpdateMask = new FieldMask { Paths = { "mobile" } },
        });

        var trail = (await Audit(me).ListAuditEntriesAsync(new ListAuditEntriesRequest { Resource = resident.Name })).AuditEntries;

        Assert.Equal(
            [
                (resident.Name, "resident.update", "mobile"),
                ("staff/li", "resident.view_full", ""),
                (resident.Name, "resident.create", ""),
            ],
            trail.Select(e => (e.Actor, e.Action, string.Join(",", e.ChangedFields))));
        Assert.DoesNotContain(trail, e => e.ToString().Contains("13900009999", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_trail_pages_newest_first_and_filters_by_actor_and_time()
    {
        for (var i = 0; i < 3; i++)
        {
            _f.Clock.Advance(Duration.FromMinutes(1));
            await _f.Bookings("resident:r1").CreateBookingAsync(new CreateBookingRequest { Parent = "facilities/court", Booking = Slot(Tomorrow, 10 + i) });
        }

        var first = await Audit().ListAuditEntriesAsync(new ListAuditEntriesRequest { Actor = "residents/r1", PageSize = 2 });
        var second = await Audit().ListAuditEntriesAsync(new ListAuditEntriesRequest { Actor = "residents/r1", PageSize = 2, PageToken = first.NextPageToken });
        var late = await Audit().ListAuditEntriesAsync(new ListAuditEntriesRequest
        {
            StartTime = ToTimestamp(ServerFixture.DefaultNow.Plus(Duration.FromMinutes(2))),
        });

        Assert.Equal(3, first.AuditEntries.Concat(second.AuditEntries).Select(e => e.Resource).Distinct().Count());
        Assert.True(first.AuditEntries[0].Time.ToDateTimeOffset() > first.AuditEntries[1].Time.ToDateTimeOffset());
        Assert.Equal("", second.NextPageToken);
        Assert.Equal(2, late.AuditEntries.Count);
        await Rpc.InvalidAsync(() => Audit().ListAuditEntriesAsync(new ListAuditEntriesRequest
        {
            StartTime = ToTimestamp(ServerFixture.DefaultNow),
            EndTime = ToTimestamp(ServerFixture.DefaultNow),
            PageToken = "junk",
        }), ("end_time", "OUT_OF_RANGE"), ("page_token", "INVALID_PAGE_TOKEN"));
    }
}
