using CommunityShare.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using static CommunityShare.Server.Tests.Demo;

namespace CommunityShare.Server.Tests.Bookings;

public sealed class CreateBookingTests : IAsyncLifetime
{
    private static readonly LocalDate Tomorrow = new(2026, 6, 11);
    private readonly ServerFixture _f = new();

    public async Task InitializeAsync()
    {
        await TownAsync(_f);
        await SchoolAsync(_f);
        await FacilityAsync(_f, "court", OpenDaily("篮球场", 1));
        await FacilityAsync(_f, "gym", OpenDaily("健身房", 3));
        await _f.AddResidentAsync("elder-1", "310112101001", "赵桂兰", new LocalDate(1942, 3, 1));
        await _f.AddResidentAsync("r2", "310112101001");
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private Task<Booking> BookAsync(string facility, Booking booking, string actor = "resident:r1", string requestId = "") =>
        _f.Bookings(actor).CreateBookingAsync(new CreateBookingRequest { Parent = $"facilities/{facility}", Booking = booking, RequestId = requestId })
            .ResponseAsync;

    private Task<int> BookingCountAsync() => _f.WithDbAsync(db => db.Bookings.CountAsync());

    [Fact]
    public async Task A_free_slot_is_confirmed_at_once_with_a_check_in_code()
    {
        var booking = await BookAsync("court", Slot(Tomorrow, 10, partySize: 4));

        Assert.Equal(Booking.Types.State.Confirmed, booking.State);
        Assert.StartsWith("facilities/court/bookings/", booking.Name, StringComparison.Ordinal);
        Assert.Equal("residents/r1", booking.Resident);
        Assert.Equal(8, booking.CheckInCode.Length);
        Assert.Equal("", booking.CreatedBy);
        Assert.Equal(Slot(Tomorrow, 10).StartTime.ToDateTimeOffset().AddHours(-2), booking.CancellationDeadlineTime.ToDateTimeOffset());
    }

    [Fact]
    public async Task A_facility_that_needs_approval_leaves_the_booking_pending()
    {
        var rules = DefaultRules();
        rules.ApprovalRequired = true;
        await FacilityAsync(_f, "hall", OpenDaily("礼堂", 1, rules));

        var booking = await BookAsync("hall", Slot(Tomorrow, 10));

        Assert.Equal(Booking.Types.State.PendingApproval, booking.State);
    }

    private static Booking ForElder(int hour, ProxyConsent? consent) => new(Slot(Tomorrow, hour)) { Resident = "residents/elder-1", ProxyConsent = consent };

    [Fact]
    public async Task Staff_at_the_counter_book_for_a_resident_and_the_booking_says_who_and_how_the_resident_consented()
    {
        var consent = new ProxyConsent { Method = ProxyConsent.Types.Method.InPerson, Note = " 本人持身份证到场 " };

        var booking = await BookAsync("court", ForElder(10, consent), "staff:counter-1");

        Assert.Equal("residents/elder-1", booking.Resident);
        Assert.Equal("staff/counter-1", booking.CreatedBy);
        Assert.Equal(ProxyConsent.Types.Method.InPerson, booking.ProxyConsent.Method);
        Assert.Equal("本人持身份证到场", booking.ProxyConsent.Note);
        var read = await _f.Bookings("resident:elder-1").GetBookingAsync(new GetBookingRequest { Name = booking.Name });
        Assert.Equal("staff/counter-1", read.CreatedBy);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(ProxyConsent.Types.Method.Unspecified)]
    [InlineData(ProxyConsent.Types.Method.StandingGrant)]
    [InlineData(ProxyConsent.Types.Method.Guardian)]
    public async Task Staff_who_do_not_say_how_the_resident_consented_book_nothing(ProxyConsent.Types.Method? method)
    {
        var consent = method is null ? null : new ProxyConsent { Method = method.Value };

        var e = await Assert.ThrowsAsync<RpcException>(() => BookAsync("court", ForElder(10, consent), "staff:counter-1"));

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Equal(["booking.proxy_consent.method"], FieldViolations(e).Select(v => v.Field));
        Assert.Equal("CONSENT_REQUIRED", FieldViolations(e)[0].Reason);
        Assert.Equal(0, await BookingCountAsync());
    }

    [Fact]
    public async Task Booking_for_a_resident_who_does_not_exist_is_not_found()
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => BookAsync("court",
            new Booking(Slot(Tomorrow, 10)) { Resident = "residents/nobody", ProxyConsent = new ProxyConsent { Method = ProxyConsent.Types.Method.ByPhone } },
            "staff:counter-1"));

        Assert.Equal(StatusCode.NotFound, e.StatusCode);
        Assert.Equal(0, await BookingCountAsync());
    }

    [Fact]
    public async Task Staff_must_name_the_resident_they_book_for()
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => BookAsync("court", Slot(Tomorrow, 10), "staff:counter-1"));

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains(FieldViolations(e), v => v.Field == "booking.resident");
    }

    [Fact]
    public async Task A_resident_cannot_book_for_someone_else()
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => BookAsync("court", new Booking(Slot(Tomorrow, 10)) { Resident = "residents/r2" }));

        Assert.Equal(StatusCode.PermissionDenied, e.StatusCode);
        Assert.Equal("NOT_ALLOWED", Reason(e));
    }

    [Fact]
    public async Task An_anonymous_caller_is_unauthenticated()
    {
        var e = await Assert.ThrowsAsync<RpcException>(() =>
            _f.Bookings(null).CreateBookingAsync(new CreateBookingRequest { Parent = "facilities/court", Booking = Slot(Tomorrow, 10) }).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
    }

    [Fact]
    public async Task Every_problem_of_a_malformed_request_is_reported_at_once_and_nothing_is_written()
    {
        var request = new CreateBookingRequest
        {
            Parent = "facility/Court!",
            Booking = new Booking { StartTime = Timestamp.FromDateTime(new DateTime(2026, 6, 11, 3, 0, 0, DateTimeKind.Utc)), PartySize = 0 },
            RequestId = new string('x', 40),
        };

        var e = await Assert.ThrowsAsync<RpcException>(() => _f.Bookings().CreateBookingAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Equal(["booking.end_time", "booking.party_size", "parent", "request_id"], FieldViolations(e).Select(v => v.Field).Order());
        Assert.Equal(0, await BookingCountAsync());
    }

    [Fact]
    public async Task End_before_start_is_invalid()
    {
        var slot = Slot(Tomorrow, 10);
        (slot.StartTime, slot.EndTime) = (slot.EndTime, slot.StartTime);

        var e = await Assert.ThrowsAsync<RpcException>(() => BookAsync("court", slot));

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Equal("booking.end_time", Assert.Single(FieldViolations(e)).Field);
    }

    [Fact]
    public async Task An_unknown_facility_is_not_found()
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => BookAsync("nowhere", Slot(Tomorrow, 10)));

        Assert.Equal(StatusCode.NotFound, e.StatusCode);
    }

    [Theory]
    [InlineData(7, 1, "OUTSIDE_OPENING_HOURS")] // opens at 08:00
    [InlineData(21, 2, "OUTSIDE_OPENING_HOURS")] // runs past 22:00
    [InlineData(10, 3, "TOO_MANY_SLOTS")] // at most 2 slots
    public async Task A_slot_outside_what_the_facility_offers_is_refused(int hour, int hours, string reason)
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => BookAsync("court", Slot(Tomorrow, hour, hours)));

        Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
        Assert.Equal(reason, Reason(e));
        Assert.Equal(0, await BookingCountAsync());
    }

    [Fact]
    public async Task A_booking_off_the_slot_grid_is_refused()
    {
        var slot = Slot(Tomorrow, 10);
        slot.StartTime = Timestamp.FromDateTimeOffset(slot.StartTime.ToDateTimeOffset().AddMinutes(30));
        slot.EndTime = Timestamp.FromDateTimeOffset(slot.EndTime.ToDateTimeOffset().AddMinutes(30));

        var e = await Assert.ThrowsAsync<RpcException>(() => BookAsync("court", slot));

        Assert.Equal("NOT_ON_SLOT_BOUNDARY", Reason(e));
    }

    [Fact]
    public async Task A_slot_in_the_past_is_refused()
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => BookAsync("court", Slot(new LocalDate(2026, 6, 10), 8)));

        Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
        Assert.Equal("IN_THE_PAST", Reason(e));
    }

    [Fact]
    public async Task A_slot_inside_the_minimum_notice_is_too_late()
    {
        // Now is 09:00; 1 h notice closes the 10:00 slot at 09:00 sharp, so 09:30 is too late.
        _f.Clock.AdvanceMinutes(30);

        var e = await Assert.ThrowsAsync<RpcException>(() => BookAsync("court", Slot(new LocalDate(2026, 6, 10), 10)));

        Assert.Equal("TOO_LATE", Reason(e));
        Assert.Equal("2026-06-10T01:00:00Z", e.GetRpcStatus()!.GetDetail<Google.Rpc.ErrorInfo>()!.Metadata["latest_booking_time"]);
    }

    [Fact]
    public async Task A_day_beyond_the_horizon_opens_at_the_release_time_and_not_before()
    {
        // 2026-06-17 opens 7 days earlier at 08:00 local: 2026-06-10T00:00Z, i.e. one hour before "now"; 06-18 opens tomorrow.
        var e = await Assert.ThrowsAsync<RpcException>(() => BookAsync("court", Slot(new LocalDate(2026, 6, 18), 10)));
        Assert.Equal("TOO_FAR_AHEAD", Reason(e));
        Assert.Equal("2026-06-11T00:00:00Z", e.GetRpcStatus()!.GetDetail<Google.Rpc.ErrorInfo>()!.Metadata["release_time"]);

        _f.Clock.Reset(Instant.FromUtc(2026, 6, 11, 0, 0));
        var booking = await BookAsync("court", Slot(new LocalDate(2026, 6, 18), 10));
        Assert.Equal(Booking.Types.State.Confirmed, booking.State);
    }

    [Fact]
    public async Task A_taken_exclusive_slot_is_full_and_an_adjacent_one_is_not()
    {
        await BookAsync("court", Slot(Tomorrow, 10), "resident:r1");

        var e = await Assert.ThrowsAsync<RpcException>(() => BookAsync("court", Slot(Tomorrow, 10), "resident:r2"));
        Assert.Equal("SLOT_FULL", Reason(e));
        var overlapping = await Assert.ThrowsAsync<RpcException>(() => BookAsync("court", Slot(Tomorrow, 9, 2), "resident:r2"));
        Assert.Equal("SLOT_FULL", Reason(overlapping));
        Assert.Equal(Booking.Types.State.Confirmed, (await BookAsync("court", Slot(Tomorrow, 11), "resident:r2")).State);
    }

    [Fact]
    public async Task A_shared_facility_fills_place_by_place()
    {
        await BookAsync("gym", Slot(Tomorrow, 10, partySize: 2), "resident:r1");

        var tooMany = await Assert.ThrowsAsync<RpcException>(() => BookAsync("gym", Slot(Tomorrow, 10, partySize: 2), "resident:r2"));
        Assert.Equal("SLOT_FULL", Reason(tooMany));
        Assert.Equal("1", tooMany.GetRpcStatus()!.GetDetail<Google.Rpc.ErrorInfo>()!.Metadata["remaining_places"]);
        await BookAsync("gym", Slot(Tomorrow, 10, partySize: 1), "resident:r2");
        Assert.Equal(2, await BookingCountAsync());
    }

    [Fact]
    public async Task A_party_larger_than_a_shared_facility_is_refused()
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => BookAsync("gym", Slot(Tomorrow, 10, partySize: 4)));

        Assert.Equal("PARTY_TOO_LARGE", Reason(e));
    }

    [Fact]
    public async Task Booking_the_whole_blocks_its_parts_and_a_part_blocks_the_whole()
    {
        await FacilityAsync(_f, "hall", OpenDaily("体育馆", 1));
        var east = OpenDaily("东半场", 1);
        east.ParentFacility = "facilities/hall";
        await FacilityAsync(_f, "hall-east", east);
        var west = OpenDaily("西半场", 1);
        west.ParentFacility = "facilities/hall";
        await FacilityAsync(_f, "hall-west", west);

        await BookAsync("hall", Slot(Tomorrow, 10), "resident:r1");
        var partBlocked = await Assert.ThrowsAsync<RpcException>(() => BookAsync("hall-east", Slot(Tomorrow, 10), "resident:r2"));
        Assert.Equal("RELATED_FACILITY_BOOKED", Reason(partBlocked));

        await BookAsync("hall-east", Slot(Tomorrow, 12), "resident:r2");
        await BookAsync("hall-west", Slot(Tomorrow, 12), "resident:r3");
        var wholeBlocked = await Assert.ThrowsAsync<RpcException>(() => BookAsync("hall", Slot(Tomorrow, 12), "resident:r4"));
        Assert.Equal("RELATED_FACILITY_BOOKED", Reason(wholeBlocked));
    }

    [Fact]
    public async Task A_blackout_closes_the_facility()
    {
        await _f.Facilities().CreateBlackoutAsync(new CreateBlackoutRequest
        {
            Parent = "facilities/court",
            Blackout = new Blackout
            {
                StartTime = Slot(Tomorrow, 9).StartTime,
                EndTime = Slot(Tomorrow, 12).StartTime,
                Reason = Blackout.Types.Reason.Exam,
            },
        });

        var e = await Assert.ThrowsAsync<RpcException>(() => BookAsync("court", Slot(Tomorrow, 10)));

        Assert.Equal("BLACKED_OUT", Reason(e));
    }

    [Fact]
    public async Task Per_resident_limits_count_active_and_weekly_bookings()
    {
        var rules = DefaultRules();
        rules.MaxActiveBookings = 2;
        rules.MaxBookingsPerWeek = 2;
        await FacilityAsync(_f, "pitch", OpenDaily("足球场", 1, rules));
        var cancelled = await BookAsync("pitch", Slot(Tomorrow, 10));
        await BookAsync("pitch", Slot(Tomorrow, 12));

        var active = await Assert.ThrowsAsync<RpcException>(() => BookAsync("pitch", Slot(Tomorrow, 14)));
        Assert.Equal("ACTIVE_BOOKING_LIMIT_REACHED", Reason(active));

        // A cancelled booking frees an active place but still counts against neither limit.
        await _f.Bookings().CancelBookingAsync(new CancelBookingRequest { Name = cancelled.Name });
        await BookAsync("pitch", Slot(Tomorrow, 14));
        _f.Clock.Reset(Instant.FromUtc(2026, 6, 11, 10, 0)); // after tomorrow's bookings end: no longer active
        var weekly = await Assert.ThrowsAsync<RpcException>(() => BookAsync("pitch", Slot(new LocalDate(2026, 6, 12), 10)));
        Assert.Equal("WEEKLY_BOOKING_LIMIT_REACHED", Reason(weekly));
        Assert.Equal(Booking.Types.State.Confirmed, (await BookAsync("pitch", Slot(new LocalDate(2026, 6, 15), 10))).State);
    }

    [Fact]
    public async Task Every_broken_rule_is_told_at_once()
    {
        await BookAsync("court", Slot(Tomorrow, 20), "resident:r2");

        // Past 22:00, two slots, already taken at 20:00-21:00.
        var e = await Assert.ThrowsAsync<RpcException>(() => BookAsync("court", Slot(Tomorrow, 20, 3)));

        Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
        Assert.Equal(["OUTSIDE_OPENING_HOURS", "SLOT_FULL"], RuleReasons(e).Order());
    }

    [Fact]
    public async Task Slots_follow_the_wall_clock_across_a_DST_change()
    {
        var london = OpenDaily("Court in London", 1);
        london.TimeZone = "Europe/London";
        london.WeeklyWindows.Clear();
        london.WeeklyWindows.Add(new WeeklyWindow
        {
            DayOfWeek = Google.Type.DayOfWeek.Sunday,
            StartTime = new Google.Type.TimeOfDay { Hours = 0 },
            EndTime = new Google.Type.TimeOfDay { Hours = 4 },
        });
        london.Rules.BookingHorizonDays = 366;
        london.Rules.MinimumNotice = new Google.Protobuf.WellKnownTypes.Duration();
        await FacilityAsync(_f, "london", london);
        var zone = DateTimeZoneProviders.Tzdb["Europe/London"];

        // 2026-10-25: clocks go back at 02:00 BST, so 00:00-04:00 local is five real hours.
        var slots = await _f.Facilities().ListFacilitySlotsAsync(new ListFacilitySlotsRequest
        {
            Facility = "facilities/london",
            StartDate = new Google.Type.Date { Year = 2026, Month = 10, Day = 25 },
            EndDate = new Google.Type.Date { Year = 2026, Month = 10, Day = 25 },
        });
        Assert.Equal(5, slots.Slots.Count);
        Assert.All(slots.Slots, s => Assert.Equal(3600, s.EndTime.Seconds - s.StartTime.Seconds));

        // The second 01:00 (GMT) can be booked as its own slot, separately from the first (BST).
        var firstOne = new LocalDateTime(2026, 10, 25, 1, 0).InZone(zone, NodaTime.TimeZones.Resolvers.LenientResolver).ToInstant();
        var secondOne = firstOne + NodaTime.Duration.FromHours(1);
        foreach (var start in new[] { firstOne, secondOne })
        {
            var booking = await BookAsync("london", new Booking
            {
                StartTime = ToTimestamp(start),
                EndTime = ToTimestamp(start + NodaTime.Duration.FromHours(1)),
                PartySize = 1,
            });
            Assert.Equal(Booking.Types.State.Confirmed, booking.State);
        }
    }

    [Fact]
    public async Task A_change_to_the_catalogue_applies_to_the_very_next_booking()
    {
        await BookAsync("court", Slot(Tomorrow, 8)); // the facility's rules are now cached

        await _f.Facilities().CreateBlackoutAsync(new CreateBlackoutRequest
        {
            Parent = "facilities/court",
            Blackout = new Blackout { StartTime = Slot(Tomorrow, 10).StartTime, EndTime = Slot(Tomorrow, 11).StartTime, Reason = Blackout.Types.Reason.Maintenance },
        });
        var blackedOut = await Assert.ThrowsAsync<RpcException>(() => BookAsync("court", Slot(Tomorrow, 10)));
        Assert.Equal("BLACKED_OUT", Reason(blackedOut));

        var rules = DefaultRules();
        rules.ApprovalRequired = true;
        await _f.Facilities().UpdateFacilityAsync(new UpdateFacilityRequest
        {
            Facility = new Facility { Name = "facilities/court", Rules = rules },
            UpdateMask = new FieldMask { Paths = { "rules" } },
        });
        Assert.Equal(Booking.Types.State.PendingApproval, (await BookAsync("court", Slot(Tomorrow, 12))).State);
    }
}
