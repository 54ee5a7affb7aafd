using CommunityShare.Contracts;
using CommunityShare.Contracts.V1;
using CommunityShare.Server.Bookings;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using static CommunityShare.Server.Tests.Demo;
using Duration = Google.Protobuf.WellKnownTypes.Duration;

namespace CommunityShare.Server.Tests.Bookings;

/// <summary>
/// The waitlist through the API: who may join, what a freed place does (an offer to the first in
/// line, held, told by text), taking it, letting it lapse, turning it down. "Now" is Wednesday
/// 2026-06-10 09:00 in Shanghai; the slots are tomorrow at 18:00 (1 h notice, so bookable until 17:00).
/// </summary>
public sealed class WaitlistTests : IAsyncLifetime
{
    private static readonly LocalDate Tomorrow = new(2026, 6, 11);

    private readonly ServerFixture _f = new();

    public async Task InitializeAsync()
    {
        await TownAsync(_f);
        await SchoolAsync(_f);
        await FacilityAsync(_f, "court", OpenDaily("篮球场", 1));
        await FacilityAsync(_f, "gym", OpenDaily("健身房", 3));
        var approval = DefaultRules();
        approval.ApprovalRequired = true;
        await FacilityAsync(_f, "hall", OpenDaily("礼堂", 1, approval));
        var shortNotice = DefaultRules();
        shortNotice.MinimumNotice = Duration.FromTimeSpan(TimeSpan.FromMinutes(10));
        await FacilityAsync(_f, "pitch", OpenDaily("足球场", 1, shortNotice));
        var popular = DefaultRules();
        popular.HighDemand = true;
        await FacilityAsync(_f, "badminton", OpenDaily("羽毛球馆", 1, popular));
        await FacilityAsync(_f, "room", OpenDaily("活动室", 50));
        foreach (var resident in new[] { "holder", "first", "second", "third", "other" })
        {
            await _f.AddResidentAsync(resident, "310112101001");
        }
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private static Instant At(LocalDate date, int hour, int minute = 0) => date.At(new LocalTime(hour, minute)).InZoneStrictly(Shanghai).ToInstant();

    private void ClockAt(int hour, int minute) => _f.Clock.Reset(At(Tomorrow, hour, minute));

    private Task<Booking> BookAsync(string resident, string facility = "court", int hour = 18, int hours = 1, int party = 1) =>
        _f.Bookings("resident:" + resident).CreateBookingAsync(new CreateBookingRequest
        {
            Parent = "facilities/" + facility,
            Booking = Slot(Tomorrow, hour, hours, party),
        }).ResponseAsync;

    private static JoinWaitlistRequest Join(string facility = "court", int hour = 18, int hours = 1, int party = 1, LocalDate? date = null)
    {
        var slot = Slot(date ?? Tomorrow, hour, hours, party);
        return new JoinWaitlistRequest
        {
            Parent = "facilities/" + facility,
            WaitlistEntry = new WaitlistEntry { StartTime = slot.StartTime, EndTime = slot.EndTime, PartySize = party },
        };
    }

    /// <summary>Joins, then lets a second pass: the line goes by join time, and the fake clock stands still otherwise.</summary>
    private async Task<WaitlistEntry> JoinAsync(string resident, string facility = "court", int hour = 18, int hours = 1, int party = 1)
    {
        var entry = await _f.Waitlists("resident:" + resident).JoinWaitlistAsync(Join(facility, hour, hours, party));
        _f.Clock.Advance(NodaTime.Duration.FromSeconds(1));
        return entry;
    }

    private Task<WaitlistEntry> GetAsync(string resident, WaitlistEntry entry) =>
        _f.Waitlists("resident:" + resident).GetWaitlistEntryAsync(new GetWaitlistEntryRequest { Name = entry.Name }).ResponseAsync;

    private Task<Booking> CancelAsync(string resident, Booking booking) =>
        _f.Bookings("resident:" + resident).CancelBookingAsync(new CancelBookingRequest { Name = booking.Name }).ResponseAsync;

    private Task<WaitlistEntry> AcceptAsync(string resident, WaitlistEntry entry, string requestId = "") =>
        _f.Waitlists("resident:" + resident).AcceptWaitlistOfferAsync(new AcceptWaitlistOfferRequest { Name = entry.Name, RequestId = requestId }).ResponseAsync;

    private async Task<WaitlistSweepOutcome> SweepAsync()
    {
        await using var scope = _f.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WaitlistSweep>().RunAsync(CancellationToken.None);
    }

    private async Task<IReadOnlyList<OutboxMessage>> OffersToldAsync(string resident) =>
        (await _f.Notifications().ListOutboxMessagesAsync(new ListOutboxMessagesRequest { Recipient = "residents/" + resident }))
        .OutboxMessages.Where(m => m.Template == "waitlist.offer").ToArray();

    /// <summary>Bookings holding places (offers included) on a facility tomorrow at 18:00, read from the database.</summary>
    private Task<int> HoldersAsync(string facility) => _f.WithDbAsync(db =>
    {
        var start = At(Tomorrow, 18);
        return db.Bookings.CountAsync(b => b.FacilityId == facility && b.Start == start
                                            && CommunityShare.Domain.Bookings.Booking.HoldingStates.Contains(b.State));
    });

    [Fact]
    public async Task A_resident_joins_the_line_of_a_full_slot_and_is_told_where_they_stand()
    {
        await BookAsync("holder");

        var first = await JoinAsync("first");
        var second = await JoinAsync("second");

        Assert.Equal((WaitlistEntry.Types.State.Waiting, 1), (first.State, first.Position));
        Assert.Equal((WaitlistEntry.Types.State.Waiting, 2), (second.State, second.Position));
        Assert.StartsWith("facilities/court/waitlistEntries/", first.Name, StringComparison.Ordinal);
        Assert.Equal("residents/first", first.Resident);
        Assert.Equal("测*", first.ResidentDisplayName[..2]);
        Assert.Equal("", first.Booking);
        Assert.Null(first.OfferExpireTime);
    }

    [Fact]
    public async Task A_slot_with_room_for_the_party_is_booked_not_queued_for()
    {
        await BookAsync("holder", "gym", party: 2);

        var e = await Rpc.FailsAsync(StatusCode.FailedPrecondition, "SLOT_NOT_FULL", () => _f.Waitlists("resident:first").JoinWaitlistAsync(Join("gym")));
        var party = await JoinAsync("first", "gym", party: 2);

        Assert.Equal("1", e.GetRpcStatus()!.GetDetail<Google.Rpc.ErrorInfo>()!.Metadata["remaining_places"]);
        Assert.Equal(WaitlistEntry.Types.State.Waiting, party.State); // full for a party of two
    }

    [Fact]
    public async Task Every_rule_a_join_breaks_is_told_at_once()
    {
        await BookAsync("holder");
        await JoinAsync("first");

        // Already holding it, in the past and not full: all of it in one answer.
        var past = await Assert.ThrowsAsync<RpcException>(() =>
            _f.Waitlists("resident:first").JoinWaitlistAsync(Join("room", date: new LocalDate(2026, 6, 9))).ResponseAsync);
        var holding = await Rpc.FailsAsync(StatusCode.FailedPrecondition, "ALREADY_BOOKED", () => _f.Waitlists("resident:holder").JoinWaitlistAsync(Join()));
        var again = await Rpc.FailsAsync(StatusCode.FailedPrecondition, "ALREADY_WAITING", () => _f.Waitlists("resident:first").JoinWaitlistAsync(Join()));
        var overlapping = await Rpc.FailsAsync(StatusCode.FailedPrecondition, "ALREADY_WAITING", () =>
            _f.Waitlists("resident:first").JoinWaitlistAsync(Join(hour: 17, hours: 2)));

        Assert.Equal(["IN_THE_PAST", "SLOT_NOT_FULL"], RuleReasons(past));
        Assert.Equal(["ALREADY_BOOKED"], RuleReasons(holding));
        Assert.Equal(["ALREADY_WAITING"], RuleReasons(again));
        Assert.Contains("ALREADY_WAITING", RuleReasons(overlapping));
    }

    [Fact]
    public async Task Bad_input_is_told_field_by_field_and_staff_do_not_queue()
    {
        await Rpc.InvalidAsync(() => _f.Waitlists("resident:first").JoinWaitlistAsync(new JoinWaitlistRequest
            {
                Parent = "courts/x",
                WaitlistEntry = new WaitlistEntry { PartySize = 0 },
                RequestId = "not a request id",
            }),
            ("parent", "INVALID_FORMAT"), ("waitlist_entry.start_time", "REQUIRED"), ("waitlist_entry.end_time", "REQUIRED"),
            ("waitlist_entry.party_size", "OUT_OF_RANGE"), ("request_id", "INVALID_FORMAT"));
        await Rpc.NotAllowedAsync(() => _f.Waitlists("staff:admin").JoinWaitlistAsync(Join()));
        await Rpc.NotAllowedAsync(() => _f.Waitlists("resident:second").JoinWaitlistAsync(new JoinWaitlistRequest(Join())
        {
            WaitlistEntry = new WaitlistEntry(Join().WaitlistEntry) { Resident = "residents/first" },
        }));
        await Rpc.NotFoundAsync(() => _f.Waitlists("resident:first").JoinWaitlistAsync(Join("no-such-court")));
    }

    [Fact]
    public async Task A_resident_waits_in_a_few_lines_at_most()
    {
        foreach (var hour in new[] { 10, 11, 12, 13 })
        {
            await BookAsync("holder", hour: hour);
        }
        foreach (var hour in new[] { 10, 11, 12 })
        {
            await JoinAsync("first", hour: hour);
        }

        var e = await Rpc.FailsAsync(StatusCode.FailedPrecondition, "WAITLIST_LIMIT_REACHED", () =>
            _f.Waitlists("resident:first").JoinWaitlistAsync(Join(hour: 13)));

        Assert.Equal("3", e.GetRpcStatus()!.GetDetail<Google.Rpc.ErrorInfo>()!.Metadata["max_waitlist_entries"]);
    }

    [Fact]
    public async Task A_retried_join_puts_the_resident_in_line_once()
    {
        await BookAsync("holder");
        var request = Join();
        request.RequestId = Guid.NewGuid().ToString();

        var once = await _f.Waitlists("resident:first").JoinWaitlistAsync(request);
        var twice = await _f.Waitlists("resident:first").JoinWaitlistAsync(request);

        Assert.Equal(once.Name, twice.Name);
        Assert.Single((await _f.Waitlists("resident:first").ListWaitlistEntriesAsync(new ListWaitlistEntriesRequest { Parent = "facilities/-" }))
            .WaitlistEntries);
    }

    [Fact]
    public async Task A_cancellation_offers_the_place_to_the_first_in_line_holds_it_for_them_and_tells_them()
    {
        var held = await BookAsync("holder");
        var first = await JoinAsync("first");
        var second = await JoinAsync("second");

        var now = _f.Clock.GetCurrentInstant();
        await CancelAsync("holder", held);
        var offered = await GetAsync("first", first);
        var behind = await GetAsync("second", second);
        var hold = await _f.Bookings("resident:first").GetBookingAsync(new GetBookingRequest { Name = offered.Booking });

        Assert.Equal(WaitlistEntry.Types.State.Offered, offered.State);
        Assert.Equal(now + NodaTime.Duration.FromMinutes(30), offered.OfferExpireTime.ToInstant());
        Assert.Equal(now, offered.OfferTime.ToInstant());
        Assert.Equal((Booking.Types.State.Offered, "residents/first"), (hold.State, hold.Resident));
        Assert.Equal((WaitlistEntry.Types.State.Waiting, 1), (behind.State, behind.Position));
        // The place is held: nobody else can book it in between.
        await Rpc.FailsAsync(StatusCode.FailedPrecondition, "SLOT_FULL", () => _f.Bookings("resident:other").CreateBookingAsync(new CreateBookingRequest
        {
            Parent = "facilities/court",
            Booking = Slot(Tomorrow, 18),
        }));
        Assert.Equal(1, await HoldersAsync("court"));
        var told = Assert.Single(await OffersToldAsync("first"));
        Assert.Contains("/waitlist", told.Text, StringComparison.Ordinal);
        Assert.Contains("09:30", told.Text, StringComparison.Ordinal); // the deadline, local time
        Assert.StartsWith("137", told.Address, StringComparison.Ordinal);
        Assert.Empty(await OffersToldAsync("second"));
    }

    [Fact]
    public async Task Taking_the_offer_in_time_makes_it_the_residents_confirmed_booking()
    {
        var held = await BookAsync("holder");
        var first = await JoinAsync("first");
        await CancelAsync("holder", held);
        _f.Clock.Advance(NodaTime.Duration.FromMinutes(29));

        var requestId = Guid.NewGuid().ToString();
        var accepted = await AcceptAsync("first", first, requestId);
        var retried = await AcceptAsync("first", first, requestId);
        var booking = await _f.Bookings("resident:first").GetBookingAsync(new GetBookingRequest { Name = accepted.Booking });

        Assert.Equal(WaitlistEntry.Types.State.Accepted, accepted.State);
        Assert.Equal(accepted.Etag, retried.Etag);
        Assert.Equal(Booking.Types.State.Confirmed, booking.State);
        Assert.Equal(Slot(Tomorrow, 18).StartTime, booking.StartTime);
        Assert.Matches("^[A-Z0-9]{8}$", booking.CheckInCode);
        Assert.Equal(1, await HoldersAsync("court"));
        await Rpc.FailsAsync(StatusCode.FailedPrecondition, "STATE_DOES_NOT_ALLOW", () =>
            _f.Waitlists("resident:first").AcceptWaitlistOfferAsync(new AcceptWaitlistOfferRequest { Name = first.Name }));
    }

    [Fact]
    public async Task Taking_an_offer_passes_the_districts_quotas_with_the_held_place_counted_once()
    {
        var held = await BookAsync("holder");
        var first = await JoinAsync("first");
        // Four more peak bookings this week (18:00–21:00 on weekdays): the district's default allows four.
        var others = new List<Booking>();
        foreach (var (day, hour) in new[] { (0, 19), (0, 20), (1, 19), (1, 20) })
        {
            others.Add(await _f.Bookings("resident:first").CreateBookingAsync(new CreateBookingRequest
            {
                Parent = "facilities/room",
                Booking = Slot(Tomorrow.PlusDays(day), hour),
            }));
        }
        await CancelAsync("holder", held);

        var refused = await Rpc.FailsAsync(StatusCode.FailedPrecondition, "QUOTA_REACHED", () => _f.Waitlists("resident:first").AcceptWaitlistOfferAsync(new AcceptWaitlistOfferRequest { Name = first.Name }));
        Assert.Equal("peak-per-resident-week", refused.GetRpcStatus()!.GetDetail<Google.Rpc.ErrorInfo>()!.Metadata["quota"]);
        Assert.Equal(WaitlistEntry.Types.State.Offered, (await GetAsync("first", first)).State);

        // With one of them given up, the offer fits: the held place is not counted against itself.
        await CancelAsync("first", others[^1]);
        var accepted = await AcceptAsync("first", first);
        Assert.Equal(WaitlistEntry.Types.State.Accepted, accepted.State);
    }

    [Fact]
    public async Task Only_the_resident_takes_their_offer()
    {
        var held = await BookAsync("holder");
        var first = await JoinAsync("first");
        await CancelAsync("holder", held);

        await Rpc.NotAllowedAsync(() => _f.Waitlists("resident:second").AcceptWaitlistOfferAsync(new AcceptWaitlistOfferRequest { Name = first.Name }));
        await Rpc.NotAllowedAsync(() => _f.Waitlists("staff:admin").AcceptWaitlistOfferAsync(new AcceptWaitlistOfferRequest { Name = first.Name }));
        // The held place is not a booking to cancel: the offer is turned down on the waitlist.
        var hold = (await GetAsync("first", first)).Booking;
        await Rpc.FailsAsync(StatusCode.FailedPrecondition, "STATE_DOES_NOT_ALLOW", () =>
            _f.Bookings("resident:first").CancelBookingAsync(new CancelBookingRequest { Name = hold }));
    }

    [Fact]
    public async Task An_offer_not_taken_in_time_expires_and_the_place_moves_on_to_the_next_in_line()
    {
        var held = await BookAsync("holder");
        var first = await JoinAsync("first");
        var second = await JoinAsync("second");
        await CancelAsync("holder", held);
        var hold = (await GetAsync("first", first)).Booking;
        _f.Clock.Advance(NodaTime.Duration.FromMinutes(30));

        var late = await Rpc.FailsAsync(StatusCode.FailedPrecondition, "OFFER_EXPIRED", () =>
            _f.Waitlists("resident:first").AcceptWaitlistOfferAsync(new AcceptWaitlistOfferRequest { Name = first.Name }));
        var swept = await SweepAsync();
        var expired = await GetAsync("first", first);
        var next = await GetAsync("second", second);

        Assert.Equal(new WaitlistSweepOutcome(1, 1), swept);
        Assert.Equal(WaitlistEntry.Types.State.Expired, expired.State);
        Assert.Equal("", expired.Booking);
        await Rpc.NotFoundAsync(() => _f.Bookings("resident:first").GetBookingAsync(new GetBookingRequest { Name = hold }));
        Assert.Equal(WaitlistEntry.Types.State.Offered, next.State);
        Assert.Equal(_f.Clock.GetCurrentInstant() + NodaTime.Duration.FromMinutes(30), next.OfferExpireTime.ToInstant());
        Assert.Single(await OffersToldAsync("second"));
        Assert.Equal(1, await HoldersAsync("court"));
        Assert.Equal(new WaitlistSweepOutcome(0, 0), await SweepAsync());
        _ = late;
    }

    [Fact]
    public async Task Turning_an_offer_down_passes_the_place_on_at_once_and_leaving_the_line_frees_nothing()
    {
        var held = await BookAsync("holder");
        var first = await JoinAsync("first");
        var second = await JoinAsync("second");
        var third = await JoinAsync("third");
        await CancelAsync("holder", held);

        var declined = await _f.Waitlists("resident:first").WithdrawWaitlistEntryAsync(new WithdrawWaitlistEntryRequest { Name = first.Name });
        var left = await _f.Waitlists("resident:third").WithdrawWaitlistEntryAsync(new WithdrawWaitlistEntryRequest { Name = third.Name });
        var next = await GetAsync("second", second);

        Assert.Equal((WaitlistEntry.Types.State.Withdrawn, WaitlistEntry.Types.State.Withdrawn), (declined.State, left.State));
        Assert.Equal(WaitlistEntry.Types.State.Offered, next.State);
        Assert.Equal(1, await HoldersAsync("court"));
        await Rpc.FailsAsync(StatusCode.FailedPrecondition, "STATE_DOES_NOT_ALLOW", () =>
            _f.Waitlists("resident:first").WithdrawWaitlistEntryAsync(new WithdrawWaitlistEntryRequest { Name = first.Name }));
    }

    [Fact]
    public async Task A_freed_place_goes_to_the_first_whose_party_fits_and_the_larger_party_keeps_its_place_in_line()
    {
        await BookAsync("holder", "gym", party: 2);
        var leaving = await BookAsync("other", "gym", party: 1);
        var pair = await JoinAsync("first", "gym", party: 2);
        var single = await JoinAsync("second", "gym", party: 1);

        await CancelAsync("other", leaving);

        Assert.Equal((WaitlistEntry.Types.State.Waiting, 1), ((await GetAsync("first", pair)).State, (await GetAsync("first", pair)).Position));
        Assert.Equal(WaitlistEntry.Types.State.Offered, (await GetAsync("second", single)).State);
    }

    [Fact]
    public async Task A_declined_request_offers_its_place_and_the_offer_taken_waits_for_approval_like_any_request()
    {
        var request = await BookAsync("holder", "hall");
        var first = await JoinAsync("first", "hall");

        await _f.Bookings("staff:admin").DeclineBookingAsync(new DeclineBookingRequest { Name = request.Name, Reason = "场地维修" });
        var accepted = await AcceptAsync("first", first);
        var booking = await _f.Bookings("resident:first").GetBookingAsync(new GetBookingRequest { Name = accepted.Booking });

        Assert.Equal(Booking.Types.State.PendingApproval, booking.State);
        Assert.Equal("FACILITY_REQUIRES_APPROVAL", booking.ApprovalReason);
    }

    [Fact]
    public async Task A_no_show_released_offers_what_is_left_of_a_long_booking_to_the_line()
    {
        // The pitch needs 10 minutes' notice: at 10:16 the 11:00 hour can still be offered until 10:46.
        await BookAsync("holder", "pitch", hour: 10, hours: 2);
        var later = await JoinAsync("first", "pitch", hour: 11);
        ClockAt(10, 16);

        await using (var scope = _f.Services.CreateAsyncScope())
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<NoShowRelease>().RunAsync(CancellationToken.None));
        }
        var offered = await GetAsync("first", later);

        Assert.Equal(WaitlistEntry.Types.State.Offered, offered.State);
        Assert.Equal(At(Tomorrow, 10, 46), offered.OfferExpireTime.ToInstant());
    }

    [Fact]
    public async Task Close_to_the_start_the_offer_is_cut_short_by_the_notice_and_without_time_left_the_place_is_simply_freed()
    {
        var early = await BookAsync("holder", hour: 18);
        var late = await BookAsync("holder", hour: 19);
        var soon = await JoinAsync("first", hour: 18);
        var tooSoon = await JoinAsync("second", hour: 19);

        ClockAt(16, 40); // bookable until 17:00: a 20-minute offer
        await CancelAsync("holder", early);
        ClockAt(17, 57); // bookable until 18:00: 3 minutes are no offer
        await CancelAsync("holder", late);

        var cut = await GetAsync("first", soon);
        Assert.Equal((WaitlistEntry.Types.State.Offered, At(Tomorrow, 17)), (cut.State, cut.OfferExpireTime.ToInstant()));
        Assert.Equal(WaitlistEntry.Types.State.Closed, (await GetAsync("second", tooSoon)).State);
        Assert.Empty(await OffersToldAsync("second"));
    }

    [Fact]
    public async Task The_sweep_closes_lines_too_close_to_their_slot_and_offers_places_freed_by_a_larger_capacity()
    {
        await BookAsync("holder", "gym", party: 3);
        await BookAsync("holder", "gym", hour: 10, party: 3);
        var evening = await JoinAsync("first", "gym");
        var morning = await JoinAsync("second", "gym", hour: 10);
        await _f.Facilities().UpdateFacilityAsync(new UpdateFacilityRequest
        {
            Facility = new Facility { Name = "facilities/gym", Capacity = 4 },
            UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "capacity" } },
        });
        ClockAt(9, 0);

        var swept = await SweepAsync();

        Assert.Equal(new WaitlistSweepOutcome(0, 1), swept);
        Assert.Equal(WaitlistEntry.Types.State.Offered, (await GetAsync("first", evening)).State);
        Assert.Equal(WaitlistEntry.Types.State.Closed, (await GetAsync("second", morning)).State);
    }

    [Fact]
    public async Task A_resident_barred_by_their_credit_record_is_passed_over_in_line_and_cannot_join_another()
    {
        var held = await BookAsync("holder", "badminton");
        await BookAsync("holder", "badminton", hour: 19);
        var barredEntry = await JoinAsync("first", "badminton");
        var next = await JoinAsync("second", "badminton");
        // Three no-shows today bar "first" from high-demand facilities (the default policy).
        var today = ServerFixture.DefaultNow.InZone(Shanghai).Date;
        foreach (var hour in new[] { 11, 12, 13 })
        {
            await _f.Bookings("resident:first").CreateBookingAsync(new CreateBookingRequest { Parent = "facilities/room", Booking = Slot(today, hour) });
        }
        _f.Clock.Reset(At(today, 14));
        await using (var scope = _f.Services.CreateAsyncScope())
        {
            Assert.Equal(3, await scope.ServiceProvider.GetRequiredService<NoShowRelease>().RunAsync(CancellationToken.None));
        }

        await CancelAsync("holder", held);
        var barred = await Rpc.FailsAsync(StatusCode.FailedPrecondition, "CREDIT_BARRED", () =>
            _f.Waitlists("resident:first").JoinWaitlistAsync(Join("badminton", hour: 19)));

        Assert.Equal(["CREDIT_BARRED"], RuleReasons(barred));
        Assert.Equal((WaitlistEntry.Types.State.Waiting, 1), ((await GetAsync("first", barredEntry)).State, (await GetAsync("first", barredEntry)).Position));
        Assert.Equal(WaitlistEntry.Types.State.Offered, (await GetAsync("second", next)).State);
    }

    [Fact]
    public async Task Residents_list_their_own_entries_and_staff_the_line_of_a_facility_with_names_masked()
    {
        await BookAsync("holder");
        await JoinAsync("first");
        await JoinAsync("second");

        var mine = await _f.Waitlists("resident:second").ListWaitlistEntriesAsync(new ListWaitlistEntriesRequest { Parent = "facilities/-" });
        var line = await _f.Waitlists("staff:zhao:institution=school-1").ListWaitlistEntriesAsync(new ListWaitlistEntriesRequest
        {
            Parent = "facilities/court",
            PageSize = 1,
        });
        var rest = await _f.Waitlists("staff:zhao:institution=school-1").ListWaitlistEntriesAsync(new ListWaitlistEntriesRequest
        {
            Parent = "facilities/court",
            PageSize = 1,
            PageToken = line.NextPageToken,
        });
        var waiting = await _f.Waitlists("staff:admin").ListWaitlistEntriesAsync(new ListWaitlistEntriesRequest
        {
            Parent = "facilities/-",
            States = { WaitlistEntry.Types.State.Offered },
        });

        Assert.Equal(["residents/second"], mine.WaitlistEntries.Select(e => e.Resident));
        Assert.Equal([("residents/first", 1)], line.WaitlistEntries.Select(e => (e.Resident, e.Position)));
        Assert.Equal([("residents/second", 2)], rest.WaitlistEntries.Select(e => (e.Resident, e.Position)));
        Assert.All(line.WaitlistEntries.Concat(rest.WaitlistEntries), e => Assert.Matches("^测\\*+$", e.ResidentDisplayName));
        Assert.Equal("", rest.NextPageToken);
        Assert.Empty(waiting.WaitlistEntries);
        await Rpc.NotAllowedAsync(() => _f.Waitlists("resident:first").ListWaitlistEntriesAsync(new ListWaitlistEntriesRequest { Parent = "facilities/court" }));
        await Rpc.FailsAsync(StatusCode.PermissionDenied, "NOT_IN_SCOPE", () =>
            _f.Waitlists("staff:qian:institution=school-2").ListWaitlistEntriesAsync(new ListWaitlistEntriesRequest { Parent = "facilities/court" }));
    }

    [Fact]
    public async Task Every_change_to_an_entry_is_on_the_audit_trail()
    {
        var held = await BookAsync("holder");
        var first = await JoinAsync("first");
        await CancelAsync("holder", held);
        await AcceptAsync("first", first);

        var trail = await new AuditService.AuditServiceClient(_f.Channel()).ListAuditEntriesAsync(new ListAuditEntriesRequest { Resource = first.Name });

        Assert.Equal(["waitlist_entry.create", "waitlist_entry.update", "waitlist_entry.update"], trail.AuditEntries.Select(a => a.Action).Reverse());
        Assert.Equal("residents/holder", trail.AuditEntries[1].Actor); // the offer came with the holder's cancellation
    }
}
