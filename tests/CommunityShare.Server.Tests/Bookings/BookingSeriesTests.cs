using CommunityShare.Contracts.V1;
using CommunityShare.Server.Lotteries;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using static CommunityShare.Server.Tests.Demo;
using OccurrenceState = CommunityShare.Contracts.V1.BookingSeries.Types.Occurrence.Types.State;

namespace CommunityShare.Server.Tests.Bookings;

/// <summary>
/// Weekly series through the real gRPC door. It is Wednesday 2026-06-10 09:00; dates are released
/// 7 days ahead at 08:00, so up to Wednesday 2026-06-17 can be booked now and later dates wait for
/// their release.
/// </summary>
public sealed class BookingSeriesTests : IAsyncLifetime
{
    private static readonly LocalDate Today = new(2026, 6, 10);
    private readonly ServerFixture _f = new();

    public async Task InitializeAsync()
    {
        await TownAsync(_f);
        await SchoolAsync(_f);
        await FacilityAsync(_f, "court", OpenDaily("篮球场", 1));
        await _f.AddResidentAsync("r1", "310112101001", "张太极");
        await _f.AddResidentAsync("r2", "310112101001");
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private BookingSeriesService.BookingSeriesServiceClient Series(string actor = "resident:r1") => new(_f.Channel(actor));

    /// <summary>Mondays, Wednesdays and Fridays at 10:00 for an hour, from today for a month, for 8 people.</summary>
    private static BookingSeries TaiChi(LocalDate? first = null, LocalDate? last = null, int hour = 10) => new()
    {
        DisplayName = "太极拳班",
        DaysOfWeek = { Google.Type.DayOfWeek.Monday, Google.Type.DayOfWeek.Wednesday, Google.Type.DayOfWeek.Friday },
        StartTime = new Google.Type.TimeOfDay { Hours = hour },
        Slots = 1,
        FirstDate = Date(first ?? Today),
        LastDate = Date(last ?? Today.PlusDays(30)),
        PartySize = 8,
    };

    private Task<BookingSeries> CreateAsync(BookingSeries series, string facility = "court", string actor = "resident:r1", string requestId = "") =>
        Series(actor).CreateBookingSeriesAsync(new CreateBookingSeriesRequest { Parent = "facilities/" + facility, BookingSeries = series, RequestId = requestId })
            .ResponseAsync;

    private async Task SweepAsync(Instant at)
    {
        _f.Clock.Reset(at);
        await using var scope = _f.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ReleaseSweep>().RunAsync(CancellationToken.None);
    }

    private static Instant Local(LocalDate date, int hour) => date.At(new LocalTime(hour, 0)).InZoneStrictly(Shanghai).ToInstant();

    private static Google.Type.Date Date(LocalDate d) => new() { Year = d.Year, Month = d.Month, Day = d.Day };

    private static LocalDate DateOf(BookingSeries.Types.Occurrence o) => new(o.Date.Year, o.Date.Month, o.Date.Day);

    [Fact]
    public async Task A_series_books_what_it_can_rejects_what_collides_and_schedules_what_is_not_yet_released()
    {
        // r2 holds Friday's slot; a blackout closes a Monday in July.
        await _f.Bookings("resident:r2").CreateBookingAsync(new CreateBookingRequest { Parent = "facilities/court", Booking = Slot(Today.PlusDays(2), 10) });
        await _f.Facilities().CreateBlackoutAsync(new CreateBlackoutRequest
        {
            Parent = "facilities/court",
            Blackout = new Blackout { StartTime = ToTimestamp(Local(new LocalDate(2026, 7, 6), 0)), EndTime = ToTimestamp(Local(new LocalDate(2026, 7, 7), 0)), Reason = Blackout.Types.Reason.Exam },
        });

        var series = await CreateAsync(TaiChi());

        Assert.StartsWith("facilities/court/bookingSeries/", series.Name, StringComparison.Ordinal);
        Assert.Equal(BookingSeries.Types.State.Active, series.State);
        Assert.Equal("Asia/Shanghai", series.TimeZone);
        // 2026-06-10 to 2026-07-10: 14 Mondays, Wednesdays and Fridays, every one listed in order.
        Assert.Equal(14, series.Occurrences.Count);
        Assert.Equal(series.Occurrences.Select(DateOf).Order(), series.Occurrences.Select(DateOf));
        var byDate = series.Occurrences.ToDictionary(DateOf);
        Assert.Equal(OccurrenceState.Booked, byDate[Today].State);
        Assert.Equal(Booking.Types.State.Confirmed, byDate[Today].BookingState);
        Assert.Equal("SLOT_FULL", Assert.Single(byDate[Today.PlusDays(2)].Rejections).Reason);
        Assert.Equal(OccurrenceState.Rejected, byDate[Today.PlusDays(2)].State);
        Assert.Equal(OccurrenceState.Booked, byDate[Today.PlusDays(5)].State);
        Assert.Equal(OccurrenceState.Booked, byDate[Today.PlusDays(7)].State);
        // 2026-06-19 is released on 2026-06-12 at 08:00.
        var friday = byDate[new LocalDate(2026, 6, 19)];
        Assert.Equal(OccurrenceState.Scheduled, friday.State);
        Assert.Equal(ToTimestamp(Local(new LocalDate(2026, 6, 12), 8)), friday.ReleaseTime);
        // Closed that day: rejected now, with the release it would also have waited for.
        var closed = byDate[new LocalDate(2026, 7, 6)];
        Assert.Equal(OccurrenceState.Rejected, closed.State);
        Assert.Equal(["BLACKED_OUT", "TOO_FAR_AHEAD"], closed.Rejections.Select(r => r.Reason).Order(StringComparer.Ordinal));
        Assert.Equal(9, series.Occurrences.Count(o => o.State == OccurrenceState.Scheduled));

        // The bookings are the resident's own, as if booked one by one.
        var booking = await _f.Bookings().GetBookingAsync(new GetBookingRequest { Name = byDate[Today].Booking });
        Assert.Equal("residents/r1", booking.Resident);
        Assert.Equal(8, booking.PartySize);
        Assert.Equal(3, await _f.WithDbAsync(db => db.Bookings.CountAsync(b => b.ResidentId == "r1")));
    }

    [Fact]
    public async Task At_their_release_scheduled_occurrences_are_booked_by_the_same_rules_and_one_someone_else_took_first_is_rejected_and_told()
    {
        var series = await CreateAsync(TaiChi(last: Today.PlusDays(14)));

        // 2026-06-22 is released on 2026-06-15 at 08:00, and r2 books it at that very moment, before the sweep.
        _f.Clock.Reset(Local(new LocalDate(2026, 6, 15), 8));
        await _f.Bookings("resident:r2").CreateBookingAsync(new CreateBookingRequest { Parent = "facilities/court", Booking = Slot(new LocalDate(2026, 6, 22), 10) });
        await SweepAsync(Local(new LocalDate(2026, 6, 15), 8) + Duration.FromSeconds(5));

        var now = await Series().GetBookingSeriesAsync(new GetBookingSeriesRequest { Name = series.Name });
        var byDate = now.Occurrences.ToDictionary(DateOf);
        Assert.Equal(OccurrenceState.Booked, byDate[new LocalDate(2026, 6, 19)].State);
        var taken = byDate[new LocalDate(2026, 6, 22)];
        Assert.Equal(OccurrenceState.Rejected, taken.State);
        Assert.Equal("SLOT_FULL", Assert.Single(taken.Rejections).Reason);
        Assert.Equal(OccurrenceState.Scheduled, byDate[new LocalDate(2026, 6, 24)].State);
        var told = (await _f.Notifications().ListOutboxMessagesAsync(new ListOutboxMessagesRequest { Recipient = "residents/r1" })).OutboxMessages;
        Assert.Equal("series.occurrence_rejected", Assert.Single(told).Template);

        // Running the sweep again changes nothing.
        await SweepAsync(Local(new LocalDate(2026, 6, 15), 9));
        Assert.Equal(now.Occurrences, (await Series().GetBookingSeriesAsync(new GetBookingSeriesRequest { Name = series.Name })).Occurrences);
    }

    [Fact]
    public async Task The_facilitys_limits_count_the_series_own_earlier_occurrences()
    {
        var rules = DefaultRules();
        rules.MaxBookingsPerWeek = 1;
        await FacilityAsync(_f, "limited", OpenDaily("每周一次", 1, rules));

        var series = await CreateAsync(TaiChi(last: Today.PlusDays(7)), "limited");

        // Wednesday 10th is booked; Friday 12th is the second in that week; Monday 15th starts a new week; Wednesday 17th is its second.
        Assert.Equal(
            ["Booked", "Rejected WEEKLY_BOOKING_LIMIT_REACHED", "Booked", "Rejected WEEKLY_BOOKING_LIMIT_REACHED"],
            series.Occurrences.Select(o => $"{o.State} {string.Join(",", o.Rejections.Select(r => r.Reason))}".Trim()));
    }

    [Fact]
    public async Task A_series_nothing_of_which_can_be_booked_is_not_made_and_every_reason_is_told()
    {
        var e = await Rpc.FailsAsync(StatusCode.FailedPrecondition, "NO_OCCURRENCE", () =>
            Series().CreateBookingSeriesAsync(new CreateBookingSeriesRequest { Parent = "facilities/court", BookingSeries = TaiChi(last: Today.PlusDays(20), hour: 23) }));

        // Closed at 23:00 on every date, released or not.
        Assert.Equal(["NO_OCCURRENCE", "OUTSIDE_OPENING_HOURS"], RuleReasons(e));
        Assert.Equal(0, await _f.WithDbAsync(db => db.Set<CommunityShare.Domain.Bookings.BookingSeries>().CountAsync()));
        Assert.Equal(0, await _f.WithDbAsync(db => db.Bookings.CountAsync()));
    }

    [Fact]
    public async Task Every_problem_with_the_request_is_told_at_once()
    {
        var bad = TaiChi(first: Today.PlusDays(10), last: Today);
        bad.DaysOfWeek.Add(Google.Type.DayOfWeek.Monday);
        bad.Slots = 0;
        bad.PartySize = 0;
        bad.StartTime = null;
        bad.DisplayName = new string('班', 51);

        await Rpc.InvalidAsync(() => Series().CreateBookingSeriesAsync(new CreateBookingSeriesRequest { Parent = "facilities/court", BookingSeries = bad }),
            ("booking_series.days_of_week", "OUT_OF_RANGE"), ("booking_series.slots", "OUT_OF_RANGE"), ("booking_series.last_date", "OUT_OF_RANGE"),
            ("booking_series.party_size", "OUT_OF_RANGE"), ("booking_series.start_time", "REQUIRED"), ("booking_series.display_name", "TOO_LONG"));
    }

    [Fact]
    public async Task A_series_that_starts_in_the_past_is_refused()
    {
        await Rpc.InvalidAsync(() => Series().CreateBookingSeriesAsync(new CreateBookingSeriesRequest { Parent = "facilities/court", BookingSeries = TaiChi(first: Today.PlusDays(-1)) }),
            ("booking_series.first_date", "OUT_OF_RANGE"));
    }

    [Fact]
    public async Task A_retry_with_the_same_request_id_makes_one_series_however_many_arrive_at_once()
    {
        var id = Guid.NewGuid().ToString();

        var made = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => CreateAsync(TaiChi(last: Today.PlusDays(7)), requestId: id)));

        Assert.Single(made.Select(s => s.Name).Distinct());
        Assert.Equal(1, await _f.WithDbAsync(db => db.Set<CommunityShare.Domain.Bookings.BookingSeries>().CountAsync()));
        Assert.Equal(4, await _f.WithDbAsync(db => db.Bookings.CountAsync()));
    }

    [Fact]
    public async Task Cancelling_the_rest_cancels_booked_and_scheduled_occurrences_from_that_date_and_a_late_one_goes_on_the_record()
    {
        var series = await CreateAsync(TaiChi());

        var cancelled = await Series().CancelBookingSeriesAsync(new CancelBookingSeriesRequest
        {
            Name = series.Name,
            Date = Date(Today),
            Extent = CancelBookingSeriesRequest.Types.Extent.ThisAndFollowing,
            Reason = "场地改建，班级停课",
        });

        Assert.All(cancelled.Occurrences.Where(o => o.State != OccurrenceState.Rejected), o => Assert.Equal(OccurrenceState.Cancelled, o.State));
        Assert.Equal(BookingSeries.Types.State.Cancelled, cancelled.State);
        Assert.Equal(Date(Today), cancelled.CancelledFromDate);
        Assert.Equal(0, await _f.WithDbAsync(db => db.Bookings.CountAsync(b => b.State != CommunityShare.Domain.Bookings.BookingState.Cancelled)));
        // Today's 10:00 is past its free-cancellation deadline (08:00): a late cancellation, as CancelBooking would record.
        var record = await new CreditService.CreditServiceClient(_f.Channel("resident:r1")).GetCreditRecordAsync(new GetCreditRecordRequest { Name = "residents/r1/creditRecord" });
        Assert.Equal(CreditEvent.Types.Kind.LateCancellation, Assert.Single(record.Events).Kind);
        // Nothing is left to run at a release.
        await SweepAsync(Local(new LocalDate(2026, 7, 3), 8));
        Assert.Equal(0, await _f.WithDbAsync(db => db.Bookings.CountAsync(b => b.State != CommunityShare.Domain.Bookings.BookingState.Cancelled)));
    }

    [Fact]
    public async Task Cancelling_from_a_later_date_keeps_what_comes_before()
    {
        var series = await CreateAsync(TaiChi());

        var cancelled = await Series().CancelBookingSeriesAsync(new CancelBookingSeriesRequest { Name = series.Name, Date = Date(new LocalDate(2026, 6, 17)) });

        Assert.Equal(BookingSeries.Types.State.Active, cancelled.State);
        Assert.Equal(
            ["2026-06-10 Booked", "2026-06-12 Booked", "2026-06-15 Booked", "2026-06-17 Cancelled", "2026-06-19 Cancelled"],
            cancelled.Occurrences.Take(5).Select(o => $"{DateOf(o):yyyy-MM-dd} {o.State}"));
    }

    [Fact]
    public async Task One_occurrence_is_cancelled_alone_by_the_series_or_as_its_booking()
    {
        var series = await CreateAsync(TaiChi());
        var booked = series.Occurrences[1];
        var scheduled = series.Occurrences[5];

        await _f.Bookings().CancelBookingAsync(new CancelBookingRequest { Name = booked.Booking, Reason = "下雨" });
        var after = await Series().CancelBookingSeriesAsync(new CancelBookingSeriesRequest
        {
            Name = series.Name,
            Date = scheduled.Date,
            Extent = CancelBookingSeriesRequest.Types.Extent.OnlyThis,
        });

        Assert.Equal(
            [OccurrenceState.Booked, OccurrenceState.Cancelled, OccurrenceState.Booked, OccurrenceState.Booked, OccurrenceState.Scheduled, OccurrenceState.Cancelled,
                OccurrenceState.Scheduled],
            after.Occurrences.Take(7).Select(o => o.State));
        // Once more is a state that does not allow it; a date the series does not meet is not one of its occurrences.
        await Rpc.FailsAsync(StatusCode.FailedPrecondition, "STATE_DOES_NOT_ALLOW", () => Series().CancelBookingSeriesAsync(new CancelBookingSeriesRequest
        {
            Name = series.Name, Date = scheduled.Date, Extent = CancelBookingSeriesRequest.Types.Extent.OnlyThis,
        }));
        await Rpc.InvalidAsync(() => Series().CancelBookingSeriesAsync(new CancelBookingSeriesRequest
        {
            Name = series.Name, Date = Date(Today.PlusDays(1)), Extent = CancelBookingSeriesRequest.Types.Extent.OnlyThis,
        }), ("date", "OUT_OF_RANGE"));
    }

    [Fact]
    public async Task Counter_staff_make_a_series_for_a_resident_only_saying_how_the_resident_consented()
    {
        var series = TaiChi(last: Today.PlusDays(7));
        series.Resident = "residents/r1";
        series.PartySize = 0;

        // Without the consent, and with a bad party size: both at once.
        await Rpc.InvalidAsync(() => Series("staff:clerk:office=310112101").CreateBookingSeriesAsync(new CreateBookingSeriesRequest { Parent = "facilities/court", BookingSeries = series }),
            ("booking_series.party_size", "OUT_OF_RANGE"), ("booking_series.proxy_consent.method", "CONSENT_REQUIRED"));

        series.PartySize = 6;
        series.ProxyConsent = new ProxyConsent { Method = ProxyConsent.Types.Method.InPerson, Note = "本人到场" };
        var made = await CreateAsync(series, actor: "staff:clerk:office=310112101");

        Assert.Equal("staff/clerk", made.CreatedBy);
        Assert.Equal(ProxyConsent.Types.Method.InPerson, made.ProxyConsent.Method);
        var booking = await _f.Bookings().GetBookingAsync(new GetBookingRequest { Name = made.Occurrences[0].Booking });
        Assert.Equal(("staff/clerk", ProxyConsent.Types.Method.InPerson), (booking.CreatedBy, booking.ProxyConsent.Method));
        // The resident sees it among their own.
        var mine = await Series().ListBookingSeriesAsync(new ListBookingSeriesRequest { Parent = "facilities/-", Resident = "residents/r1" });
        Assert.Equal(made.Name, Assert.Single(mine.BookingSeries).Name);
    }

    [Fact]
    public async Task A_resident_lists_their_own_series_newest_first_page_by_page()
    {
        var first = await CreateAsync(TaiChi(last: Today.PlusDays(7)));
        _f.Clock.Advance(Duration.FromMinutes(1));
        var second = await CreateAsync(TaiChi(last: Today.PlusDays(7), hour: 14));
        await CreateAsync(TaiChi(last: Today.PlusDays(7), hour: 16), actor: "resident:r2");

        var page = await Series().ListBookingSeriesAsync(new ListBookingSeriesRequest { Parent = "facilities/-", PageSize = 1 });
        var next = await Series().ListBookingSeriesAsync(new ListBookingSeriesRequest { Parent = "facilities/-", PageSize = 1, PageToken = page.NextPageToken });

        Assert.Equal(second.Name, Assert.Single(page.BookingSeries).Name);
        Assert.Equal(first.Name, Assert.Single(next.BookingSeries).Name);
        Assert.Equal("", next.NextPageToken);
    }
}
