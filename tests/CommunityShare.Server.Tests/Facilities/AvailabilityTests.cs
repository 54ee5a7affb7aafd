using CommunityShare.Contracts;
using CommunityShare.Contracts.V1;
using Google.Type;
using Grpc.Core;
using NodaTime;
using DayOfWeek = Google.Type.DayOfWeek;
using State = CommunityShare.Contracts.V1.Slot.Types.State;

namespace CommunityShare.Server.Tests.Facilities;

/// <summary>ListFacilitySlots and SearchFreeSlots. "Now" is Wednesday 2026-06-10 09:00 in Shanghai.</summary>
public sealed class AvailabilityTests : IAsyncLifetime
{
    private const string Court = "facilities/court-1";
    private const string Gym = "facilities/gym-1";
    private const string Hall = "facilities/hall-1";
    private const string PartA = "facilities/hall-1-a";
    private const string PartB = "facilities/hall-1-b";

    private static readonly LocalDate Today = new(2026, 6, 10);
    private static readonly LocalDate Tomorrow = new(2026, 6, 11);

    private readonly ServerFixture _f = new();
    private FacilityService.FacilityServiceClient _facilities = null!;

    public async Task InitializeAsync()
    {
        _facilities = _f.Facilities(null);
        await Demo.TownAsync(_f);
        await Demo.SchoolAsync(_f);
        await Demo.FacilityAsync(_f, "court-1", Demo.OpenDaily("篮球场", 1));
        var gym = Demo.OpenDaily("健身房", 10);
        gym.Kind = Facility.Types.Kind.Gym;
        await Demo.FacilityAsync(_f, "gym-1", gym);
        foreach (var (id, parent) in new[] { ("hall-1", ""), ("hall-1-a", Hall), ("hall-1-b", Hall) })
        {
            var hall = Demo.OpenDaily(id, 1);
            hall.Kind = Facility.Types.Kind.Hall;
            hall.ParentFacility = parent;
            await Demo.FacilityAsync(_f, id, hall);
        }
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private async Task<IReadOnlyList<Slot>> SlotsAsync(string facility, LocalDate start, LocalDate? end = null, int partySize = 0, bool availableOnly = false)
    {
        var response = await _facilities.ListFacilitySlotsAsync(new ListFacilitySlotsRequest
        {
            Facility = facility,
            StartDate = start.ToProtoDate(),
            EndDate = (end ?? start).ToProtoDate(),
            PartySize = partySize,
            AvailableOnly = availableOnly,
        });
        return response.Slots;
    }

    private static Slot At(IEnumerable<Slot> slots, LocalDate date, int hour) =>
        slots.Single(s => s.LocalDate.Equals(date.ToProtoDate()) && s.LocalStartTime.Hours == hour);

    private async Task BookAsync(string facility, LocalDate date, int hour, int partySize = 1, string resident = "resident:r1") =>
        await _f.Bookings(resident).CreateBookingAsync(new CreateBookingRequest { Parent = facility, Booking = Demo.Slot(date, hour, partySize: partySize) });

    private static Instant Shanghai(LocalDate date, int hour) => date.At(new LocalTime(hour, 0)).InZoneStrictly(Demo.Shanghai).ToInstant();

    // ListFacilitySlots

    [Fact]
    public async Task ListFacilitySlots_gives_every_slot_of_the_range_in_the_facility_zone()
    {
        var response = await _facilities.ListFacilitySlotsAsync(new ListFacilitySlotsRequest
        {
            Facility = Court,
            StartDate = Tomorrow.ToProtoDate(),
            EndDate = Tomorrow.PlusDays(1).ToProtoDate(),
        });

        Assert.Equal("Asia/Shanghai", response.TimeZone);
        Assert.Equal(28, response.Slots.Count);
        var first = response.Slots[0];
        Assert.Equal(Court, first.Facility);
        Assert.Equal(Tomorrow.ToProtoDate(), first.LocalDate);
        Assert.Equal(new TimeOfDay { Hours = 8 }, first.LocalStartTime);
        Assert.Equal(Demo.ToTimestamp(Instant.FromUtc(2026, 6, 11, 0, 0)), first.StartTime);
        Assert.Equal(Demo.ToTimestamp(Instant.FromUtc(2026, 6, 11, 1, 0)), first.EndTime);
        Assert.Equal(1, first.Capacity);
        Assert.Equal(1, first.RemainingPlaces);
        Assert.Equal(State.Available, first.State);
        // Released 7 days ahead at 08:00 local.
        Assert.Equal(Demo.ToTimestamp(Shanghai(new LocalDate(2026, 6, 4), 8)), first.ReleaseTime);
        Assert.Equal(new TimeOfDay { Hours = 21 }, response.Slots[13].LocalStartTime);
        Assert.Equal(Tomorrow.PlusDays(1).ToProtoDate(), response.Slots[14].LocalDate);
    }

    [Fact]
    public async Task Slots_starting_within_the_minimum_notice_or_already_started_are_closed()
    {
        var slots = await SlotsAsync(Court, Today);

        Assert.Equal(State.Closed, At(slots, Today, 8).State);
        Assert.Equal(State.Closed, At(slots, Today, 9).State);
        Assert.Equal(State.Available, At(slots, Today, 10).State);
        Assert.Equal(State.Available, At(slots, Today, 21).State);
    }

    [Fact]
    public async Task Slots_beyond_the_horizon_are_not_yet_released_until_their_release_time()
    {
        var slots = await SlotsAsync(Court, Today.PlusDays(7), Today.PlusDays(8));

        Assert.Equal(State.Available, At(slots, Today.PlusDays(7), 8).State);
        var unreleased = At(slots, Today.PlusDays(8), 8);
        Assert.Equal(State.NotYetReleased, unreleased.State);
        Assert.Equal(Demo.ToTimestamp(Shanghai(Tomorrow, 8)), unreleased.ReleaseTime);

        _f.Clock.AdvanceHours(23);
        Assert.Equal(State.Available, At(await SlotsAsync(Court, Today.PlusDays(8)), Today.PlusDays(8), 8).State);
    }

    [Fact]
    public async Task A_booked_exclusive_slot_is_full_and_left_out_of_available_only()
    {
        await BookAsync(Court, Tomorrow, 10);

        var slots = await SlotsAsync(Court, Tomorrow);
        var available = await SlotsAsync(Court, Tomorrow, availableOnly: true);

        Assert.Equal(State.Full, At(slots, Tomorrow, 10).State);
        Assert.Equal(0, At(slots, Tomorrow, 10).RemainingPlaces);
        Assert.Equal(State.Available, At(slots, Tomorrow, 11).State);
        Assert.Equal(13, available.Count);
        Assert.DoesNotContain(available, s => s.LocalStartTime.Hours == 10);
    }

    [Fact]
    public async Task Slots_inside_a_blackout_are_blacked_out_also_for_the_parts_of_a_blacked_out_whole()
    {
        foreach (var facility in new[] { Court, Hall })
        {
            await _f.Facilities().CreateBlackoutAsync(new CreateBlackoutRequest
            {
                Parent = facility,
                Blackout = new Blackout
                {
                    StartTime = Demo.ToTimestamp(Shanghai(Tomorrow, 12)),
                    EndTime = Demo.ToTimestamp(Shanghai(Tomorrow, 14)),
                    Reason = Blackout.Types.Reason.Maintenance,
                },
            });
        }

        var court = await SlotsAsync(Court, Tomorrow);
        var part = await SlotsAsync(PartA, Tomorrow);

        Assert.Equal(State.Available, At(court, Tomorrow, 11).State);
        Assert.Equal(State.BlackedOut, At(court, Tomorrow, 12).State);
        Assert.Equal(State.BlackedOut, At(court, Tomorrow, 13).State);
        Assert.Equal(State.Available, At(court, Tomorrow, 14).State);
        Assert.Equal(State.BlackedOut, At(part, Tomorrow, 12).State);
        Assert.Equal(State.Available, At(await SlotsAsync(Gym, Tomorrow), Tomorrow, 12).State);
    }

    [Fact]
    public async Task A_shared_facility_shows_the_places_left_and_is_full_for_a_party_that_does_not_fit()
    {
        await BookAsync(Gym, Tomorrow, 10, partySize: 3);
        await BookAsync(Gym, Tomorrow, 10, partySize: 4, resident: "resident:r2");

        var slot = At(await SlotsAsync(Gym, Tomorrow), Tomorrow, 10);
        Assert.Equal(10, slot.Capacity);
        Assert.Equal(3, slot.RemainingPlaces);
        Assert.Equal(State.Available, slot.State);
        Assert.Equal(State.Available, At(await SlotsAsync(Gym, Tomorrow, partySize: 3), Tomorrow, 10).State);
        Assert.Equal(State.Full, At(await SlotsAsync(Gym, Tomorrow, partySize: 4), Tomorrow, 10).State);
        Assert.Equal(10, At(await SlotsAsync(Gym, Tomorrow, partySize: 4), Tomorrow, 11).RemainingPlaces);
        Assert.DoesNotContain(await SlotsAsync(Gym, Tomorrow, partySize: 4, availableOnly: true), s => s.LocalStartTime.Hours == 10);
    }

    [Fact]
    public async Task Booking_the_whole_fills_its_parts_and_booking_a_part_fills_the_whole_only()
    {
        await BookAsync(Hall, Tomorrow, 10);
        await BookAsync(PartA, Tomorrow, 11);

        var whole = await SlotsAsync(Hall, Tomorrow);
        var a = await SlotsAsync(PartA, Tomorrow);
        var b = await SlotsAsync(PartB, Tomorrow);

        Assert.Equal(State.Full, At(a, Tomorrow, 10).State);
        Assert.Equal(State.Full, At(b, Tomorrow, 10).State);
        Assert.Equal(0, At(b, Tomorrow, 10).RemainingPlaces);
        Assert.Equal(State.Full, At(whole, Tomorrow, 11).State);
        Assert.Equal(State.Full, At(a, Tomorrow, 11).State);
        Assert.Equal(State.Available, At(b, Tomorrow, 11).State);
        Assert.Equal(State.Available, At(whole, Tomorrow, 12).State);
    }

    [Fact]
    public async Task Date_overrides_and_windows_to_midnight_shape_the_slots()
    {
        var late = Demo.OpenDaily("夜场", 1);
        late.WeeklyWindows.Clear();
        late.WeeklyWindows.Add(new[] { DayOfWeek.Thursday, DayOfWeek.Friday }.Select(d => new WeeklyWindow
        {
            DayOfWeek = d,
            StartTime = new TimeOfDay { Hours = 20 },
            EndTime = new TimeOfDay { Hours = 24 },
        }));
        late.DateOverrides.Add(new DateOverride { Date = Tomorrow.PlusDays(1).ToProtoDate(), Reason = "端午" });
        await Demo.FacilityAsync(_f, "late-1", late);

        var slots = await SlotsAsync("facilities/late-1", Today, Tomorrow.PlusDays(1));

        Assert.Equal([20, 21, 22, 23], slots.Select(s => s.LocalStartTime.Hours));
        Assert.All(slots, s => Assert.Equal(Tomorrow.ToProtoDate(), s.LocalDate));
        Assert.Equal(Demo.ToTimestamp(Shanghai(Tomorrow.PlusDays(1), 0)), slots[^1].EndTime);
    }

    [Fact]
    public async Task ListFacilitySlots_allows_at_most_31_days()
    {
        Assert.Equal(31 * 14, (await SlotsAsync(Court, Tomorrow, Tomorrow.PlusDays(30))).Count);

        await Rpc.InvalidAsync(() => _facilities.ListFacilitySlotsAsync(new ListFacilitySlotsRequest
            {
                Facility = Court,
                StartDate = Tomorrow.ToProtoDate(),
                EndDate = Tomorrow.PlusDays(31).ToProtoDate(),
            }),
            ("end_date", "OUT_OF_RANGE"));
    }

    [Fact]
    public async Task ListFacilitySlots_reports_every_bad_argument_at_once()
    {
        await Rpc.InvalidAsync(() => _facilities.ListFacilitySlotsAsync(new ListFacilitySlotsRequest
            {
                Facility = Court,
                StartDate = Tomorrow.ToProtoDate(),
                EndDate = Today.ToProtoDate(),
                PartySize = -1,
            }),
            ("end_date", "OUT_OF_RANGE"), ("party_size", "OUT_OF_RANGE"));
        await Rpc.InvalidAsync(() => _facilities.ListFacilitySlotsAsync(new ListFacilitySlotsRequest
            {
                Facility = "court-1",
                StartDate = new Date { Year = 2026, Month = 2, Day = 30 },
            }),
            ("facility", "INVALID_FORMAT"), ("start_date", "INVALID_FORMAT"), ("end_date", "REQUIRED"));
    }

    [Fact]
    public async Task ListFacilitySlots_of_an_unknown_facility_is_not_found()
    {
        await Rpc.NotFoundAsync(() => _facilities.ListFacilitySlotsAsync(new ListFacilitySlotsRequest
        {
            Facility = "facilities/nope",
            StartDate = Tomorrow.ToProtoDate(),
            EndDate = Tomorrow.ToProtoDate(),
        }));
    }

    // SearchFreeSlots

    private async Task QibaoCourtAsync()
    {
        await _f.Places().CreatePlaceAsync(new CreatePlaceRequest
        {
            PlaceId = "310112102",
            Place = new Place { Parent = "places/310112", Kind = Place.Types.Kind.Town, DisplayName = "七宝镇" },
        });
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
        var court = Demo.OpenDaily("七宝球场", 1);
        court.Accessibility = new Accessibility { StepFreeAccess = true };
        await Demo.FacilityAsync(_f, "qibao-court", court, "institutions/qibao-school");
    }

    private async Task<SearchFreeSlotsResponse> SearchAsync(Action<SearchFreeSlotsRequest>? configure = null)
    {
        var request = new SearchFreeSlotsRequest { StartDate = Tomorrow.ToProtoDate(), EndDate = Tomorrow.ToProtoDate() };
        configure?.Invoke(request);
        return await _facilities.SearchFreeSlotsAsync(request);
    }

    private static string[] Names(SearchFreeSlotsResponse response) => response.Results.Select(r => r.Facility.Name).ToArray();

    [Fact]
    public async Task SearchFreeSlots_filters_by_kind_and_place()
    {
        await QibaoCourtAsync();

        Assert.Equal([Court, Gym, Hall, PartA, PartB, "facilities/qibao-court"], Names(await SearchAsync()));
        Assert.Equal([Court, "facilities/qibao-court"], Names(await SearchAsync(r => r.Kind = Facility.Types.Kind.Court)));
        Assert.Equal(["facilities/qibao-court"], Names(await SearchAsync(r => r.Place = "places/310112102")));
        Assert.Equal([Court], Names(await SearchAsync(r => { r.Place = "places/310112101"; r.Kind = Facility.Types.Kind.Court; })));
        var court = (await SearchAsync(r => r.Kind = Facility.Types.Kind.Court)).Results[0];
        Assert.Equal(14, court.Slots.Count);
        Assert.All(court.Slots, s => Assert.Equal(State.Available, s.State));
    }

    [Fact]
    public async Task SearchFreeSlots_keeps_slots_inside_the_time_of_day_window_and_leaves_out_full_ones()
    {
        await BookAsync(Court, Tomorrow, 11);

        var response = await SearchAsync(r =>
        {
            r.Kind = Facility.Types.Kind.Court;
            r.EarliestStartTime = new TimeOfDay { Hours = 10 };
            r.LatestEndTime = new TimeOfDay { Hours = 13 };
        });
        var evening = await SearchAsync(r =>
        {
            r.Kind = Facility.Types.Kind.Court;
            r.EarliestStartTime = new TimeOfDay { Hours = 20 };
            r.LatestEndTime = new TimeOfDay { Hours = 24 };
        });

        Assert.Equal([10, 12], response.Results.Single().Slots.Select(s => s.LocalStartTime.Hours));
        Assert.Equal([20, 21], evening.Results.Single().Slots.Select(s => s.LocalStartTime.Hours));
    }

    [Fact]
    public async Task SearchFreeSlots_by_party_size_leaves_out_facilities_and_slots_too_small()
    {
        await BookAsync(Gym, Tomorrow, 10, partySize: 5);

        var six = await SearchAsync(r => { r.PartySize = 6; r.Kind = Facility.Types.Kind.Gym; });
        var eleven = await SearchAsync(r => { r.PartySize = 11; r.Kind = Facility.Types.Kind.Gym; });
        var five = await SearchAsync(r => { r.PartySize = 5; r.Kind = Facility.Types.Kind.Gym; });

        Assert.DoesNotContain(six.Results.Single().Slots, s => s.LocalStartTime.Hours == 10);
        Assert.Equal(13, six.Results.Single().Slots.Count);
        Assert.Empty(eleven.Results);
        Assert.Equal(14, five.Results.Single().Slots.Count);
    }

    [Fact]
    public async Task SearchFreeSlots_shows_each_facility_as_GetFacility_does_with_its_parts()
    {
        var hall = (await SearchAsync(r => r.Kind = Facility.Types.Kind.Hall)).Results[0].Facility;

        Assert.Equal(Hall, hall.Name);
        Assert.Equal([PartA, PartB], hall.Parts);
        Assert.Equal(await _facilities.GetFacilityAsync(new GetFacilityRequest { Name = Hall }), hall);
    }

    [Fact]
    public async Task SearchFreeSlots_with_step_free_access_only_finds_step_free_facilities()
    {
        await QibaoCourtAsync();

        Assert.Equal(["facilities/qibao-court"], Names(await SearchAsync(r => r.StepFreeAccess = true)));
    }

    [Fact]
    public async Task SearchFreeSlots_pages_walk_every_facility_exactly_once()
    {
        await QibaoCourtAsync();
        var all = Names(await SearchAsync());

        var seen = new List<string>();
        var token = "";
        do
        {
            var page = await SearchAsync(r => { r.PageSize = 2; r.PageToken = token; });
            Assert.InRange(page.Results.Count, 1, 2);
            seen.AddRange(Names(page));
            token = page.NextPageToken;
        }
        while (token != "");

        Assert.Equal(6, all.Length);
        Assert.Equal(all, seen);
    }

    [Fact]
    public async Task SearchFreeSlots_refuses_a_page_token_reused_with_other_filters()
    {
        var first = await SearchAsync(r => r.PageSize = 1);
        Assert.NotEqual("", first.NextPageToken);

        await Rpc.InvalidAsync(() => _facilities.SearchFreeSlotsAsync(new SearchFreeSlotsRequest
            {
                StartDate = Tomorrow.ToProtoDate(),
                EndDate = Tomorrow.ToProtoDate(),
                PartySize = 2,
                PageSize = 1,
                PageToken = first.NextPageToken,
            }),
            ("page_token", "INVALID_PAGE_TOKEN"));
    }

    [Fact]
    public async Task SearchFreeSlots_reports_every_bad_argument_at_once()
    {
        await Rpc.InvalidAsync(() => _facilities.SearchFreeSlotsAsync(new SearchFreeSlotsRequest
            {
                StartDate = Tomorrow.ToProtoDate(),
                EndDate = Tomorrow.PlusDays(14).ToProtoDate(),
                EarliestStartTime = new TimeOfDay { Hours = 24 },
                LatestEndTime = new TimeOfDay { Hours = 24, Minutes = 30 },
                PartySize = -2,
                PageSize = -1,
                Place = "310112",
                Kind = (Facility.Types.Kind)50,
            }),
            ("end_date", "OUT_OF_RANGE"), ("earliest_start_time", "OUT_OF_RANGE"), ("latest_end_time", "OUT_OF_RANGE"),
            ("party_size", "OUT_OF_RANGE"), ("page_size", "OUT_OF_RANGE"), ("place", "INVALID_FORMAT"), ("kind", "OUT_OF_RANGE"));
        await Rpc.InvalidAsync(() => _facilities.SearchFreeSlotsAsync(new SearchFreeSlotsRequest()),
            ("start_date", "REQUIRED"), ("end_date", "REQUIRED"));
    }

    [Fact]
    public async Task A_party_larger_than_the_facility_allows_is_offered_nothing_there()
    {
        var rules = Demo.DefaultRules();
        rules.MaxPartySize = 4;
        await Demo.FacilityAsync(_f, "small-room", Demo.OpenDaily("小会议室", 1, rules));

        var forFive = await SlotsAsync("facilities/small-room", Tomorrow, partySize: 5, availableOnly: true);
        var forFour = await SlotsAsync("facilities/small-room", Tomorrow, partySize: 4, availableOnly: true);
        var search = await SearchAsync(r => r.PartySize = 5);

        Assert.Empty(forFive);
        Assert.NotEmpty(forFour);
        Assert.DoesNotContain("facilities/small-room", Names(search));
        Assert.Contains(Court, Names(search));
    }
}
