using CommunityShare.Contracts.V1;
using NodaTime;
using static CommunityShare.Server.Tests.Demo;

namespace CommunityShare.Server.Tests.Places;

/// <summary>Hours open, bookings and use rate of an area for a week, on numbers worked out by hand.</summary>
public sealed class PlaceStatisticsTests : IAsyncLifetime
{
    // "Now" is Wednesday 2026-06-10; the week is Monday 06-08 to Sunday 06-14.
    private static readonly LocalDate Thursday = new(2026, 6, 11);
    private static readonly LocalDate Friday = new(2026, 6, 12);
    private static readonly LocalDate Saturday = new(2026, 6, 13);
    private readonly ServerFixture _f = new();

    public async Task InitializeAsync()
    {
        await TwoTownsAsync(_f); // court-x (Xinzhuang) and court-q (Qibao), both 1 place, 08:00-22:00 daily
        await FacilityAsync(_f, "gym", OpenDaily("健身房", 10));
        await FacilityAsync(_f, "hall", OpenDaily("礼堂", 1));
        var east = OpenDaily("礼堂东半场", 1);
        east.ParentFacility = "facilities/hall";
        await FacilityAsync(_f, "hall-east", east);
        var west = OpenDaily("礼堂西半场", 1);
        west.ParentFacility = "facilities/hall";
        await FacilityAsync(_f, "hall-west", west);
        await _f.Facilities().CreateBlackoutAsync(new CreateBlackoutRequest
        {
            Parent = "facilities/court-x",
            Blackout = new Blackout
            {
                StartTime = ToTimestamp(Thursday.AtStartOfDayInZone(Shanghai).ToInstant()),
                EndTime = ToTimestamp(Friday.AtStartOfDayInZone(Shanghai).ToInstant()),
                Reason = Blackout.Types.Reason.Exam,
            },
        });
        var bookings = _f.Bookings("resident:r1");
        await bookings.CreateBookingAsync(new CreateBookingRequest { Parent = "facilities/court-x", Booking = Slot(Friday, 10, hours: 2) });
        await bookings.CreateBookingAsync(new CreateBookingRequest { Parent = "facilities/gym", Booking = Slot(Friday, 10, partySize: 4) });
        await bookings.CreateBookingAsync(new CreateBookingRequest { Parent = "facilities/hall-east", Booking = Slot(Saturday, 10) });
        var cancelled = await _f.Bookings("resident:r2").CreateBookingAsync(new CreateBookingRequest { Parent = "facilities/gym", Booking = Slot(Saturday, 10, partySize: 5) });
        await _f.Bookings("resident:r2").CancelBookingAsync(new CancelBookingRequest { Name = cancelled.Name });
        await _f.Bookings("resident:r2").CreateBookingAsync(new CreateBookingRequest { Parent = "facilities/court-q", Booking = Slot(Friday, 10) });
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    [Fact]
    public async Task A_town_s_week_counts_open_hours_less_blackouts_places_offered_and_places_booked()
    {
        var stats = await _f.Places(null).GetPlaceStatisticsAsync(new GetPlaceStatisticsRequest { Place = "places/310112101" });

        // Open: court 7×14 − 14 (Thursday blacked out) = 84 h, gym 98 h, hall 98 h (its halves count once).
        Assert.Equal(TimeSpan.FromHours(84 + 98 + 98), stats.Total.OpenTime.ToTimeSpan());
        // Offered place-hours: 84 × 1 + 98 × 10 + 98 × 1; booked: 2 h × 1 + 1 h × 4 people + half the hall for 1 h.
        Assert.Equal(84 + 980 + 98, stats.Total.PlaceHoursOffered, 6);
        Assert.Equal(2 + 4 + 0.5, stats.Total.PlaceHoursBooked, 6);
        Assert.Equal(6.5 / 1162, stats.Total.UseRate, 9);
        Assert.Equal(3, stats.Total.Bookings); // the cancelled one and Qibao's are not counted
        Assert.Equal((1, 5), (stats.Institutions, stats.Facilities));
        Assert.Equal((new Google.Type.Date { Year = 2026, Month = 6, Day = 8 }, new Google.Type.Date { Year = 2026, Month = 6, Day = 14 }),
            (stats.WeekStartDate, stats.WeekEndDate));
        var days = stats.Days.ToDictionary(d => new LocalDate(d.Date.Year, d.Date.Month, d.Date.Day));
        Assert.Equal(7, days.Count);
        Assert.Equal(TimeSpan.FromHours(28), days[Thursday].Figures.OpenTime.ToTimeSpan());
        Assert.Equal(2, days[Friday].Figures.Bookings);
        Assert.Equal(1, days[Saturday].Figures.Bookings);
        var school = Assert.Single(stats.InstitutionsByOpenTime);
        Assert.Equal(("institutions/school-1", 5), (school.Institution, school.Facilities));
    }

    [Fact]
    public async Task The_district_sums_its_towns_and_another_week_is_asked_for_by_any_of_its_days()
    {
        var district = await _f.Places(null).GetPlaceStatisticsAsync(new GetPlaceStatisticsRequest { Place = "places/310112" });
        var nextWeek = await _f.Places(null).GetPlaceStatisticsAsync(new GetPlaceStatisticsRequest
        {
            Place = "places/310112101",
            Date = new Google.Type.Date { Year = 2026, Month = 6, Day = 17 },
        });

        Assert.Equal(4, district.Total.Bookings);
        Assert.Equal(TimeSpan.FromHours(84 + 98 + 98 + 98), district.Total.OpenTime.ToTimeSpan());
        Assert.Equal(2, district.InstitutionsByOpenTime.Count);
        Assert.Equal(15, nextWeek.WeekStartDate.Day);
        Assert.Equal(0, nextWeek.Total.Bookings);
        Assert.Equal(TimeSpan.FromHours(98 * 3), nextWeek.Total.OpenTime.ToTimeSpan());
    }

    [Fact]
    public async Task An_unknown_place_is_not_found_and_a_bad_request_says_every_problem()
    {
        await Rpc.NotFoundAsync(() => _f.Places(null).GetPlaceStatisticsAsync(new GetPlaceStatisticsRequest { Place = "places/999999" }));
        await Rpc.InvalidAsync(() => _f.Places(null).GetPlaceStatisticsAsync(new GetPlaceStatisticsRequest
        {
            Place = "towns/x",
            Date = new Google.Type.Date { Year = 2026, Month = 2, Day = 30 },
        }), ("place", "INVALID_FORMAT"), ("date", "INVALID_FORMAT"));
    }
}
