using CommunityShare.Domain.Facilities;
using NodaTime;
using static CommunityShare.Domain.Tests.Given;

namespace CommunityShare.Domain.Tests.Facilities;

public class FacilityTests
{
    private static readonly Instant Later = SomeCreateTime + Duration.FromDays(1);

    [Theory]
    [InlineData(1, true)]
    [InlineData(2, false)]
    [InlineData(30, false)]
    public void Capacity_one_means_exclusive_use(int capacity, bool exclusive)
    {
        Assert.Equal(exclusive, Facility(capacity: capacity).IsExclusive);
    }

    [Fact]
    public void A_facility_keeps_its_zone_by_id()
    {
        var facility = Facility(zone: London);

        Assert.Equal("Europe/London", facility.TimeZoneId);
        Assert.Equal(London, facility.Zone);
    }

    [Fact]
    public void A_new_facility_is_at_version_1()
    {
        var facility = Facility();

        Assert.Equal(1, facility.Version);
        Assert.Equal(SomeCreateTime, facility.UpdateTime);
    }

    [Fact]
    public void Every_change_bumps_the_version_and_update_time()
    {
        var facility = Facility();

        facility.SetCapacity(12, Later);
        facility.SetZone(London, Later);
        facility.SetSchedule(OpeningSchedule.Closed, Later);
        facility.SetRules(Rules with { MaxSlotsPerBooking = 3 }, Later);
        facility.Describe("Hall", FacilityKind.Hall, "With a stage", Accessibility.None, null, Later);
        facility.Relocate("310112102001", Later);

        Assert.Equal(7, facility.Version);
        Assert.Equal(Later, facility.UpdateTime);
        Assert.Equal(SomeCreateTime, facility.CreateTime);
        Assert.Equal(12, facility.Capacity);
        Assert.Equal(London, facility.Zone);
        Assert.Equal(3, facility.Rules.MaxSlotsPerBooking);
        Assert.Equal("310112102001", facility.PlaceCode);
    }

    [Fact]
    public void A_blackout_period_is_its_start_and_end()
    {
        var period = Between("2026-06-15 00:00", "2026-06-20 00:00", Shanghai);

        var blackout = new Blackout("bo-1", "court-1", period, BlackoutReason.Exam, "Gaokao", SomeCreateTime);

        Assert.Equal(period, blackout.Period);
        Assert.Equal(period.Start, blackout.Start);
        Assert.Equal(period.End, blackout.End);
    }
}
